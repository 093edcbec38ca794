import type { LocalizedText, ScreeningFinding } from '@dixian/core';
import type { RawClient } from '../db/driver.js';
import { withMessage, type ScreeningRunRecord } from './runs.js';

/**
 * Two runs compared (issue 5 §3): who entered a finding, who left it, and why. Entered: the later run's
 * explanation (the rules that fired). Left: the departure recorded by the first run after the earlier one that no
 * longer flagged the household (each run records, for everyone its predecessor flagged, why it no longer does),
 * so the reason is the one seen at the time, not re-derived from today's registry.
 */

export interface DiffItem {
  householdId: string;
  householdNo: string | null;
  regionCode: string;
  finding: ScreeningFinding;
  /** rule ids or state changes (`monitoring_status:…`, `open_case:…`, `visited:…`, `out_of_scope`) */
  reasons: string[];
  message: LocalizedText;
  /** the run whose explanation this is (for left: the run that recorded the departure), null when none */
  explainedBy: string | null;
}

export interface RunDiff {
  a: ScreeningRunRecord;
  b: ScreeningRunRecord;
  /** per finding: entered, left, stayed */
  counts: Partial<Record<ScreeningFinding, { entered: number; left: number; stayed: number }>>;
  entered: DiffItem[];
  left: DiffItem[];
  /** more rows than the limit */
  truncated: boolean;
}

interface Row {
  household_id: string;
  household_no: string | null;
  region_code: string;
  finding: ScreeningFinding;
  explanation: unknown;
  explained_by: string | null;
}

const NOT_RECORDED: LocalizedText = {
  zh: '两次排查之间没有记录离开的原因（两次排查范围不同或中间排查失败）',
  en: 'no departure was recorded between the two runs (different scopes, or a run in between failed)',
};
const OUTSIDE: LocalizedText = {
  zh: '农户不在后一次排查的范围内',
  en: 'the household lies outside the later run’s scope',
};

/** A household that entered or left a finding, with the reasons its stored explanation gives. */
function diffItem(r: Row, cleared: boolean): DiffItem {
  const e = r.explanation ? withMessage(r.finding, cleared, r.explanation) : null;
  return {
    householdId: r.household_id,
    householdNo: r.household_no,
    regionCode: r.region_code,
    finding: r.finding,
    reasons: e?.reasons ?? [],
    message: e?.message ?? NOT_RECORDED,
    explainedBy: r.explained_by,
  };
}

/** Compare run `a` (earlier) with run `b` within the reader's region prefix. */
export async function diffRuns(
  client: RawClient,
  a: ScreeningRunRecord,
  b: ScreeningRunRecord,
  prefix: string,
  opts: { finding?: ScreeningFinding | undefined; limit: number },
): Promise<RunDiff> {
  const params: unknown[] = [a.id, b.id, `${prefix}%`];
  let filter = '';
  if (opts.finding) {
    params.push(opts.finding);
    filter = `and finding = $${params.length}`;
  }
  const base = `
    with a as (select household_id, finding, region_code from screening_result
               where run_id = $1 and not cleared and region_code like $3 ${filter}),
         b as (select household_id, finding, region_code, explanation from screening_result
               where run_id = $2 and not cleared and region_code like $3 ${filter})`;
  const counts = await client.query<{ finding: ScreeningFinding; entered: number; left: number; stayed: number }>(
    `${base}
     select coalesce(a.finding, b.finding) as finding,
       count(*) filter (where a.household_id is null)::int as entered,
       count(*) filter (where b.household_id is null)::int as left,
       count(*) filter (where a.household_id is not null and b.household_id is not null)::int as stayed
     from a full join b on a.household_id = b.household_id and a.finding = b.finding
     group by 1 order by 1`,
    params,
  );
  const limit = opts.limit + 1;
  const entered = await client.query<Row>(
    `${base}
     select b.household_id, h.household_no, b.region_code, b.finding,
       b.explanation, $2::uuid as explained_by
     from b left join a on a.household_id = b.household_id and a.finding = b.finding
     left join household h on h.id = b.household_id
     where a.household_id is null
     order by b.finding, b.region_code, h.household_no limit ${limit}`,
    params,
  );
  // the first departure recorded after run a, up to run b, by a run that covered the household
  const left = await client.query<Row>(
    `${base},
     gone as (select a.* from a left join b on b.household_id = a.household_id and b.finding = a.finding
              where b.household_id is null)
     select g.household_id, h.household_no, g.region_code, g.finding,
       d.explanation, d.run_id as explained_by
     from gone g
     left join household h on h.id = g.household_id
     left join lateral (
       select r.run_id, r.explanation from screening_result r
       join screening_run s on s.id = r.run_id
       where r.household_id = g.household_id and r.finding = g.finding and r.cleared
         and s.status = 'done' and s.started_at > $${params.length + 1} and s.started_at <= $${params.length + 2}
       order by s.started_at limit 1
     ) d on true
     order by g.finding, g.region_code, h.household_no limit ${limit}`,
    [...params, a.startedAt.toISOString(), b.startedAt.toISOString()],
  );
  const leftItems = left.rows.map((r) => {
    const i = diffItem(r, true);
    if (!r.explanation && !r.region_code.startsWith(b.scopeCode)) {
      return { ...i, reasons: ['out_of_scope'], message: OUTSIDE };
    }
    if (!r.explanation) return { ...i, reasons: ['not_recorded'] };
    return i;
  });
  return {
    a,
    b,
    counts: Object.fromEntries(
      counts.rows.map((c) => [c.finding, { entered: c.entered, left: c.left, stayed: c.stayed }]),
    ),
    entered: entered.rows.slice(0, opts.limit).map((r) => diffItem(r, false)),
    left: leftItems.slice(0, opts.limit),
    truncated: entered.rows.length > opts.limit || left.rows.length > opts.limit,
  };
}
