import { addDays, IDENTIFICATION_STAGES, MONITORED_STAGES, type DeadlineKind, type Scope } from '@dixian/core';
import type { DEADLINE_SORT, SortValue } from '@dixian/core/api';
import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { DB } from '../db/types.js';
import { inScope } from './scope.js';
import { sortTerms } from './sort.js';
import { visitDueSql, type VisitIntervals } from './visit-due.sql.js';
import { visitDueRollupSql, type VisitDueSource } from './rollup.repository.js';

/**
 * Open deadlines as one set-based query: a union of one branch per source, then "due" (within the window) and
 * "overdue" judged on the as-of day. The dashboard counts the same query grouped by kind, so its figures and the
 * list always agree.
 */

export { visitIntervalsOf, type VisitIntervals } from './visit-due.sql.js';

export interface DeadlineParams {
  scope: Scope;
  asOf: string;
  withinDays: number;
  kind?: DeadlineKind | undefined;
  status?: 'due' | 'overdue' | undefined;
  visitIntervals: readonly VisitIntervals[];
  /** where the visit branch reads from (rollup.service.ts); default live */
  visitSource?: VisitDueSource | undefined;
  /** core DeadlineQuery's sort (a page by offset only; the export's keyset walk keeps the default order) */
  sort?: SortValue<(typeof DEADLINE_SORT)[number]> | undefined;
}

const DEADLINE_SORT_COLUMNS: Record<(typeof DEADLINE_SORT)[number], string> = {
  dueOn: 'j.due_on',
  kind: 'j.kind',
  householdNo: 'hh.household_no',
  regionCode: 'j.region_code',
};

export interface DeadlineRow {
  kind: DeadlineKind;
  source: 'case' | 'lead' | 'warning' | 'household';
  refId: string;
  householdId: string | null;
  householdNo: string | null;
  headName: string | null;
  regionCode: string;
  regionName: string | null;
  dueOn: string | null;
  daysLeft: number | null;
  overdue: boolean;
  state: string;
  detail: string | null;
}

const list = (values: readonly string[]) =>
  sql.join(
    values.map((v) => sql.lit(v)),
    sql`, `,
  );

/**
 * Open cases within the scope, by the case's own village: an open case follows its household on a move, a merge
 * and a split (change-request.repository moveOpenRecords, moveCase), and a household never leaves its county.
 * Joining every case to its household instead read a whole county's households (190 of the 370 ms of a county's
 * list at 300,000 households).
 */
function caseBranch(
  scope: Scope,
  kind: DeadlineKind,
  due: RawBuilder<unknown>,
  where: RawBuilder<boolean>,
): RawBuilder<unknown> {
  return sql`
    select ${sql.lit(kind)} as kind, 'case' as source, c.id as ref_id, c.household_id, c.region_code,
      ${due} as due_on, c.stage as state, null::text as detail
    from monitoring_case c
    where ${inScope('monitoringCase', scope, 'c')} and ${where}`;
}

function leadBranch(scope: Scope, kind: DeadlineKind, due: 'verify_due_on' | 'identification_due_on') {
  return sql`
    select ${sql.lit(kind)} as kind, 'lead' as source, l.id as ref_id, l.household_id, l.region_code,
      ${sql.ref(`l.${due === 'verify_due_on' ? 'verifyDueOn' : 'identificationDueOn'}`)} as due_on,
      l.status as state, l.channel as detail
    from lead l
    where ${inScope('lead', scope, 'l')} and l.status = 'open' and l.case_id is null
      and l.attached_to_lead_id is null and ${sql.ref(`l.${due === 'verify_due_on' ? 'verifyDueOn' : 'identificationDueOn'}`)} is not null`;
}

/** Households due a visit, by the one definition the visits-due page reads too (visit-due.sql.ts). */
function visitBranch(p: DeadlineParams) {
  const rows =
    p.visitSource?.kind === 'rollup'
      ? visitDueRollupSql(p.scope, p.asOf, p.visitSource.builtAt, p.visitIntervals)
      : visitDueSql(p.scope, p.asOf, p.visitIntervals);
  return sql`
    select 'visit' as kind, 'household' as source, v.household_id as ref_id, v.household_id, v.region_code,
      v.due_on, v.monitoring_status as state, v.reasons as detail
    from (${rows}) v`;
}

function warningBranch(scope: Scope) {
  return sql`
    select 'warning' as kind, 'warning' as source, w.id as ref_id, w.household_id, w.region_code,
      w.verify_due_on as due_on, w.status as state, w.department as detail
    from department_warning w
    where ${inScope('departmentWarning', scope, 'w')}
      and w.status in ('received', 'lead_created', 'attached') and w.verified_at is null and w.verify_due_on is not null`;
}

/**
 * 受灾入户走访 (issue 15 §6): every affected household of a recorded disaster not visited since its date is due on
 * the disaster's visit day (its date plus the policy's disaster.visitDays, fixed when recorded).
 */
function disasterVisitBranch(scope: Scope) {
  // one row a household (a household hit twice is due by the earlier day), so (kind, ref_id) stays a key
  return sql`
    select * from (select distinct on (dh.household_id) 'disaster_visit' as kind, 'household' as source,
      dh.household_id as ref_id, dh.household_id, h.region_code, d.visit_due_on as due_on,
      h.monitoring_status as state, d.name as detail
    from disaster_household dh
    join disaster d on d.id = dh.disaster_id
    join household h on h.id = dh.household_id and ${inScope('household', scope, 'h')}
    where h.closed_on is null
      and not exists (select 1 from visit v where v.household_id = dh.household_id and v.visited_on >= d.occurred_on)
    order by dh.household_id, d.visit_due_on) dv`;
}

function branches(p: DeadlineParams): RawBuilder<unknown>[] {
  const want = (k: DeadlineKind) => !p.kind || p.kind === k;
  const out: RawBuilder<unknown>[] = [];
  if (want('verification')) {
    out.push(
      caseBranch(
        p.scope,
        'verification',
        sql`c.verification_due_on`,
        sql`c.stage = 'verifying' and c.verified_on is null and c.verification_due_on is not null`,
      ),
      leadBranch(p.scope, 'verification', 'verify_due_on'),
    );
  }
  if (want('identification')) {
    out.push(
      caseBranch(
        p.scope,
        'identification',
        sql`c.identification_due_on`,
        sql`c.stage in (${list(IDENTIFICATION_STAGES)}) and c.identification_due_on is not null`,
      ),
      leadBranch(p.scope, 'identification', 'identification_due_on'),
    );
  }
  if (want('assistance_plan')) {
    out.push(
      caseBranch(
        p.scope,
        'assistance_plan',
        sql`c.plan_due_on`,
        sql`c.stage in (${list(MONITORED_STAGES)}) and c.plan_due_on is not null
          and not exists (select 1 from assistance_plan ap where ap.case_id = c.id)`,
      ),
    );
  }
  if (want('notice')) {
    // the notice's last day; after it the case waits for the township review (S1 §四(三)2, S3 §三(四))
    out.push(
      caseBranch(
        p.scope,
        'notice',
        sql`case when c.stage = 'publicizing' then c.notice_end_on else c.elimination_notice_end_on end`,
        sql`c.stage in ('publicizing', 'elimination_publicizing')`,
      ),
    );
  }
  if (want('visit')) out.push(visitBranch(p));
  if (want('warning')) out.push(warningBranch(p.scope));
  if (want('disaster_visit')) out.push(disasterVisitBranch(p.scope));
  return out;
}

/** The judged rows (kind, source, ref_id, household_id, region_code, due_on, state, detail, days_left, overdue, due). */
function judged(p: DeadlineParams): RawBuilder<unknown> {
  const horizon = addDays(p.asOf, p.withinDays);
  const union = sql.join(branches(p), sql` union all `);
  return sql`
    select i.*, (i.due_on - ${p.asOf}::date) as days_left,
      (i.due_on is null or i.due_on < ${p.asOf}::date) as overdue,
      (i.due_on is not null and i.due_on >= ${p.asOf}::date and i.due_on <= ${horizon}::date) as due
    from (${union}) i`;
}

function statusWhere(status: DeadlineParams['status']): RawBuilder<boolean> {
  if (status === 'due') return sql<boolean>`j.due`;
  if (status === 'overdue') return sql<boolean>`j.overdue`;
  return sql<boolean>`(j.due or j.overdue)`;
}

export interface DeadlineCursor {
  dueOn: string | null;
  kind: string;
  refId: string;
}

export class DeadlineRepository {
  constructor(private readonly db: Kysely<DB>) {}

  /**
   * One page of deadlines, overdue-first by due day (never-visited households first), with the total. With
   * `after`, the page continues a keyset walk (exports) and no total is counted.
   */
  async list(
    p: DeadlineParams,
    page: { limit: number; offset?: number; after?: DeadlineCursor },
  ): Promise<{ rows: DeadlineRow[]; total: number }> {
    if (!branches(p).length) return { rows: [], total: 0 };
    const sortKey = sql`coalesce(j.due_on, '0001-01-01'::date)`;
    const after = page.after
      ? sql`and (${sortKey}, j.kind, j.ref_id::text) > (coalesce(${page.after.dueOn}::date, '0001-01-01'::date), ${page.after.kind}, ${page.after.refId})`
      : sql``;
    const order = (page.after ? null : sortTerms(p.sort, DEADLINE_SORT_COLUMNS, ['j.kind', sql`j.ref_id::text`])) ?? [
      sortKey,
      sql`j.kind`,
      sql`j.ref_id::text`,
    ];
    // the page is chosen first and only its rows are joined to their household, head and village: at a prefecture
    // the judged set holds a hundred thousand rows and the joins of all of them took seconds
    const byHouseholdNo = !page.after && p.sort?.replace(/^-/, '') === 'householdNo';
    const r = await sql<DeadlineRow & { total: number }>`
      select j.kind, j.source, j.ref_id, j.household_id, hh.household_no, head.name as head_name, j.region_code,
        rg.name as region_name, j.due_on, j.days_left, j.overdue, j.state, j.detail, j.total
      from (
        select j.*, ${page.after ? sql`0` : sql`count(*) over ()`}::int as total
        from (${judged(p)}) j
        ${byHouseholdNo ? sql`left join household hh on hh.id = j.household_id` : sql``}
        where ${statusWhere(p.status)} ${after}
        order by ${sql.join(order)}
        limit ${page.limit} offset ${page.offset ?? 0}
      ) j
      left join household hh on hh.id = j.household_id
      left join lateral (
        select m.name from member m where m.household_id = j.household_id and m.relation = 'head'
        order by m.created_at limit 1
      ) head on true
      left join region rg on rg.code = j.region_code
      order by ${sql.join(order)}`.execute(this.db);
    const rows = r.rows.map(({ total: _t, ...row }) => ({ ...row, refId: String(row.refId) }));
    return { rows, total: r.rows[0]?.total ?? 0 };
  }

  /** Due and overdue counts by kind: the dashboard's deadline figures. */
  async counts(
    p: Omit<DeadlineParams, 'status' | 'kind'>,
  ): Promise<{ kind: DeadlineKind; due: number; overdue: number }[]> {
    const r = await sql<{ kind: DeadlineKind; due: number; overdue: number }>`
      select j.kind, count(*) filter (where j.due)::int as due, count(*) filter (where j.overdue)::int as overdue
      from (${judged({ ...p, kind: undefined, status: undefined })}) j
      group by j.kind`.execute(this.db);
    return r.rows;
  }
}
