import { createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify, type KeyObject } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { AuditAnchorCheck } from '@dixian/core/api';
import type { Store } from '../db/store.js';

/**
 * The audit chains' heads anchored outside the database (issue 21 §4). The hash chain shows a changed or removed
 * record by the broken link after it, but not the loss of the newest records: nothing follows them. So on a
 * schedule each chain's head (seq, hash, count) is written to a file in the backup location, signed with an
 * Ed25519 key kept in the data directory, outside the database. Verification then requires every anchored head to
 * be still in the log with the same hash: a deleted tail, or a chain rewritten from some point, is found.
 */

export interface AnchorHead {
  chain: string;
  seq: number;
  hash: string;
  records: number;
}

export interface AnchorFile {
  version: 1;
  at: string;
  heads: AnchorHead[];
  /** base64 Ed25519 signature over the canonical JSON of { version, at, heads } */
  signature: string;
}

const PREFIX = 'audit-anchor-';

/** The signing key: made on first use (owner-only file); its public half is written beside the anchors. */
export function anchorKey(keyFile: string): { privateKey: KeyObject; publicKey: KeyObject } {
  if (!fs.existsSync(keyFile)) {
    fs.mkdirSync(path.dirname(keyFile), { recursive: true });
    const { privateKey } = generateKeyPairSync('ed25519');
    fs.writeFileSync(keyFile, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600, flag: 'wx' });
  }
  const privateKey = createPrivateKey(fs.readFileSync(keyFile));
  return { privateKey, publicKey: createPublicKey(privateKey) };
}

const signedPart = (a: Pick<AnchorFile, 'version' | 'at' | 'heads'>) =>
  Buffer.from(JSON.stringify({ version: a.version, at: a.at, heads: a.heads }));

/** Each chain's newest record and its length. */
export async function chainHeads(store: Store): Promise<AnchorHead[]> {
  const r = await store.transaction((tx) =>
    tx.client.query<{ chain: string; seq: string | number; hash: string; records: string | number }>(
      `select distinct on (chain) chain, seq, hash, count(*) over (partition by chain) as records
         from audit_log order by chain, seq desc`,
    ),
  );
  return r.rows.map((h) => ({ chain: h.chain, seq: Number(h.seq), hash: h.hash, records: Number(h.records) }));
}

/** Write a signed anchor of the current heads into `dir`; returns its path. */
export async function writeAnchor(store: Store, dir: string, keyFile: string, now = new Date()): Promise<string> {
  const { privateKey, publicKey } = anchorKey(keyFile);
  const body = { version: 1 as const, at: now.toISOString(), heads: await chainHeads(store) };
  const anchor: AnchorFile = { ...body, signature: sign(null, signedPart(body), privateKey).toString('base64') };
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${PREFIX}${body.at.replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z')}.json`);
  fs.writeFileSync(`${file}.partial`, JSON.stringify(anchor, null, 2));
  fs.renameSync(`${file}.partial`, file);
  fs.writeFileSync(path.join(dir, 'audit-anchor.pub'), publicKey.export({ type: 'spki', format: 'pem' }));
  return file;
}

/** The newest anchor file in `dir` (names sort by time), or undefined. */
export function latestAnchor(dir: string): string | undefined {
  if (!fs.existsSync(dir)) return undefined;
  const files = fs.readdirSync(dir).filter((f) => f.startsWith(PREFIX) && f.endsWith('.json'));
  return files.length ? path.join(dir, files.sort().at(-1)!) : undefined;
}

/**
 * Check the log against the newest anchor: its signature, then every anchored head still present with its hash.
 * Null when no anchor was ever written (nothing to compare with).
 */
export async function checkAnchor(store: Store, dir: string, keyFile: string): Promise<AuditAnchorCheck | null> {
  const file = latestAnchor(dir);
  if (!file) return null;
  const anchor = JSON.parse(fs.readFileSync(file, 'utf8')) as AnchorFile;
  const { publicKey } = anchorKey(keyFile);
  if (!verify(null, signedPart(anchor), publicKey, Buffer.from(anchor.signature, 'base64'))) {
    return { at: anchor.at, ok: false, problems: [{ chain: '', seq: 0, reason: 'bad_signature' }] };
  }
  const problems: AuditAnchorCheck['problems'] = [];
  const found = await store.transaction((tx) =>
    tx.client.query<{ chain: string; seq: string | number; hash: string }>(
      `select chain, seq, hash from audit_log where seq = any($1::bigint[])`,
      [anchor.heads.map((h) => h.seq)],
    ),
  );
  const bySeq = new Map(found.rows.map((r) => [`${r.chain}:${Number(r.seq)}`, r.hash]));
  for (const h of anchor.heads) {
    const hash = bySeq.get(`${h.chain}:${h.seq}`);
    if (hash === undefined) problems.push({ chain: h.chain, seq: h.seq, reason: 'deleted_after_anchor' });
    else if (hash !== h.hash) problems.push({ chain: h.chain, seq: h.seq, reason: 'hash_differs' });
  }
  return { at: anchor.at, ok: problems.length === 0, problems };
}
