import type { Insertable, Kysely, Selectable } from 'kysely';
import type { AppUser, DB, UserSession } from '../db/types.js';

export type SessionRow = Selectable<UserSession>;
export type SessionWithUser = Pick<SessionRow, 'tokenHash' | 'userId' | 'csrfToken' | 'lastSeenAt' | 'expiresAt'> &
  Pick<
    Selectable<AppUser>,
    'username' | 'displayName' | 'role' | 'scopeCode' | 'department' | 'disabled' | 'mustChangePassword'
  >;

/** Login sessions, keyed by the SHA-256 of the cookie's token (a database read yields no live session). */
export class SessionRepository {
  constructor(private readonly db: Kysely<DB>) {}

  async insert(row: Insertable<UserSession>): Promise<void> {
    await this.db.insertInto('userSession').values(row).execute();
  }

  /** The session and the few user columns a request needs, in one round trip. */
  withUser(tokenHash: string): Promise<SessionWithUser | undefined> {
    return this.db
      .selectFrom('userSession as s')
      .innerJoin('appUser as u', 'u.id', 's.userId')
      .select([
        's.tokenHash',
        's.userId',
        's.csrfToken',
        's.lastSeenAt',
        's.expiresAt',
        'u.username',
        'u.displayName',
        'u.role',
        'u.scopeCode',
        'u.department',
        'u.disabled',
        'u.mustChangePassword',
      ])
      .where('s.tokenHash', '=', tokenHash)
      .executeTakeFirst();
  }

  async touch(tokenHash: string, at: Date): Promise<void> {
    await this.db.updateTable('userSession').set({ lastSeenAt: at }).where('tokenHash', '=', tokenHash).execute();
  }

  async delete(tokenHash: string): Promise<void> {
    await this.db.deleteFrom('userSession').where('tokenHash', '=', tokenHash).execute();
  }

  /** End every session of a user (disabled, demoted, password reset), except optionally the current one. */
  async deleteForUser(userId: string, exceptTokenHash?: string): Promise<void> {
    let q = this.db.deleteFrom('userSession').where('userId', '=', userId);
    if (exceptTokenHash) q = q.where('tokenHash', '<>', exceptTokenHash);
    await q.execute();
  }

  /**
   * Keep a user's newest `keep` sessions (by when they were opened) and end the rest; answers the ended ones.
   * Expired and idle sessions count too until deleted, so the idle ones go first (`activeSince`).
   */
  async keepNewest(userId: string, keep: number, activeSince: Date): Promise<SessionRow[]> {
    await this.db
      .deleteFrom('userSession')
      .where('userId', '=', userId)
      .where('lastSeenAt', '<=', activeSince)
      .execute();
    const rows = await this.db
      .selectFrom('userSession')
      .selectAll()
      .where('userId', '=', userId)
      .orderBy('createdAt', 'desc')
      .orderBy('tokenHash')
      .execute();
    const ended = rows.slice(keep);
    if (ended.length)
      await this.db
        .deleteFrom('userSession')
        .where(
          'tokenHash',
          'in',
          ended.map((s) => s.tokenHash),
        )
        .execute();
    return ended;
  }

  async deleteExpired(before: Date): Promise<void> {
    await this.db.deleteFrom('userSession').where('expiresAt', '<', before).execute();
  }

  /** The live sessions (not expired, seen since `activeSince`) of some users, newest first. */
  live(userIds: string[], now: Date, activeSince: Date): Promise<SessionRow[]> {
    if (!userIds.length) return Promise.resolve([]);
    return this.db
      .selectFrom('userSession')
      .selectAll()
      .where('userId', 'in', userIds)
      .where('expiresAt', '>', now)
      .where('lastSeenAt', '>', activeSince)
      .orderBy('lastSeenAt', 'desc')
      .execute();
  }
}
