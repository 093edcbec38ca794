import type { Store } from '../db/store.js';
import { isSealed, keyIdOf } from './field-cipher.js';
import { activeFieldKeys } from './field-keys.js';
import {
  indexValue,
  SEALED_COLUMNS,
  SEALED_DETAIL_KEYS,
  sealValue,
  type SealedColumn as SealedColumnSpec,
} from './sealed-columns.js';

/**
 * Brings every sealed value under the current key: values still in clear (a database from before the sealing,
 * rows written by hand) and values sealed with an older key (after `dixian keys rotate`). Batches of 2,000 rows,
 * each its own transaction, so a large table is done without one long lock and a stop loses nothing; rows read
 * through the store arrive opened, so each batch only seals what it read.
 */
const BATCH = 2000;
const DETAIL_TABLES = new Set(['feed_row', 'department_warning']);

const q = (name: string) => `"${name}"`;

/** The SQL condition "this column is not sealed under key `current`". */
function stale(column: string, json: boolean, current: string, ids: boolean): string {
  if (ids) return `${q(column)} ~ '[|][0-9]{17}[0-9X][|]'`;
  const prefix = `'enc1:${current}:%'`;
  if (json) return `(jsonb_typeof(${q(column)}) <> 'string' or ${q(column)} #>> '{}' not like ${prefix})`;
  return `(${q(column)} is not null and ${q(column)} not like ${prefix})`;
}

function detailStale(current: string): string {
  return SEALED_DETAIL_KEYS.map(
    (k) => `(detail->>'${k}' is not null and detail->>'${k}' not like 'enc1:${current}:%')`,
  ).join(' or ');
}

export interface ResealResult {
  table: string;
  rows: number;
}

export async function resealTable(store: Store, table: string, onBatch?: (rows: number) => void): Promise<number> {
  const ring = activeFieldKeys();
  if (!ring) throw new Error('field keys are not loaded');
  const current = ring.current.id;
  const specs = SEALED_COLUMNS[table] ?? {};
  const columns = Object.keys(specs);
  const withDetail = DETAIL_TABLES.has(table);
  const conditions = columns.map((c) => stale(c, !!specs[c]!.json, current, !!specs[c]!.ids));
  if (withDetail) conditions.push(detailStale(current));
  const indexes = columns.filter((c) => specs[c]!.index);
  const selected = [...columns, ...(withDetail ? ['detail'] : [])];
  let total = 0;
  for (;;) {
    const n = await store.transaction(async (tx) => {
      const r = await tx.client.query<Record<string, unknown>>(
        `select ctid::text as "ctid", ${selected.map(q).join(', ')} from ${q(table)} where ${conditions.join(' or ')}
          limit ${BATCH} for update`,
      );
      if (!r.rows.length) return 0;
      const params: unknown[][] = [r.rows.map((row) => row.ctid)];
      for (const c of columns) params.push(r.rows.map((row) => sealed(table, c, row[c], current, specs[c]!)));
      for (const c of indexes) params.push(r.rows.map((row) => indexValue(row[c])));
      if (withDetail) params.push(r.rows.map((row) => JSON.stringify(sealDetail(row.detail, current))));
      const types = [
        'tid',
        ...columns.map((c) => (specs[c]!.json ? 'jsonb' : 'text')),
        ...indexes.map(() => 'text'),
        ...(withDetail ? ['jsonb'] : []),
      ];
      const names = ['tid', ...columns, ...indexes.map((c) => specs[c]!.index!), ...(withDetail ? ['detail'] : [])];
      const sets = names.slice(1).map((c) => `${q(c)} = v.${q(c)}`);
      await tx.client.query(
        `update ${q(table)} t set ${sets.join(', ')}
           from unnest(${types.map((t, i) => `$${i + 1}::${t}[]`).join(', ')}) as v(${names.map(q).join(', ')})
          where t.ctid = v.tid`,
        params,
      );
      return r.rows.length;
    });
    if (!n) break;
    total += n;
    onBatch?.(total);
  }
  return total;
}

/** The value to store: opened on the way in, so a token left here was sealed with a key this installation lacks. */
function sealed(table: string, column: string, v: unknown, current: string, spec: SealedColumnSpec): unknown {
  if (v === null || v === undefined) return null;
  if (spec.ids) return sealValue(spec, v);
  if (typeof v === 'string' && isSealed(v) && keyIdOf(v) !== current) {
    throw new Error(`${table}.${column} holds a value sealed with key ${keyIdOf(v)}, which is not in this keyring`);
  }
  return sealValue(spec, v);
}

function sealDetail(detail: unknown, current: string): unknown {
  if (!detail || typeof detail !== 'object') return detail;
  const out = { ...(detail as Record<string, unknown>) };
  for (const k of SEALED_DETAIL_KEYS) {
    const v = out[k];
    if (typeof v !== 'string') continue;
    if (isSealed(v) && keyIdOf(v) !== current) throw new Error(`detail.${k} is sealed with a key this keyring lacks`);
    out[k] = sealValue({}, v);
  }
  return out;
}

/** Seals what a new migration left in clear (field_seal_pending): run at every start, instant when none is left. */
export async function sealPendingFields(store: Store, log?: (msg: string) => void): Promise<ResealResult[]> {
  const pending = await store.db.selectFrom('fieldSealPending').select('tableName').execute();
  const done: ResealResult[] = [];
  for (const { tableName } of pending) {
    const rows = await resealTable(store, tableName);
    await store.db.deleteFrom('fieldSealPending').where('tableName', '=', tableName).execute();
    if (rows) log?.(`sealed ${rows} rows of ${tableName}`);
    done.push({ table: tableName, rows });
  }
  return done;
}

/** Re-seals every sealed table under the current key (after a rotation). */
export async function resealAll(store: Store, log?: (msg: string) => void): Promise<ResealResult[]> {
  const out: ResealResult[] = [];
  for (const table of Object.keys(SEALED_COLUMNS)) {
    const rows = await resealTable(store, table);
    log?.(`${table}: ${rows} rows re-sealed`);
    out.push({ table, rows });
  }
  return out;
}

/** How many values each key seals, over every sealed column: a key with none left can be retired. */
export async function tokensByKey(store: Store): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  for (const [table, specs] of Object.entries(SEALED_COLUMNS)) {
    for (const [column, spec] of Object.entries(specs)) {
      if (spec.ids) continue; // pseudonymised keys, never tokens
      const value = spec.json ? `${q(column)} #>> '{}'` : q(column);
      const r = await store.transaction((tx) =>
        tx.client.query<{ key: string | null; n: number }>(
          `select substring(${value} from '^enc1:([a-z0-9]+):') as key, count(*)::int as n
             from ${q(table)} where ${q(column)} is not null group by 1`,
        ),
      );
      for (const row of r.rows) {
        const key = row.key ?? 'clear';
        counts.set(key, (counts.get(key) ?? 0) + row.n);
      }
    }
  }
  return counts;
}

/**
 * Stops before serving a database whose sealed values this keyring cannot open: a data directory restored or
 * copied without its key file would otherwise get a new keyring and show tokens where ID numbers should be.
 */
export async function refuseForeignKeys(store: Store): Promise<void> {
  const ring = activeFieldKeys();
  const r = await store.transaction((tx) =>
    tx.client.query<{ key: string }>(
      `select substring(id_number from '^enc1:([a-z0-9]+):') as key from member where id_number like 'enc1:%' limit 1`,
    ),
  );
  const key = r.rows[0]?.key;
  if (key && !ring?.keys.has(key)) {
    throw new Error(
      `数据库中的敏感字段以密钥 ${key} 加密,而密钥文件 ${ring?.file ?? 'DIXIAN_FIELD_KEYS'} 中没有:请放回原安装的密钥文件(或设置 DIXIAN_FIELD_KEYS_FILE)/ ` +
        `the database's sensitive values are sealed with key ${key}, which ${ring?.file ?? 'DIXIAN_FIELD_KEYS'} lacks: put back the installation's key file (or set DIXIAN_FIELD_KEYS_FILE)`,
    );
  }
}
