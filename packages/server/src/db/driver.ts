import {
  CompiledQuery,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  type DatabaseConnection,
  type Dialect,
  type Driver,
  type Kysely,
  type QueryResult,
} from 'kysely';

/**
 * The one thing both engines must offer: run a parameterised statement on one session.
 * PGlite and node-postgres both speak the extended protocol with $n placeholders.
 */
export interface RawClient {
  query<R = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<RawResult<R>>;
  /** Run a script of several statements without parameters (migrations). */
  exec(sql: string): Promise<void>;
}

export interface RawResult<R> {
  rows: R[];
  affectedRows?: number | undefined;
}

export interface Lease {
  client: RawClient;
  release(): void;
}

/** How a Kysely instance gets a session: from a pool, from PGlite's single session, or a fixed one (a transaction). */
export type Acquire = () => Promise<Lease>;

class ClientConnection implements DatabaseConnection {
  constructor(readonly lease: Lease) {}

  async executeQuery<R>(compiled: CompiledQuery): Promise<QueryResult<R>> {
    const result = await this.lease.client.query<R>(compiled.sql, compiled.parameters);
    const kind = compiled.query.kind;
    const isWrite = kind === 'InsertQueryNode' || kind === 'UpdateQueryNode' || kind === 'DeleteQueryNode';
    return {
      rows: result.rows,
      ...(isWrite && result.affectedRows !== undefined ? { numAffectedRows: BigInt(result.affectedRows) } : {}),
    };
  }

  // eslint-disable-next-line require-yield
  async *streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
    throw new Error('streamQuery is not supported; use Store.stream (a server-side cursor) instead');
  }
}

class ClientDriver implements Driver {
  constructor(private readonly acquire: Acquire) {}
  async init(): Promise<void> {}
  async acquireConnection(): Promise<DatabaseConnection> {
    return new ClientConnection(await this.acquire());
  }
  async beginTransaction(conn: DatabaseConnection): Promise<void> {
    await conn.executeQuery(CompiledQuery.raw('begin'));
  }
  async commitTransaction(conn: DatabaseConnection): Promise<void> {
    await conn.executeQuery(CompiledQuery.raw('commit'));
  }
  async rollbackTransaction(conn: DatabaseConnection): Promise<void> {
    await conn.executeQuery(CompiledQuery.raw('rollback'));
  }
  async releaseConnection(conn: DatabaseConnection): Promise<void> {
    (conn as ClientConnection).lease.release();
  }
  async destroy(): Promise<void> {}
}

/**
 * A Kysely dialect over any session source. We use our own small driver instead of kysely-pglite (which
 * pulls in a CLI toolchain) so that PGlite and PostgreSQL go through the same code, and so a transaction can
 * hand the same session to Kysely and to COPY.
 */
export class ClientDialect implements Dialect {
  constructor(private readonly acquire: Acquire) {}
  createAdapter() {
    return new PostgresAdapter();
  }
  createDriver(): Driver {
    return new ClientDriver(this.acquire);
  }
  createIntrospector(db: Kysely<unknown>) {
    return new PostgresIntrospector(db);
  }
  createQueryCompiler() {
    return new PostgresQueryCompiler();
  }
}

/** A FIFO mutex: PGlite has one session, so callers take turns and a transaction is never interleaved. */
export class Mutex {
  private tail: Promise<void> = Promise.resolve();

  lock(): Promise<() => void> {
    let unlock!: () => void;
    const next = new Promise<void>((resolve) => (unlock = resolve));
    const ready = this.tail.then(() => unlock);
    this.tail = this.tail.then(() => next);
    return ready;
  }
}
