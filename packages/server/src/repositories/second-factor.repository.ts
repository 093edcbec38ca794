import type { Insertable, Kysely, Selectable } from 'kysely';
import type { DB, LoginChallenge, UserSecondFactor } from '../db/types.js';

export type SecondFactorRow = Selectable<UserSecondFactor>;
export type ChallengeRow = Selectable<LoginChallenge>;

/** Second factors (user_second_factor) and sign-ins waiting for their second step (login_challenge). */
export class SecondFactorRepository {
  constructor(private readonly db: Kysely<DB>) {}

  get(userId: string): Promise<SecondFactorRow | undefined> {
    return this.db.selectFrom('userSecondFactor').selectAll().where('userId', '=', userId).executeTakeFirst();
  }

  /** Which of these users have a confirmed second factor. */
  async confirmed(userIds: string[]): Promise<Set<string>> {
    if (!userIds.length) return new Set();
    const rows = await this.db
      .selectFrom('userSecondFactor')
      .select('userId')
      .where('userId', 'in', userIds)
      .where('confirmedAt', 'is not', null)
      .execute();
    return new Set(rows.map((r) => r.userId));
  }

  /** Start (or restart) an enrolment: the new secret replaces an unconfirmed one. */
  async putPending(userId: string, kind: string, secretSealed: string, at: Date): Promise<void> {
    await this.db
      .insertInto('userSecondFactor')
      .values({ userId, kind, secretSealed, createdAt: at })
      .onConflict((oc) =>
        oc.column('userId').doUpdateSet({
          kind,
          secretSealed,
          createdAt: at,
          confirmedAt: null,
          lastStep: null,
          recoveryCodeHashes: [],
        }),
      )
      .execute();
  }

  async update(
    userId: string,
    patch: Partial<Pick<SecondFactorRow, 'confirmedAt' | 'lastStep' | 'recoveryCodeHashes'>>,
  ): Promise<void> {
    await this.db.updateTable('userSecondFactor').set(patch).where('userId', '=', userId).execute();
  }

  async delete(userId: string): Promise<boolean> {
    const r = await this.db.deleteFrom('userSecondFactor').where('userId', '=', userId).executeTakeFirst();
    return r.numDeletedRows > 0n;
  }

  async insertChallenge(row: Insertable<LoginChallenge>): Promise<void> {
    await this.db.insertInto('loginChallenge').values(row).execute();
  }

  challenge(tokenHash: string): Promise<ChallengeRow | undefined> {
    return this.db.selectFrom('loginChallenge').selectAll().where('tokenHash', '=', tokenHash).executeTakeFirst();
  }

  async countChallengeFailure(tokenHash: string): Promise<void> {
    await this.db
      .updateTable('loginChallenge')
      .set((eb) => ({ failures: eb('failures', '+', 1) }))
      .where('tokenHash', '=', tokenHash)
      .execute();
  }

  async deleteChallenge(tokenHash: string): Promise<void> {
    await this.db.deleteFrom('loginChallenge').where('tokenHash', '=', tokenHash).execute();
  }

  async deleteExpiredChallenges(before: Date): Promise<void> {
    await this.db.deleteFrom('loginChallenge').where('expiresAt', '<', before).execute();
  }
}
