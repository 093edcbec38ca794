import type { RawClient } from '../db/driver.js';
import type { Store } from '../db/store.js';

/** The head of one audit chain: its newest record. */
export interface AuditHead {
  chain: string;
  seq: number;
  hash: string;
  at: string;
}

/** What a backup holds, read from the database it was taken of (or restored into): written to its manifest. */
export interface BackupFacts {
  migrations: number;
  lastMigration: string | null;
  households: number;
  auditHeads: AuditHead[];
  lastAuditAt: string | null;
}

/** Reads for backups and restores: the facts of a database, whether it is empty, scratch databases. */
export class BackupRepository {
  constructor(private readonly store: Store) {}

  private q<R>(fn: (c: RawClient) => Promise<R>): Promise<R> {
    return this.store.transaction((tx) => fn(tx.client));
  }

  /** One snapshot of the facts (one transaction, so the counts and heads agree with each other). */
  facts(): Promise<BackupFacts> {
    return this.q(async (c) => {
      const m = await c.query<{ n: number; last: string | null }>(
        'select count(*)::int as n, max(version) as last from schema_migration',
      );
      const h = await c.query<{ n: number }>('select count(*)::int as n from household');
      const heads = await c.query<{ chain: string; seq: number; hash: string; at: Date }>(
        `select distinct on (chain) chain, seq, hash, at from audit_log order by chain, seq desc`,
      );
      const auditHeads = heads.rows.map((r) => ({
        chain: r.chain,
        seq: Number(r.seq),
        hash: r.hash,
        at: new Date(r.at).toISOString(),
      }));
      const lastAuditAt =
        auditHeads
          .map((a) => a.at)
          .sort()
          .at(-1) ?? null;
      return {
        migrations: m.rows[0]!.n,
        lastMigration: m.rows[0]!.last,
        households: h.rows[0]!.n,
        auditHeads,
        lastAuditAt,
      };
    });
  }

  /** Tables in the public schema: a database with any is not an empty restore target. */
  tableCount(): Promise<number> {
    return this.q(async (c) => {
      const r = await c.query<{ n: number }>(
        `select count(*)::int as n from information_schema.tables where table_schema = 'public'`,
      );
      return r.rows[0]!.n;
    });
  }
}
