import { createHash } from 'node:crypto';
import type { Actor } from '@dixian/core';
import type { Tx } from '../db/store.js';

/**
 * The append-only, hash-chained audit log (issue 4 §4). Every write and every sensitive read appends one row
 * in the caller's transaction, so a change and its record commit or roll back together. Each county has its
 * own chain ('system' for what has no county), so appends in different counties never wait for each other;
 * within a chain a transaction-scoped advisory lock serialises appenders on PostgreSQL (PGlite has a single
 * session already). Each row's hash covers its content and the previous row's hash, so changing, inserting or
 * deleting a row breaks the chain at that point; `verifyAuditChains` finds it.
 */

export const GENESIS_HASH = '0'.repeat(64);
export const SYSTEM_CHAIN = 'system';

/** What happened, to what, and where. */
export interface AuditEntry {
  /** dotted verb, e.g. 'household.update', 'personal_data.unmask', 'auth.login' */
  action: string;
  targetType?: string | null;
  targetId?: string | null;
  /** the region the target lies in: its county names the chain ('system' when absent or above county level) */
  regionCode?: string | null;
  /** for changes: the changed fields before and after, with personal data masked */
  before?: unknown;
  after?: unknown;
  detail?: unknown;
}

/** Who and when: a ServiceContext satisfies this. */
export interface AuditContext {
  actor: Actor | null;
  requestId: string | null;
  now: () => Date;
}

/** The columns the hash covers, in a fixed order. */
export interface AuditHashInput {
  prevHash: string;
  chain: string;
  at: Date;
  actorId: string | null;
  actorUsername: string | null;
  actorRole: string | null;
  action: string;
  targetType: string | null;
  targetId: string | null;
  requestId: string | null;
  before: unknown;
  after: unknown;
  detail: unknown;
}

export function chainOf(regionCode: string | null | undefined): string {
  return regionCode && regionCode.length >= 6 ? regionCode.slice(0, 6) : SYSTEM_CHAIN;
}

/** JSON with object keys sorted at every depth: jsonb does not keep key order, the hash must not depend on it. */
export function canonicalJson(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (typeof value === 'object') {
    const obj = value as Record<string, unknown>;
    const keys = Object.keys(obj)
      .filter((k) => obj[k] !== undefined)
      .sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(obj[k])}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

export function auditHash(r: AuditHashInput): string {
  const content = canonicalJson([
    r.prevHash,
    r.chain,
    r.at.toISOString(),
    r.actorId,
    r.actorUsername,
    r.actorRole,
    r.action,
    r.targetType,
    r.targetId,
    r.requestId,
    r.before ?? null,
    r.after ?? null,
    r.detail ?? null,
  ]);
  return createHash('sha256').update(content).digest('hex');
}

/** What jsonb will give back: plain JSON values (dates as strings, no undefined). */
function asJson(value: unknown): unknown {
  return value === undefined ? null : (JSON.parse(JSON.stringify(value)) as unknown);
}

/** Append one record to its chain inside the caller's transaction. */
export async function appendAudit(
  tx: Tx,
  ctx: AuditContext,
  entry: AuditEntry,
): Promise<{ seq: number; chain: string; hash: string }> {
  const chain = chainOf(entry.regionCode);
  // Held until the transaction ends, so the next appender of this chain sees this row as the head.
  await tx.client.query('select pg_advisory_xact_lock(hashtext($1))', [`dixian:audit:${chain}`]);
  const head = await tx.client.query<{ hash: string }>(
    'select hash from audit_log where chain = $1 order by seq desc limit 1',
    [chain],
  );
  const row: AuditHashInput = {
    prevHash: head.rows[0]?.hash ?? GENESIS_HASH,
    chain,
    at: ctx.now(),
    actorId: ctx.actor?.id ?? null,
    actorUsername: ctx.actor?.username ?? null,
    actorRole: ctx.actor?.role ?? null,
    action: entry.action,
    targetType: entry.targetType ?? null,
    targetId: entry.targetId ?? null,
    requestId: ctx.requestId,
    before: asJson(entry.before),
    after: asJson(entry.after),
    detail: asJson(entry.detail),
  };
  const hash = auditHash(row);
  const json = (v: unknown) => (v === null ? null : JSON.stringify(v));
  const r = await tx.client.query<{ seq: number }>(
    `insert into audit_log (chain, at, actor_id, actor_username, actor_role, action, target_type, target_id,
       request_id, before, after, detail, prev_hash, hash)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) returning seq`,
    [
      chain,
      row.at.toISOString(),
      row.actorId,
      row.actorUsername,
      row.actorRole,
      row.action,
      row.targetType,
      row.targetId,
      row.requestId,
      json(row.before),
      json(row.after),
      json(row.detail),
      row.prevHash,
      hash,
    ],
  );
  return { seq: Number(r.rows[0]!.seq), chain, hash };
}

/**
 * The fields that changed between two plain records, as { before, after } with only those keys; undefined
 * when nothing changed. `mask` rewrites personal fields so the audit log never holds them in clear.
 */
export function diff<T extends Record<string, unknown>>(
  before: T,
  after: Partial<T>,
  mask: (r: Partial<T>) => Partial<T> = (r) => r,
): { before: Partial<T>; after: Partial<T> } | undefined {
  const b: Partial<T> = {};
  const a: Partial<T> = {};
  for (const key of Object.keys(after) as (keyof T)[]) {
    if (after[key] === undefined) continue;
    if (canonicalJson(before[key]) !== canonicalJson(after[key])) {
      b[key] = before[key];
      a[key] = after[key];
    }
  }
  if (!Object.keys(a).length) return undefined;
  return { before: mask(b), after: mask(a) };
}
