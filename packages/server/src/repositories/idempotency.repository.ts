import { sql, type Kysely } from 'kysely';
import type { DB } from '../db/types.js';

/** The first answer to a keyed write: null status while the first request still runs. */
export interface Receipt {
  method: string;
  path: string;
  status: number | null;
  body: unknown;
}

/** Idempotency receipts (migration 0110): one per user and key. */
export class IdempotencyRepository {
  constructor(private readonly db: Kysely<DB>) {}

  /**
   * Claim the key for a request: true when this request may run. A pending claim older than `staleAfterSeconds`
   * (its process died before answering) is taken over, so the phone is not locked out of its own record.
   */
  async claim(userId: string, key: string, method: string, path: string, staleAfterSeconds: number): Promise<boolean> {
    const r = await sql<{ claimed: boolean }>`
      insert into idempotency_receipt (user_id, key, method, path) values (${userId}, ${key}, ${method}, ${path})
      on conflict (user_id, key) do update set method = excluded.method, path = excluded.path, created_at = now()
       where idempotency_receipt.status is null
         and idempotency_receipt.created_at < now() - make_interval(secs => ${staleAfterSeconds})
      returning true as claimed`.execute(this.db);
    return r.rows.length > 0;
  }

  async get(userId: string, key: string): Promise<Receipt | undefined> {
    return this.db
      .selectFrom('idempotencyReceipt')
      .select(['method', 'path', 'status', 'body'])
      .where('userId', '=', userId)
      .where('key', '=', key)
      .executeTakeFirst();
  }

  async complete(userId: string, key: string, status: number, body: string): Promise<void> {
    await sql`update idempotency_receipt set status = ${status}, body = ${body}::jsonb
               where user_id = ${userId} and key = ${key} and status is null`.execute(this.db);
  }

  /** Forget a pending claim (the request failed): the phone may try again. */
  async release(userId: string, key: string): Promise<void> {
    await this.db
      .deleteFrom('idempotencyReceipt')
      .where('userId', '=', userId)
      .where('key', '=', key)
      .where('status', 'is', null)
      .execute();
  }

  async purge(before: Date): Promise<number> {
    const r = await this.db.deleteFrom('idempotencyReceipt').where('createdAt', '<', before).executeTakeFirst();
    return Number(r.numDeletedRows);
  }
}
