import type { AuditChainResult, AuditVerifyResult } from '@dixian/core/api';
import type { Store } from '../db/store.js';
import { auditHash, GENESIS_HASH, type AuditHashInput } from './audit-log.js';

interface StoredAuditRow extends AuditHashInput {
  seq: number;
  hash: string;
}

/**
 * Walk every chain (or those matching `chainPrefix`) in order and recompute each record's hash and link.
 * Streams through a cursor, so memory stays flat however long the log is. A chain stops at its first broken
 * record, which is named by seq; the other chains are still checked.
 */
export async function verifyAuditChains(store: Store, chainPrefix?: string): Promise<AuditVerifyResult> {
  const where = chainPrefix === undefined ? '' : `where chain like $1`;
  const params = chainPrefix === undefined ? [] : [`${chainPrefix.replace(/[\\%_]/g, '\\$&')}%`];
  const results: AuditChainResult[] = [];
  let current: AuditChainResult | undefined;
  let prev = GENESIS_HASH;
  const rows = store.stream<StoredAuditRow>(
    `select seq, chain, at, actor_id as "actorId", actor_username as "actorUsername", actor_role as "actorRole",
       action, target_type as "targetType", target_id as "targetId", request_id as "requestId",
       before, after, detail, prev_hash as "prevHash", hash
     from audit_log ${where} order by chain, seq`,
    params,
  );
  for await (const batch of rows) {
    for (const r of batch) {
      if (!current || current.chain !== r.chain) {
        current = { chain: r.chain, records: 0, ok: true, firstBroken: null };
        results.push(current);
        prev = GENESIS_HASH;
      }
      current.records++;
      if (!current.ok) continue;
      const at = r.at instanceof Date ? r.at : new Date(r.at);
      if (r.prevHash !== prev) {
        current.ok = false;
        current.firstBroken = { seq: Number(r.seq), reason: 'prev_hash_mismatch' };
      } else if (auditHash({ ...r, at }) !== r.hash) {
        current.ok = false;
        current.firstBroken = { seq: Number(r.seq), reason: 'hash_mismatch' };
      }
      prev = r.hash;
    }
  }
  return { ok: results.every((c) => c.ok), chains: results };
}
