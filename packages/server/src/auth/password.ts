import { hash, verify, type Algorithm, type Options } from '@node-rs/argon2';

/** Hashes and checks passwords. One interface, so tests can use cheap parameters and production strong ones. */
export interface PasswordHasher {
  hash(password: string): Promise<string>;
  verify(hashed: string, password: string): Promise<boolean>;
  /**
   * Spend as long as a real check, for a user that does not exist, so the response time does not tell an
   * attacker which usernames are real.
   */
  verifyDummy(password: string): Promise<void>;
}

// const enums cannot be read under isolatedModules; 2 is Algorithm.Argon2id.
const ARGON2ID = 2 as Algorithm;

/** OWASP's argon2id baseline (19 MiB, 2 passes, 1 lane): about 150 ms per hash on this machine. */
const DEFAULT_COST: Options = { algorithm: ARGON2ID, memoryCost: 19_456, timeCost: 2, parallelism: 1 };
/** For tests only: the smallest parameters argon2 accepts, a fraction of a millisecond. */
const LOW_COST: Options = { algorithm: ARGON2ID, memoryCost: 64, timeCost: 1, parallelism: 1 };

/**
 * argon2id hashes in PHC string form; the parameters travel inside the hash, so a hash made with one cost
 * verifies under any hasher.
 */
export function argon2Hasher(opts: { cost?: 'default' | 'low' } = {}): PasswordHasher {
  const options = opts.cost === 'low' ? LOW_COST : DEFAULT_COST;
  let dummy: Promise<string> | undefined;
  return {
    hash: (password) => hash(password, options),
    verify: async (hashed, password) => {
      try {
        return await verify(hashed, password);
      } catch {
        // A malformed stored hash is a failed login, never a crash.
        return false;
      }
    },
    async verifyDummy(password) {
      dummy ??= hash('dixian-dummy-password', options);
      await verify(await dummy, password).catch(() => false);
    },
  };
}
