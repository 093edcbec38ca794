import type { CaseFacts, CaseReviewVotes, Scope } from '@dixian/core';
import type { CASE_SORT, SortValue } from '@dixian/core/api';
import { sql, type Insertable, type Kysely, type Selectable, type Updateable } from 'kysely';
import type {
  CaseEvent,
  CommitmentAuthorization,
  DB,
  MonitoringCase,
  NoticeObjection,
  PublicNotice,
  ReviewMeeting,
} from '../db/types.js';
import { headNameOf } from './head-name.sql.js';
import { inScope, likePrefix, pageWindow } from './scope.js';
import { orderByTerms, sortTerms } from './sort.js';

export type CaseRow = Selectable<MonitoringCase>;

const CASE_SORT_COLUMNS: Record<(typeof CASE_SORT)[number], string> = {
  currentDueOn: 'c.currentDueOn',
  stage: 'c.stage',
  householdNo: 'h.householdNo',
  regionCode: 'c.regionCode',
  category: 'c.category',
  discoveredOn: 'c.discoveredAt',
};
/** nearest deadline first; cases without an open deadline after, newest first */
const CASE_DEFAULT_ORDER = [sql`c.current_due_on asc nulls last`, sql`c.discovered_at desc`, sql`c.id`];
export type CaseEventRow = Selectable<CaseEvent>;

export interface CaseListRow {
  id: string;
  householdId: string;
  householdNo: string;
  headName: string | null;
  regionCode: string;
  regionName: string | null;
  episode: number;
  stage: string;
  category: string | null;
  riskTypes: string[];
  discoveredAt: Date;
  currentDueOn: string | null;
  currentDueKind: string | null;
  wholeHouseholdNoLabor: boolean;
  version: number;
}

export interface CaseFilter {
  stage?: string | undefined;
  regionPrefix?: string | undefined;
  householdId?: string | undefined;
  due?: 'open' | 'overdue' | undefined;
  /** keep cases due on or before this day */
  dueBy?: string | undefined;
  noLabor?: boolean | undefined;
  /** core CaseListQuery's sort */
  sort?: SortValue<(typeof CASE_SORT)[number]> | undefined;
  today: string;
  page: number;
  pageSize: number;
}

export interface NoticeWithObjections extends Selectable<PublicNotice> {
  objections: Selectable<NoticeObjection>[];
}

/** Monitoring cases and the side tables their steps write (commitment, meetings, notices, objections). */
export class CaseRepository {
  constructor(private readonly db: Kysely<DB>) {}

  get(scope: Scope, id: string): Promise<CaseRow | undefined> {
    return this.db
      .selectFrom('monitoringCase')
      .selectAll()
      .where('id', '=', id)
      .where(inScope('monitoringCase', scope))
      .executeTakeFirst();
  }

  /** The household's latest episode (the one every new step or lead concerns). */
  latestOfHousehold(householdId: string): Promise<CaseRow | undefined> {
    return this.db
      .selectFrom('monitoringCase')
      .selectAll()
      .where('householdId', '=', householdId)
      .orderBy('episode', 'desc')
      .orderBy('createdAt', 'desc')
      .orderBy('id', 'desc')
      .limit(1)
      .executeTakeFirst();
  }

  async list(scope: Scope, f: CaseFilter): Promise<{ items: CaseListRow[]; total: number }> {
    let base = this.db.selectFrom('monitoringCase as c').where(inScope('monitoringCase', scope, 'c'));
    if (f.regionPrefix && f.regionPrefix !== scope.regionPrefix) {
      base = base.where('c.regionCode', 'like', likePrefix(f.regionPrefix));
    }
    if (f.stage) base = base.where('c.stage', '=', f.stage);
    if (f.householdId) base = base.where('c.householdId', '=', f.householdId);
    if (f.noLabor !== undefined) base = base.where('c.wholeHouseholdNoLabor', '=', f.noLabor);
    if (f.due === 'open') base = base.where('c.currentDueOn', 'is not', null);
    if (f.due === 'overdue') base = base.where('c.currentDueOn', '<', f.today);
    if (f.dueBy) base = base.where('c.currentDueOn', '<=', f.dueBy);
    const { limit, offset } = pageWindow(f.page, f.pageSize);
    const [items, count] = await Promise.all([
      base
        .innerJoin('household as h', 'h.id', 'c.householdId')
        .leftJoin('region as r', 'r.code', 'c.regionCode')
        .select([
          'c.id',
          'c.householdId',
          'h.householdNo',
          headNameOf('c.householdId').as('headName'),
          'c.regionCode',
          'r.name as regionName',
          'c.episode',
          'c.stage',
          'c.category',
          'c.riskTypes',
          'c.discoveredAt',
          'c.currentDueOn',
          'c.currentDueKind',
          'c.wholeHouseholdNoLabor',
          'c.version',
        ])
        .$call((q) => orderByTerms(q, sortTerms(f.sort, CASE_SORT_COLUMNS, ['c.id']) ?? CASE_DEFAULT_ORDER))
        .limit(limit)
        .offset(offset)
        .execute(),
      base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
    ]);
    return {
      items: items.map((r) => ({ ...r, headName: r.headName ?? null, regionName: r.regionName ?? null })),
      total: Number(count.n),
    };
  }

  /**
   * The facts the state machine reads from the side tables (CaseFacts): the commitment on file, objections
   * still open on the case's notices, the latest democratic review, the plan and the measures in place.
   */
  async facts(caseId: string): Promise<CaseFacts> {
    const r = await sql<{
      commitment: boolean;
      openObjections: number;
      planCreatedOn: string | null;
      measuresInPlace: number;
    }>`select
         exists (select 1 from commitment_authorization where case_id = ${caseId}) as commitment,
         (select count(*) from notice_objection o join public_notice n on n.id = o.notice_id
           where n.case_id = ${caseId} and o.resolved_on is null)::int as open_objections,
         (select min(created_on) from assistance_plan where case_id = ${caseId}) as plan_created_on,
         (select count(*) from assistance_measure m join assistance_plan p on p.id = m.plan_id
           where p.case_id = ${caseId} and m.status in ('implementing', 'done'))::int as measures_in_place`.execute(
      this.db,
    );
    const f = r.rows[0]!;
    const review = await this.db
      .selectFrom('reviewMeeting')
      .selectAll()
      .where('caseId', '=', caseId)
      .orderBy('heldOn', 'desc')
      .orderBy('id', 'desc')
      .limit(1)
      .executeTakeFirst();
    const latestReview: CaseReviewVotes | null = review
      ? {
          purpose: review.purpose as CaseReviewVotes['purpose'],
          heldOn: review.heldOn,
          attendees: review.attendees,
          votesFor: review.votesFor,
          votesAgainst: review.votesAgainst,
          abstentions: review.abstentions,
          passed: review.votesFor * 2 > review.attendees,
        }
      : null;
    return {
      commitmentOnFile: f.commitment,
      openObjections: Number(f.openObjections),
      latestReview,
      planCreatedOn: f.planCreatedOn,
      measuresInPlace: Number(f.measuresInPlace),
    };
  }

  insert(row: Insertable<MonitoringCase>): Promise<CaseRow> {
    return this.db.insertInto('monitoringCase').values(row).returningAll().executeTakeFirstOrThrow();
  }

  /**
   * Write the state after a step when the case still has the version the step started from; undefined when
   * someone else took a step first. On PostgreSQL a concurrent writer waits for the row lock and then finds the
   * version changed, so of two steps from the same version exactly one is written.
   */
  updateVersioned(id: string, version: number, patch: Updateable<MonitoringCase>): Promise<CaseRow | undefined> {
    return this.db
      .updateTable('monitoringCase')
      .set(patch)
      .where('id', '=', id)
      .where('version', '=', version)
      .returningAll()
      .executeTakeFirst();
  }

  async nextEventSeq(caseId: string): Promise<number> {
    const r = await this.db
      .selectFrom('caseEvent')
      .select((eb) => eb.fn.max('seq').as('seq'))
      .where('caseId', '=', caseId)
      .executeTakeFirst();
    return Number(r?.seq ?? 0) + 1;
  }

  async insertEvents(rows: Insertable<CaseEvent>[]): Promise<void> {
    if (rows.length) await this.db.insertInto('caseEvent').values(rows).execute();
  }

  events(caseId: string): Promise<CaseEventRow[]> {
    return this.db.selectFrom('caseEvent').selectAll().where('caseId', '=', caseId).orderBy('seq').execute();
  }

  /** Is there a later episode of the household than this case? */
  async hasLaterEpisode(c: CaseRow): Promise<boolean> {
    const r = await this.db
      .selectFrom('monitoringCase')
      .select('id')
      .where('householdId', '=', c.householdId)
      .where('episode', '>', c.episode)
      .limit(1)
      .executeTakeFirst();
    return !!r;
  }

  async isMemberOf(householdId: string, memberId: string): Promise<boolean> {
    const r = await this.db
      .selectFrom('member')
      .select('id')
      .where('id', '=', memberId)
      .where('householdId', '=', householdId)
      .executeTakeFirst();
    return !!r;
  }

  // ---- side tables ------------------------------------------------------------------------------------------

  insertCommitment(row: Insertable<CommitmentAuthorization>): Promise<unknown> {
    return this.db.insertInto('commitmentAuthorization').values(row).execute();
  }

  commitment(caseId: string): Promise<Selectable<CommitmentAuthorization> | undefined> {
    return this.db
      .selectFrom('commitmentAuthorization')
      .selectAll()
      .where('caseId', '=', caseId)
      .orderBy('signedOn')
      .limit(1)
      .executeTakeFirst();
  }

  insertReview(row: Insertable<ReviewMeeting>): Promise<unknown> {
    return this.db.insertInto('reviewMeeting').values(row).execute();
  }

  reviews(caseId: string): Promise<Selectable<ReviewMeeting>[]> {
    return this.db.selectFrom('reviewMeeting').selectAll().where('caseId', '=', caseId).orderBy('heldOn').execute();
  }

  insertNotice(row: Insertable<PublicNotice>): Promise<unknown> {
    return this.db.insertInto('publicNotice').values(row).execute();
  }

  /** The case's latest notice of a purpose (the one an objection concerns). */
  latestNotice(caseId: string, purpose: string): Promise<Selectable<PublicNotice> | undefined> {
    return this.db
      .selectFrom('publicNotice')
      .selectAll()
      .where('caseId', '=', caseId)
      .where('purpose', '=', purpose)
      .orderBy('startOn', 'desc')
      .orderBy('id', 'desc')
      .limit(1)
      .executeTakeFirst();
  }

  /** An objection interrupts the notice: it is taken down that day (a new notice follows the re-check). */
  async closeNotice(noticeId: string, closedOn: string): Promise<void> {
    await this.db
      .updateTable('publicNotice')
      .set({ closedOn })
      .where('id', '=', noticeId)
      .where('closedOn', 'is', null)
      .execute();
  }

  insertObjection(row: Insertable<NoticeObjection>): Promise<unknown> {
    return this.db.insertInto('noticeObjection').values(row).execute();
  }

  /** Open objections to the case's notices, oldest first. */
  openObjections(caseId: string): Promise<Selectable<NoticeObjection>[]> {
    return this.db
      .selectFrom('noticeObjection as o')
      .innerJoin('publicNotice as n', 'n.id', 'o.noticeId')
      .selectAll('o')
      .where('n.caseId', '=', caseId)
      .where('o.resolvedOn', 'is', null)
      .orderBy('o.raisedOn')
      .orderBy('o.id')
      .execute();
  }

  async resolveObjection(id: string, patch: { resolvedOn: string; resolution: string; upheld: boolean }) {
    await this.db.updateTable('noticeObjection').set(patch).where('id', '=', id).execute();
  }

  async notices(caseId: string): Promise<NoticeWithObjections[]> {
    const notices = await this.db
      .selectFrom('publicNotice')
      .selectAll()
      .where('caseId', '=', caseId)
      .orderBy('startOn')
      .execute();
    if (!notices.length) return [];
    const objections = await this.db
      .selectFrom('noticeObjection')
      .selectAll()
      .where(
        'noticeId',
        'in',
        notices.map((n) => n.id),
      )
      .orderBy('raisedOn')
      .execute();
    return notices.map((n) => ({ ...n, objections: objections.filter((o) => o.noticeId === n.id) }));
  }
}
