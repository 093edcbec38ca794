import { sql, type Kysely } from 'kysely';
import type { DB } from '../db/types.js';

/** An outbox entry taken for delivery, with what it carries. */
export interface ClaimedDelivery {
  id: string;
  channel: 'email' | 'webhook';
  attempts: number;
  messageId: string;
  kind: string;
  itemKind: string;
  itemRef: string;
  regionCode: string;
  dueOn: string;
  title: string;
  body: string;
  linkList: string;
  linkQuery: Record<string, string>;
  createdAt: Date;
  username: string;
  email: string | null;
}

/** outbox rows: the delivery queue of messages by e-mail and webhook. SQL only. */
export class OutboxRepository {
  constructor(private readonly db: Kysely<DB>) {}

  /**
   * Take up to `limit` due entries: each is locked with FOR UPDATE SKIP LOCKED (servers sharing one database take
   * different rows), counted as an attempt and leased until `leaseUntil`, so a server that dies mid-send leaves the
   * entry to be retried after the lease instead of lost. Commit this before sending.
   */
  async claim(now: Date, leaseUntil: Date, limit: number): Promise<ClaimedDelivery[]> {
    const r = await sql<ClaimedDelivery>`
      with due as (
        select o.id from outbox o
        where o.status = 'pending' and o.next_attempt_at <= ${now.toISOString()}::timestamptz
        order by o.next_attempt_at, o.id
        limit ${limit}
        for update skip locked
      )
      update outbox o set attempts = o.attempts + 1, last_attempt_at = ${now.toISOString()}::timestamptz,
        next_attempt_at = ${leaseUntil.toISOString()}::timestamptz
      from due, message m, app_user u
      where o.id = due.id and m.id = o.message_id and u.id = m.user_id
      returning o.id, o.channel, o.attempts, m.id as message_id, m.kind, m.item_kind, m.item_ref, m.region_code,
        m.due_on, m.title, m.body, m.link_list, m.link_query, m.created_at, u.username, u.email`.execute(this.db);
    return r.rows;
  }

  /** Record an attempt's outcome: sent, retried at `retryAt`, or given up (failed) when `retryAt` is null. */
  async record(id: string, at: Date, outcome: { ok: true } | { ok: false; error: string; retryAt: Date | null }) {
    const entry = JSON.stringify([
      { at: at.toISOString(), ok: outcome.ok, ...(outcome.ok ? {} : { error: outcome.error }) },
    ]);
    if (outcome.ok) {
      await sql`update outbox set status = 'sent', sent_at = ${at.toISOString()}::timestamptz, last_error = null,
        history = history || ${entry}::jsonb where id = ${id}`.execute(this.db);
      return;
    }
    await sql`update outbox set status = ${outcome.retryAt ? 'pending' : 'failed'},
        next_attempt_at = coalesce(${outcome.retryAt?.toISOString() ?? null}::timestamptz, next_attempt_at),
        last_error = ${outcome.error.slice(0, 2000)}, history = history || ${entry}::jsonb
      where id = ${id}`.execute(this.db);
  }

  /** The outbox entries of a message (tests and the record of delivery). */
  async ofMessage(messageId: string) {
    return this.db.selectFrom('outbox').selectAll().where('messageId', '=', messageId).orderBy('channel').execute();
  }
}
