import { AsyncLocalStorage } from 'node:async_hooks';
import fs from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { PGlite } from '@electric-sql/pglite';
import { CamelCasePlugin, Kysely } from 'kysely';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { ClientDialect, Mutex, type Acquire, type Lease, type RawClient, type RawResult } from './driver.js';
import { openRow, parseJsonOpening, SealPlugin, sealedColumnsFor } from '../security/sealed-columns.js';
import type { DB } from './types.js';

export type StoreKind = 'pglite' | 'postgres';

/** A transaction: the same session for the typed builder, raw SQL and bulk loads. */
export interface Tx {
  db: Kysely<DB>;
  client: RawClient;
  /** Bulk-load rows into a table (COPY on PostgreSQL, batched INSERT on PGlite) inside this transaction. */
  copyInto(table: string, columns: readonly string[], rows: RowSource): Promise<number>;
  /**
   * Bulk-load text already in COPY text format (lines of `encodeCopyRow`, e.g. made on a worker thread): one
   * string, or chunks that each end at a line end.
   */
  copyText(table: string, columns: readonly string[], text: CopyTextSource): Promise<void>;
}

export type CopyTextSource = string | Iterable<string | Uint8Array> | AsyncIterable<string | Uint8Array>;

export type Row = readonly unknown[];
export type RowSource = Iterable<Row> | AsyncIterable<Row>;

/**
 * The one connection module: PGlite in a data directory when DATABASE_URL is unset, a PostgreSQL pool when it
 * is set. Both speak the same SQL; everything above this file is engine-agnostic.
 */
export interface Store {
  kind: StoreKind;
  /** A Kysely instance over the pool (or PGlite's single session) for work outside a transaction. */
  db: Kysely<DB>;
  transaction<T>(fn: (tx: Tx) => Promise<T>): Promise<T>;
  /** Bulk-load outside an explicit transaction (each call is its own transaction). */
  copyInto(table: string, columns: readonly string[], rows: RowSource): Promise<number>;
  /** Stream a large result through a server-side cursor, batch by batch, with flat memory. */
  stream<R>(sql: string, params?: readonly unknown[], batchSize?: number): AsyncGenerator<R[]>;
  close(): Promise<void>;
  /** PGlite only: the data directory as a gzipped tarball (tests start from a migrated template). */
  dumpDataDir?(): Promise<Blob>;
}

export interface OpenStoreOptions {
  databaseUrl?: string | undefined;
  dataDir?: string | undefined;
  /** Open PGlite from a prepared data-dir tarball (tests clone a migrated template this way). */
  loadDataDir?: Blob | undefined;
  /** In-memory PGlite (tests). */
  memory?: boolean;
  poolSize?: number;
}

// Type OIDs read as JS values: int8 and numeric as numbers (money is integer fen, well inside 2^53),
// dates as 'YYYY-MM-DD' strings so no time zone ever shifts a calendar day.
const INT8 = 20;
const NUMERIC = 1700;
const DATE = 1082;
const JSON_OID = 114;
const JSONB = 3802;
const parseInt8 = (v: string) => {
  const n = Number(v);
  if (!Number.isSafeInteger(n)) throw new Error(`int8 value ${v} exceeds the safe integer range`);
  return n;
};
const parsers: Record<number, (v: string) => unknown> = {
  [INT8]: parseInt8,
  [NUMERIC]: (v) => Number(v),
  [DATE]: (v) => v,
  [JSON_OID]: parseJsonOpening,
  [JSONB]: parseJsonOpening,
};

export async function openStore(opts: OpenStoreOptions): Promise<Store> {
  if (opts.databaseUrl) return openPostgres(opts.databaseUrl, opts.poolSize ?? 10);
  return openPglite(opts);
}

// Sensitive columns are sealed on the way in (SealPlugin after the names are snake_case; bulk loads in
// `sealedCopy`) and opened on the way out, for the typed builder and raw SQL alike (`opened`).
function makeKysely(acquire: Acquire): Kysely<DB> {
  return new Kysely<DB>({ dialect: new ClientDialect(acquire), plugins: [new CamelCasePlugin(), new SealPlugin()] });
}

function opened<R>(rows: R[]): R[] {
  for (const row of rows) if (row && typeof row === 'object') openRow(row as Record<string, unknown>);
  return rows;
}

/** A bulk load's columns and rows with the sealed columns sealed and their blind indexes added. */
function sealedCopy(table: string, columns: readonly string[], rows: RowSource): [readonly string[], RowSource] {
  const sealed = sealedColumnsFor(table, columns);
  if (!sealed) return [columns, rows];
  const source = rows;
  return [
    sealed.columns,
    (async function* () {
      for await (const row of source) yield sealed.seal(row);
    })(),
  ];
}

function fixedLease(client: RawClient): Acquire {
  return async () => ({ client, release() {} });
}

// ------------------------------------------------------------------------------------------------
// PostgreSQL server

async function openPostgres(url: string, max: number): Promise<Store> {
  const pool = new pg.Pool({
    connectionString: url,
    max,
    // JIT compiles every statement whose estimate passes jit_above_cost: the deadline union at a county spent 8 of
    // its 12.7 s compiling (bench/reports/load.md) and a page never runs long enough to win it back
    options: '-c jit=off',
    types: {
      getTypeParser: ((oid: number, format?: string) =>
        parsers[oid] ?? pg.types.getTypeParser(oid, format as 'text')) as typeof pg.types.getTypeParser,
    },
  });
  // A dropped idle connection must not crash the process.
  pool.on('error', () => {});

  const wrap = (c: pg.PoolClient): RawClient => ({
    async query<R>(sql: string, params?: readonly unknown[]): Promise<RawResult<R>> {
      const r = await c.query(sql, params as unknown[]);
      return { rows: opened(r.rows as R[]), affectedRows: r.rowCount ?? undefined };
    },
    async exec(sql: string) {
      await c.query(sql);
    },
  });
  const acquire: Acquire = async () => {
    const c = await pool.connect();
    return { client: wrap(c), release: () => c.release() };
  };

  const copyWith = async (c: pg.PoolClient, table: string, plainColumns: readonly string[], plainRows: RowSource) => {
    const [columns, rows] = sealedCopy(table, plainColumns, plainRows);
    let count = 0;
    const lines = async function* () {
      let buf: string[] = [];
      for await (const row of rows) {
        buf.push(encodeCopyRow(row));
        count++;
        if (buf.length >= 1000) {
          yield buf.join('');
          buf = [];
        }
      }
      if (buf.length) yield buf.join('');
    };
    const sink = c.query(copyFrom(`copy ${quoteIdent(table)} (${columns.map(quoteIdent).join(', ')}) from stdin`));
    await pipeline(Readable.from(lines()), sink);
    return count;
  };

  const transaction = async <T>(fn: (tx: Tx) => Promise<T>): Promise<T> => {
    const c = await pool.connect();
    const client = wrap(c);
    try {
      await c.query('begin');
      const result = await fn({
        db: makeKysely(fixedLease(client)),
        client,
        copyInto: (t, cols, rows) => copyWith(c, t, cols, rows),
        copyText: async (t, cols, text) => {
          const sink = c.query(copyFrom(`copy ${quoteIdent(t)} (${cols.map(quoteIdent).join(', ')}) from stdin`));
          await pipeline(Readable.from(typeof text === 'string' ? [text] : text), sink);
        },
      });
      await c.query('commit');
      return result;
    } catch (err) {
      await c.query('rollback').catch(() => {});
      throw err;
    } finally {
      c.release();
    }
  };

  return {
    kind: 'postgres',
    db: makeKysely(acquire),
    transaction,
    copyInto: (t, cols, rows) => transaction((tx) => tx.copyInto(t, cols, rows)),
    stream: (sql, params, batchSize) => cursorStream(transaction, sql, params, batchSize),
    close: () => pool.end(),
  };
}

// ------------------------------------------------------------------------------------------------
// PGlite (embedded)

async function openPglite(opts: OpenStoreOptions): Promise<Store> {
  let dataDir: string | undefined;
  if (!opts.memory) {
    dataDir = opts.dataDir ?? './data';
    fs.mkdirSync(dataDir, { recursive: true });
  }
  const pglite = await PGlite.create({
    ...(dataDir ? { dataDir } : {}),
    ...(opts.loadDataDir ? { loadDataDir: opts.loadDataDir } : {}),
    parsers,
  });
  const mutex = new Mutex();
  // Marks the async context that holds PGlite's single session, so a nested acquire fails loudly
  // instead of waiting for itself forever.
  const holder = new AsyncLocalStorage<boolean>();

  const client: RawClient = {
    async query<R>(sql: string, params?: readonly unknown[]): Promise<RawResult<R>> {
      const r = await pglite.query<R>(sql, params as unknown[]);
      return { rows: opened(r.rows), affectedRows: r.affectedRows };
    },
    async exec(sql: string) {
      await pglite.exec(sql);
    },
  };
  const acquire: Acquire = async (): Promise<Lease> => {
    if (holder.getStore()) {
      throw new Error('PGlite session requested inside a transaction: use tx.db / tx.client, not store.db');
    }
    const unlock = await mutex.lock();
    return { client, release: unlock };
  };

  const transaction = async <T>(fn: (tx: Tx) => Promise<T>): Promise<T> => {
    if (holder.getStore()) throw new Error('nested store.transaction on PGlite: pass the Tx down instead');
    const unlock = await mutex.lock();
    try {
      return await holder.run(true, async () => {
        await client.query('begin');
        try {
          const result = await fn({
            db: makeKysely(fixedLease(client)),
            client,
            copyInto: (t, cols, rows) => copyBlob(pglite, t, cols, rows),
            copyText: (t, cols, text) => copyTextBlob(pglite, t, cols, text),
          });
          await client.query('commit');
          return result;
        } catch (err) {
          await client.query('rollback').catch(() => {});
          throw err;
        }
      });
    } finally {
      unlock();
    }
  };

  return {
    kind: 'pglite',
    db: makeKysely(acquire),
    transaction,
    copyInto: (t, cols, rows) => transaction((tx) => tx.copyInto(t, cols, rows)),
    stream: (sql, params, batchSize) => cursorStream(transaction, sql, params, batchSize),
    close: () => pglite.close(),
    dumpDataDir: async () => {
      const unlock = await mutex.lock();
      try {
        return await pglite.dumpDataDir('gzip');
      } finally {
        unlock();
      }
    },
  };
}

/**
 * COPY FROM '/dev/blob' in blobs of about 4 MB. Measured here on rows of 40 columns: 6,000 rows in 0.16 s, against
 * 1.5 s for multi-row INSERT (binding thousands of parameters dominates once rows are wide). Rows are encoded
 * exactly as for COPY on a PostgreSQL server, so both engines parse the same text.
 */
async function copyBlob(pglite: PGlite, table: string, plainColumns: readonly string[], plainRows: RowSource) {
  const [columns, rows] = sealedCopy(table, plainColumns, plainRows);
  const head = `copy ${quoteIdent(table)} (${columns.map(quoteIdent).join(', ')}) from '/dev/blob'`;
  let parts: string[] = [];
  let size = 0;
  let count = 0;
  const flush = async () => {
    if (!parts.length) return;
    await pglite.query(head, [], { blob: new Blob(parts) });
    parts = [];
    size = 0;
  };
  for await (const row of rows) {
    if (row.length !== columns.length) {
      throw new Error(`copyInto ${table}: row has ${row.length} values for ${columns.length} columns`);
    }
    const line = encodeCopyRow(row);
    parts.push(line);
    size += line.length;
    count++;
    if (size >= 4_000_000) await flush();
  }
  await flush();
  return count;
}

/** Pre-encoded COPY text into PGlite, in blobs of about 4 MB cut at chunk (line) ends. */
async function copyTextBlob(pglite: PGlite, table: string, columns: readonly string[], text: CopyTextSource) {
  const head = `copy ${quoteIdent(table)} (${columns.map(quoteIdent).join(', ')}) from '/dev/blob'`;
  let parts: (string | Uint8Array)[] = [];
  let size = 0;
  const flush = async () => {
    if (!parts.length) return;
    await pglite.query(head, [], { blob: new Blob(parts) });
    parts = [];
    size = 0;
  };
  for await (const chunk of typeof text === 'string' ? [text] : text) {
    parts.push(chunk);
    size += chunk.length;
    if (size >= 4_000_000) await flush();
  }
  await flush();
}

async function* cursorStream<R>(
  transaction: Store['transaction'],
  sql: string,
  params: readonly unknown[] = [],
  batchSize = 5000,
): AsyncGenerator<R[]> {
  // A generator cannot yield from inside the transaction callback, so batches pass through a small queue.
  const queue: (R[] | Error | null)[] = [];
  let wake: (() => void) | undefined;
  let resume: (() => void) | undefined;
  const push = (item: R[] | Error | null) => {
    queue.push(item);
    wake?.();
  };
  const done = transaction(async (tx) => {
    const name = `dixian_cursor_${Math.random().toString(36).slice(2)}`;
    await tx.client.query(`declare ${name} no scroll cursor for ${sql}`, params);
    for (;;) {
      const r = await tx.client.query<R>(`fetch ${batchSize} from ${name}`);
      if (!r.rows.length) break;
      push(r.rows);
      // Back-pressure: wait until the consumer has taken this batch.
      await new Promise<void>((res) => (resume = res));
    }
    await tx.client.query(`close ${name}`);
  }).then(
    () => push(null),
    (err: unknown) => push(err instanceof Error ? err : new Error(String(err))),
  );
  try {
    for (;;) {
      if (!queue.length) await new Promise<void>((res) => (wake = res));
      const item = queue.shift();
      if (item === null || item === undefined) break;
      if (item instanceof Error) throw item;
      yield item;
      resume?.();
    }
  } finally {
    resume?.();
    await done;
  }
}

// ------------------------------------------------------------------------------------------------
// Text encoding shared by COPY and batched INSERT

export function quoteIdent(name: string): string {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`unsafe identifier: ${name}`);
  return name;
}

/** A value in PostgreSQL's text input format, or null. */
export function toText(v: unknown): string | null {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'bigint') return String(v);
  if (typeof v === 'boolean') return v ? 't' : 'f';
  if (v instanceof Date) return v.toISOString();
  if (Array.isArray(v)) return arrayLiteral(v);
  return JSON.stringify(v);
}

function arrayLiteral(items: readonly unknown[]): string {
  const parts = items.map((x) => {
    if (x === null || x === undefined) return 'NULL';
    const s = toText(x) ?? '';
    return `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
  });
  return `{${parts.join(',')}}`;
}

const COPY_SPECIAL = /[\\\t\n\r]/;
const COPY_ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };

function encodeCopyRow(row: Row): string {
  let line = '';
  for (let i = 0; i < row.length; i++) {
    if (i) line += '\t';
    const t = toText(row[i]);
    // most values need no escaping: one scan instead of four replaces
    line += t === null ? '\\N' : COPY_SPECIAL.test(t) ? t.replace(/[\\\t\n\r]/g, (c) => COPY_ESCAPES[c]!) : t;
  }
  return line + '\n';
}
