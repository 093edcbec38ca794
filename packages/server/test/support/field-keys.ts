import { newKeyFile, parseKeyring, useFieldKeys } from '../../src/security/field-keys.js';

/**
 * Every test process seals with a keyring of its own, made here (setupFiles), as a server makes its key file on
 * first start. The cipher is the default's (SM4); tests of the other cipher and of rotation load their own.
 */
useFieldKeys(parseKeyring(JSON.stringify(newKeyFile('sm4')), undefined));
