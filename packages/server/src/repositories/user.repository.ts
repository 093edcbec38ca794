import type { Scope } from '@dixian/core';
import { sql, type Insertable, type Kysely, type Selectable, type Updateable } from 'kysely';
import type { AppUser, DB } from '../db/types.js';
import { likeContains, likePrefix, pageWindow } from './scope.js';

export type UserRow = Selectable<AppUser>;

/** Users, sessions' owners. Administrators see users whose scope lies within their own. */
export class UserRepository {
  constructor(private readonly db: Kysely<DB>) {}

  /** A user's scope and whether the account is disabled (a plan's contact must cover the village). */
  scopeOfUser(id: string): Promise<{ scopeCode: string; disabled: boolean } | undefined> {
    return this.db.selectFrom('appUser').select(['scopeCode', 'disabled']).where('id', '=', id).executeTakeFirst();
  }

  byId(id: string): Promise<UserRow | undefined> {
    return this.db.selectFrom('appUser').selectAll().where('id', '=', id).executeTakeFirst();
  }

  byUsername(username: string): Promise<UserRow | undefined> {
    return this.db.selectFrom('appUser').selectAll().where('username', '=', username).executeTakeFirst();
  }

  /** A user whose scope lies within `scope` (an administrator's view), or undefined. */
  get(scope: Scope, id: string): Promise<UserRow | undefined> {
    return this.db
      .selectFrom('appUser')
      .selectAll()
      .where('id', '=', id)
      .where('scopeCode', 'like', likePrefix(scope.regionPrefix))
      .executeTakeFirst();
  }

  /**
   * Who may be made responsible for a ledger item of a region (S3 §五 责任人): active staff (not department officers)
   * whose scope lies within the region or covers it, county first.
   */
  async responsibleFor(regionPrefix: string, limit = 200) {
    return this.db
      .selectFrom('appUser')
      .select(['id', 'displayName', 'role', 'scopeCode'])
      .where('disabled', '=', false)
      .where('role', '<>', 'department_officer')
      .where((eb) =>
        eb.or([
          eb('scopeCode', 'like', likePrefix(regionPrefix)),
          eb(sql.val(regionPrefix), 'like', sql<string>`scope_code || '%'`),
        ]),
      )
      .orderBy(sql`length(scope_code)`)
      .orderBy('scopeCode')
      .orderBy('displayName')
      .limit(limit)
      .execute();
  }

  async list(
    scope: Scope,
    f: { q?: string | undefined; role?: string | undefined; page: number; pageSize: number },
  ): Promise<{ items: UserRow[]; total: number }> {
    let q = this.db.selectFrom('appUser').where('scopeCode', 'like', likePrefix(scope.regionPrefix));
    if (f.role) q = q.where('role', '=', f.role);
    if (f.q) {
      const text = f.q;
      q = q.where((eb) =>
        eb.or([eb('username', 'like', likePrefix(text.toLowerCase())), eb('displayName', 'like', likeContains(text))]),
      );
    }
    const { limit, offset } = pageWindow(f.page, f.pageSize);
    const [items, count] = await Promise.all([
      q.selectAll().orderBy('scopeCode').orderBy('username').limit(limit).offset(offset).execute(),
      q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
    ]);
    return { items, total: Number(count.n) };
  }

  async insert(row: Insertable<AppUser>): Promise<UserRow> {
    return this.db.insertInto('appUser').values(row).returningAll().executeTakeFirstOrThrow();
  }

  /** Update when the version matches; undefined when it does not (or the user is gone). */
  updateVersioned(id: string, version: number, patch: Updateable<AppUser>): Promise<UserRow | undefined> {
    return this.db
      .updateTable('appUser')
      .set({ ...patch, version: (eb) => eb('version', '+', 1) })
      .where('id', '=', id)
      .where('version', '=', version)
      .returningAll()
      .executeTakeFirst();
  }

  async update(id: string, patch: Updateable<AppUser>): Promise<void> {
    await this.db.updateTable('appUser').set(patch).where('id', '=', id).execute();
  }

  /** Count one more failed login, atomically; returns the new count. */
  async recordAttempt(
    username: string,
    ok: boolean,
    ip: string | null,
    at: Date,
    more: { userAgent?: string | null; reason?: string | null } = {},
  ): Promise<void> {
    await this.db
      .insertInto('loginAttempt')
      .values({ username, ok, ip, at, userAgent: more.userAgent ?? null, reason: more.reason ?? null })
      .execute();
  }

  /** A name's latest sign-ins, newest first (the account's 最近登录记录). */
  recentAttempts(username: string, limit: number) {
    return this.db
      .selectFrom('loginAttempt')
      .select(['at', 'ok', 'ip', 'userAgent', 'reason'])
      .where('username', '=', username)
      .orderBy('at', 'desc')
      .orderBy('id', 'desc')
      .limit(limit)
      .execute();
  }

  /** Enabled accounts whose latest sign-in (or creation, if never) is before `before`. */
  inactiveSince(before: Date) {
    return this.db
      .selectFrom('appUser')
      .select(['id', 'username', 'scopeCode'])
      .where('disabled', '=', false)
      .where((eb) => eb(eb.fn.coalesce('lastLoginAt', 'createdAt'), '<', before))
      .execute();
  }

  /**
   * Failed sign-ins of a name since `since`: from this address (and the latest of them), and from anywhere.
   * Lockout and slowdown are computed from these alone, the same for names with and without an account.
   */
  async failuresSince(
    username: string,
    ip: string | null,
    since: Date,
  ): Promise<{ fromAddress: number; lastFromAddress: Date | null; everywhere: number }> {
    const r = await this.db
      .selectFrom('loginAttempt')
      .select((eb) => [
        eb.fn.countAll<number>().as('everywhere'),
        sql<number>`count(*) filter (where ip is not distinct from ${ip}::text)`.as('fromAddress'),
        sql<Date | null>`max(at) filter (where ip is not distinct from ${ip}::text)`.as('lastFromAddress'),
      ])
      .where('username', '=', username)
      .where('ok', '=', false)
      .where('at', '>', since)
      .executeTakeFirstOrThrow();
    return {
      fromAddress: Number(r.fromAddress),
      lastFromAddress: r.lastFromAddress ? new Date(r.lastFromAddress) : null,
      everywhere: Number(r.everywhere),
    };
  }

  /** Forget a name's failed sign-ins (an administrator's unlock or password reset): the lockout counts only these. */
  async clearFailures(username: string): Promise<void> {
    await this.db.deleteFrom('loginAttempt').where('username', '=', username).where('ok', '=', false).execute();
  }

  /**
   * When each name's lockout ends, for names locked out from at least one address: `threshold` failures from that
   * address since `since`, the lock lasting `windowMs` after the last of them (the rule login applies).
   */
  async lockouts(usernames: string[], since: Date, threshold: number, windowMs: number): Promise<Map<string, Date>> {
    if (!usernames.length) return new Map();
    const rows = await this.db
      .selectFrom('loginAttempt')
      .select(['username', (eb) => eb.fn.max('at').as('last')])
      .where('username', 'in', usernames)
      .where('ok', '=', false)
      .where('at', '>', since)
      .groupBy(['username', 'ip'])
      .having((eb) => eb.fn.countAll(), '>=', threshold)
      .execute();
    const out = new Map<string, Date>();
    for (const r of rows) {
      const until = new Date(new Date(r.last as Date).getTime() + windowMs);
      const known = out.get(r.username);
      if (!known || known < until) out.set(r.username, until);
    }
    return out;
  }
}
