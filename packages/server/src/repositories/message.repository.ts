import { sql, type Kysely } from 'kysely';
import type { DB } from '../db/types.js';
import { likePrefix } from './scope.js';

/** Someone a reminder can go to: a user working at exactly one village, township or county. */
export interface Recipient {
  id: string;
  role: string;
  scopeCode: string;
  email: string | null;
}

export interface NewMessage {
  userId: string;
  countyCode: string;
  kind: string;
  itemKind: string;
  itemRef: string;
  regionCode: string;
  dueOn: string;
  title: string;
  body: string;
  linkList: string;
  linkQuery: Record<string, string>;
  dedupeKey: string;
}

export interface MessageRow {
  id: string;
  kind: string;
  itemKind: string;
  itemRef: string;
  regionCode: string;
  regionName: string | null;
  dueOn: string;
  title: string;
  body: string;
  linkList: string;
  linkQuery: Record<string, string>;
  createdAt: Date;
  readAt: Date | null;
}

/** An undone seven-step task that may call for a reminder. */
export interface OpenTaskRow {
  id: string;
  regionCode: string;
  regionName: string | null;
  month: string;
  step: string;
  dueDate: string;
}

/** message rows (in-app reminders per user) and the outbox rows made with them. SQL only. */
/** What a message view reads: the message and its village's name (the list and the single read alike). */
const MESSAGE_COLUMNS = [
  'message.id',
  'message.kind',
  'message.itemKind',
  'message.itemRef',
  'message.regionCode',
  'region.name as regionName',
  'message.dueOn',
  'message.title',
  'message.body',
  'message.linkList',
  'message.linkQuery',
  'message.createdAt',
  'message.readAt',
] as const;

export class MessageRepository {
  constructor(private readonly db: Kysely<DB>) {}

  /** The active users of a county with their place (the reminders job picks recipients from these). */
  async recipients(county: string): Promise<Recipient[]> {
    const rows = await this.db
      .selectFrom('appUser')
      .select(['id', 'role', 'scopeCode', 'email'])
      .where('scopeCode', 'like', likePrefix(county))
      .where('disabled', '=', false)
      .orderBy('username')
      .execute();
    return rows.map((r) => ({ ...r, scopeCode: r.scopeCode.trim() }));
  }

  /** A county's undone seven-step tasks due on or before `upTo` and not before `from`. */
  async openTasks(county: string, from: string, upTo: string): Promise<OpenTaskRow[]> {
    return this.db
      .selectFrom('rhythmTask')
      .leftJoin('region', 'region.code', 'rhythmTask.regionCode')
      .select([
        'rhythmTask.id',
        'rhythmTask.regionCode',
        'region.name as regionName',
        'rhythmTask.month',
        'rhythmTask.step',
        'rhythmTask.dueDate',
      ])
      .where('rhythmTask.countyCode', '=', county)
      .where('rhythmTask.doneAt', 'is', null)
      .where('rhythmTask.dueDate', '>=', from)
      .where('rhythmTask.dueDate', '<=', upTo)
      .orderBy('rhythmTask.dueDate')
      .orderBy('rhythmTask.id')
      .execute();
  }

  /**
   * Insert the messages not there yet (unique per user and dedupe key) and, for each new one, an outbox row per
   * channel it should also go by. Returns how many messages were new: zero on a rerun.
   */
  async insertMissing(
    messages: NewMessage[],
    channelsOf: (userId: string) => readonly ('email' | 'webhook')[],
    now: Date,
  ): Promise<number> {
    let inserted = 0;
    for (let i = 0; i < messages.length; i += 500) {
      const rows = await this.db
        .insertInto('message')
        .values(
          messages
            .slice(i, i + 500)
            .map((m) => ({ ...m, linkQuery: JSON.stringify(m.linkQuery), createdAt: now.toISOString() })),
        )
        .onConflict((oc) => oc.columns(['userId', 'dedupeKey']).doNothing())
        .returning(['id', 'userId'])
        .execute();
      inserted += rows.length;
      const outbox = rows.flatMap((r) =>
        channelsOf(r.userId).map((channel) => ({
          messageId: r.id,
          channel,
          nextAttemptAt: now.toISOString(),
          createdAt: now.toISOString(),
        })),
      );
      if (outbox.length) {
        await this.db
          .insertInto('outbox')
          .values(outbox)
          .onConflict((oc) => oc.columns(['messageId', 'channel']).doNothing())
          .execute();
      }
    }
    return inserted;
  }

  /** One user's messages, newest first, with the total. */
  async list(
    userId: string,
    f: { unread?: boolean | undefined; limit: number; offset: number },
  ): Promise<{ rows: MessageRow[]; total: number }> {
    let q = this.db.selectFrom('message').where('message.userId', '=', userId);
    if (f.unread) q = q.where('message.readAt', 'is', null);
    const rows = await q
      .leftJoin('region', 'region.code', 'message.regionCode')
      .select([...MESSAGE_COLUMNS, sql<number>`count(*) over ()`.as('total')])
      .orderBy('message.createdAt', 'desc')
      .orderBy('message.id', 'desc')
      .limit(f.limit)
      .offset(f.offset)
      .execute();
    const total = rows.length ? Number(rows[0]!.total) : f.offset > 0 ? await this.count(userId, f.unread) : 0;
    return {
      rows: rows.map(({ total: _t, ...r }) => ({ ...r, linkQuery: r.linkQuery as Record<string, string> })),
      total,
    };
  }

  async count(userId: string, unread?: boolean): Promise<number> {
    let q = this.db
      .selectFrom('message')
      .select(sql<number>`count(*)::int`.as('n'))
      .where('userId', '=', userId);
    if (unread) q = q.where('readAt', 'is', null);
    return Number((await q.executeTakeFirst())?.n ?? 0);
  }

  /** Mark one of the user's messages read (a read one keeps its first time); false when it is not theirs. */
  async markRead(userId: string, id: string, now: Date): Promise<MessageRow | undefined> {
    const r = await this.db
      .updateTable('message')
      .set({ readAt: sql`coalesce(read_at, ${now.toISOString()}::timestamptz)` })
      .where('id', '=', id)
      .where('userId', '=', userId)
      .returning('id')
      .executeTakeFirst();
    if (!r) return undefined;
    return this.get(userId, id);
  }

  async get(userId: string, id: string): Promise<MessageRow | undefined> {
    const row = await this.db
      .selectFrom('message')
      .leftJoin('region', 'region.code', 'message.regionCode')
      .select(MESSAGE_COLUMNS)
      .where('message.id', '=', id)
      .where('message.userId', '=', userId)
      .executeTakeFirst();
    return row && { ...row, linkQuery: row.linkQuery as Record<string, string> };
  }

  /** Mark all the user's unread messages read; returns how many. */
  async markAllRead(userId: string, now: Date): Promise<number> {
    const r = await this.db
      .updateTable('message')
      .set({ readAt: now.toISOString() })
      .where('userId', '=', userId)
      .where('readAt', 'is', null)
      .executeTakeFirst();
    return Number(r.numUpdatedRows);
  }
}
