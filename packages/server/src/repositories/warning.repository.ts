import { SHARE_SCALE, shareUnits, SIGNAL_RULES, type PolicyBody } from '@dixian/core';
import type { RawClient } from '../db/driver.js';
import type { Store } from '../db/store.js';

/** The households one policy applies to: a region prefix minus the more specific prefixes that have their own. */
export interface PolicyPartition {
  prefix: string;
  exclude: string[];
}

export interface LeadCounts {
  attachedToCase: number;
  attachedToLead: number;
  leadsCreated: number;
  warningsOnNewLeads: number;
}

const partitionSql = (alias: string, prefixParam: number, excludeParam: number) =>
  `${alias}.region_code like $${prefixParam} and not (${alias}.region_code like any ($${excludeParam}::text[]))`;

const likeAll = (p: PolicyPartition) => [`${p.prefix}%`, p.exclude.map((e) => `${e}%`)] as const;

/**
 * The warning rules of packages/core/src/feeds/signals.ts (`evaluateSignal`) as one set-based statement: every
 * branch here mirrors a branch there, and test/feeds/agreement.test.ts holds the two to the same answers.
 * Parameters: $1 batch, $2 department, $3/$4 partition, $5 verify-due date, then the policy thresholds.
 */
const WARNING_INSERT = `
with ctx as (
  select r.*, h.county_code, h.region_code, h.household_type, h.monitoring_status,
         m.health_status, m.disability_grade, m.deceased_on, m.work_months, m.labor_capacity,
         (h.household_type = 'lifted_household' or h.monitoring_status <> 'not_monitored') as lifted_or_monitored,
         ir.wage_fen + ir.business_gross_fen - ir.business_cost_fen + ir.property_fen + ir.transfer_fen as prev_net
    from feed_row r
    join member m on m.id = r.member_id
    join household h on h.id = r.household_id
    -- the annual record of the year before the costs (unique per household and year)
    left join income_record ir on ir.household_id = r.household_id and ir.kind = 'annual'
                             and r.signal_type = 'medical_out_of_pocket'
                             and ir.year = (r.detail->>'year')::int - 1
   where r.batch_id = $1 and r.outcome = 'matched' and r.signal_type is not null
     and ${partitionSql('h', 3, 4)}
), judged as (
  select c.*,
    case c.signal_type
      when 'medical_out_of_pocket' then
        c.metric_fen > (case when c.lifted_or_monitored then $6::bigint else $7::bigint end)
        or (c.prev_net is not null and c.metric_fen * ${SHARE_SCALE} > $8::bigint * c.prev_net)
      when 'serious_illness' then c.health_status <> 'serious_illness'
      when 'severe_disability' then
        (c.metric_value <= $9 or (c.metric_value = 3 and c.detail->>'category' in ('intellectual', 'mental')))
        and (c.disability_grade is null or c.disability_grade > c.metric_value)
      when 'unsafe_housing' then c.detail->>'grade' = any ($10::text[])
      when 'disaster_loss' then coalesce((c.detail->>'houseDestroyed')::boolean, false) or coalesce(c.metric_fen, 0) > $11::bigint
      when 'school_dropout' then true
      when 'schooling_self_pay' then coalesce(c.metric_fen, 0) > $12::bigint
      when 'main_earner_unemployed' then
        case c.detail->>'mainEarner'
          when 'false' then false
          when 'true' then true
          else c.deceased_on is null and (
            case when coalesce(c.work_months, 0) > 0 then
              not exists (select 1 from member o where o.household_id = c.household_id and o.id <> c.member_id
                            and o.deceased_on is null and coalesce(o.work_months, 0) > coalesce(c.work_months, 0))
            else
              c.labor_capacity in ('skilled', 'ordinary')
              and not exists (select 1 from member o where o.household_id = c.household_id and o.id <> c.member_id
                                and o.deceased_on is null and coalesce(o.work_months, 0) > 0)
            end)
        end
      when 'new_dibao_not_monitored' then c.monitoring_status = 'not_monitored'
      when 'death_changes_size' then
        c.deceased_on is null
        and exists (select 1 from member o where o.household_id = c.household_id and o.id <> c.member_id
                      and o.deceased_on is null)
      when 'water_outage' then
        coalesce((c.detail->>'waterQualityProblem')::boolean, false) or coalesce(c.metric_value, 0) > $13
      when 'industry_failure' then coalesce(c.metric_fen, 0) > 0
      else false
    end as fires,
    case c.signal_type
      when 'medical_out_of_pocket' then
        case when c.metric_fen > (case when c.lifted_or_monitored then $6::bigint else $7::bigint end)
             then (case when c.lifted_or_monitored then $6::bigint else $7::bigint end)
             else floor($8::bigint * c.prev_net / ${SHARE_SCALE}.0) end
      when 'severe_disability' then $9
      when 'disaster_loss' then $11::bigint
      when 'schooling_self_pay' then $12::bigint
      when 'water_outage' then $13
    end as threshold
  from ctx c
)
insert into department_warning (batch_id, department, county_code, region_code, household_id, member_id,
  person_name, id_number, signal_type, metric_value, threshold, event_date, detail, source_row_no, dedupe_key,
  verify_due_on)
select $1, $2, j.county_code, j.region_code, j.household_id, j.member_id, j.person_name, j.id_number,
       j.signal_type, coalesce(j.metric_fen, j.metric_value), j.threshold, j.event_date, j.detail, j.row_no,
       j.dedupe_key, $5::date
  from judged j
 where j.fires
on conflict (dedupe_key, county_code) do nothing`;

/** SQL of department warnings: generation from staged rows, attachment, leads, and the department's view. */
export class WarningRepository {
  constructor(private readonly client: RawClient) {}

  /**
   * Serialises warning generation, so two imports cannot both open a lead for the same household; an import
   * (or its undo) holds it alone, while leads recorded by people hold it shared (`lockForLead`).
   */
  async lock(): Promise<void> {
    await this.client.query(`select pg_advisory_xact_lock(hashtext('dixian.department_warning'))`);
  }

  /**
   * A lead recorded by a person: the import's lock shared (an import cannot race it, other leads do not wait
   * for it), then the household's or applicant's own lock, so that two reports about one household cannot both
   * open a lead. A global lock here made every lead of a province wait for the one before to commit.
   */
  async lockForLead(key: string | null): Promise<void> {
    await this.client.query(`select pg_advisory_xact_lock_shared(hashtext('dixian.department_warning'))`);
    if (key) await this.client.query(`select pg_advisory_xact_lock(hashtext('dixian.lead:' || $1))`, [key]);
  }

  /** New warnings of one batch for the households of one policy partition; returns how many were created. */
  async generate(
    batchId: string,
    department: string,
    partition: PolicyPartition,
    warnings: PolicyBody['warnings'],
    verifyDueOn: string,
  ): Promise<number> {
    const [prefix, exclude] = likeAll(partition);
    const r = await this.client.query(WARNING_INSERT, [
      batchId,
      department,
      prefix,
      exclude,
      verifyDueOn,
      warnings.medicalOutOfPocketLiftedFen,
      warnings.medicalOutOfPocketFen,
      shareUnits(warnings.medicalShareOfPreviousIncome),
      warnings.severeDisabilityMaxGrade,
      warnings.unsafeHousingGrades,
      warnings.disasterLossFen,
      warnings.schoolingSelfPayFen,
      warnings.waterOutageDays,
    ]);
    return r.affectedRows ?? 0;
  }

  /**
   * A warning about a household with an open case (any stage but rejected or eliminated) joins that case; one
   * with an open lead joins the lead. Neither is duplicated (issue 5 §2).
   */
  async attachToOpen(batchId: string): Promise<{ toCase: number; toLead: number }> {
    const toCase = await this.client.query(
      `update department_warning w set status = 'attached', case_id = c.id
         from (select distinct on (household_id) household_id, id from monitoring_case
                where stage not in ('rejected', 'eliminated')
                  and household_id in (select household_id from department_warning
                                        where batch_id = $1 and status = 'received')
                order by household_id, discovered_at desc) c
        where w.batch_id = $1 and w.status = 'received' and w.household_id = c.household_id`,
      [batchId],
    );
    const toLead = await this.client.query(
      `update department_warning w set status = 'attached', lead_id = l.id, case_id = l.case_id
         from (select distinct on (household_id) household_id, id, case_id from lead
                where status = 'open'
                  and household_id in (select household_id from department_warning
                                        where batch_id = $1 and status = 'received')
                order by household_id, discovered_at) l
        where w.batch_id = $1 and w.status = 'received' and w.household_id = l.household_id`,
      [batchId],
    );
    return { toCase: toCase.affectedRows ?? 0, toLead: toLead.affectedRows ?? 0 };
  }

  /**
   * One lead per household for the remaining warnings of the batch in one policy partition, on the household's
   * village so the township and village see it (S1 §四(二)3), with the 15-day clock running from receipt
   * (S3 §三(四)).
   */
  async createLeads(
    batchId: string,
    department: string,
    departmentLabel: string,
    partition: PolicyPartition,
    receivedAt: Date,
    verifyDueOn: string,
    identificationDueOn: string,
  ): Promise<{ leads: number; warnings: number }> {
    const [prefix, exclude] = likeAll(partition);
    const labels = Object.fromEntries(Object.values(SIGNAL_RULES).map((r) => [r.signal, r.label.zh]));
    // A temporary table with statistics, not a CTE: the planner must know there are thousands of new leads, or it
    // joins the warnings to them in a nested loop (measured: 40 s for 15,000 leads).
    await this.client.query(
      `create temp table feed_new_lead on commit drop as
       select gen_random_uuid() as lead_id, w.household_id, min(w.county_code) as county_code,
              min(w.region_code) as region_code,
              array_remove(array_agg(distinct rt.x order by rt.x), null) as risk_types,
              string_agg(distinct ($2::jsonb ->> w.signal_type) || '(' || coalesce(w.person_name, '') || ')', '；')
                as what
         from department_warning w
         left join lateral jsonb_array_elements_text(coalesce(w.detail->'riskTypes', '[]')) as rt(x) on true
        where w.batch_id = $1 and w.status = 'received' and ${partitionSql('w', 3, 4)}
        group by w.household_id`,
      [batchId, JSON.stringify(labels), prefix, exclude],
    );
    await this.client.exec('analyze feed_new_lead');
    const leads = await this.client.query(
      `insert into lead (id, county_code, region_code, household_id, channel, sub_channel, department, description,
                         risk_types, discovered_at, verify_due_on, identification_due_on, status)
       select lead_id, county_code, region_code, household_id, 'department_warning', 'department_feed', $1,
              $2 || '推送预警: ' || what, risk_types, $3, $4::date, $5::date, 'open'
         from feed_new_lead`,
      [department, departmentLabel, receivedAt, verifyDueOn, identificationDueOn],
    );
    const updated = await this.client.query(
      `update department_warning w set status = 'lead_created', lead_id = n.lead_id
         from feed_new_lead n
        where w.batch_id = $1 and w.status = 'received' and w.household_id = n.household_id`,
      [batchId],
    );
    await this.client.exec('drop table feed_new_lead');
    return { leads: leads.affectedRows ?? 0, warnings: updated.affectedRows ?? 0 };
  }

  /** Rows whose fact was already a warning before this batch (same dedupe key). */
  async duplicatesOf(batchId: string): Promise<number> {
    const r = await this.client.query<{ n: number }>(
      `select count(*)::int as n from feed_row r join department_warning w on w.dedupe_key = r.dedupe_key
        where r.batch_id = $1 and (w.batch_id <> $1 or w.source_row_no <> r.row_no)`,
      [batchId],
    );
    return Number(r.rows[0]!.n);
  }
}

/** What became of one row a department sent (issue 5 §2: "the department sees what became of each record"). */
export interface RowOutcome {
  rowNo: number;
  personName: string | null;
  idNumber: string | null;
  outcome: 'invalid' | 'unmatched' | 'outside_scope' | 'matched';
  signalType: string | null;
  noSignal: { zh: string; en: string } | null;
  warningId: string | null;
  warningBatchId: string | null;
  warningStatus: string | null;
  verificationResult: string | null;
  verificationReason: string | null;
  /** China days */
  verifiedOn: string | null;
  fedBackOn: string | null;
  verifyDueOn: string | null;
  leadId: string | null;
  leadStatus: string | null;
  identificationDueOn: string | null;
  caseId: string | null;
  caseStage: string | null;
  regionCode: string | null;
  /** the row's amount in fen (out-of-pocket cost, loss, aid …) */
  metricFen: number | null;
}

const OUTCOME_SQL = `
  select r.row_no as "rowNo", r.person_name as "personName",
         coalesce(r.id_number, r.detail->>'rawId') as "idNumber", r.outcome,
         r.signal_type as "signalType", r.detail->'noSignal' as "noSignal",
         w.id as "warningId", w.batch_id as "warningBatchId", w.status as "warningStatus",
         w.verification_result as "verificationResult", w.verification_reason as "verificationReason",
         to_char((w.verified_at at time zone 'UTC') + interval '8 hours', 'YYYY-MM-DD') as "verifiedOn",
         to_char((w.feedback_at at time zone 'UTC') + interval '8 hours', 'YYYY-MM-DD') as "fedBackOn",
         w.verify_due_on as "verifyDueOn",
         l.id as "leadId", l.status as "leadStatus", l.identification_due_on as "identificationDueOn",
         c.id as "caseId", c.stage as "caseStage", w.region_code as "regionCode", r.metric_fen as "metricFen"
    from feed_row r
    left join department_warning w on w.dedupe_key = r.dedupe_key
    left join lead l on l.id = w.lead_id
    left join monitoring_case c on c.id = coalesce(w.case_id, l.case_id)
   where r.batch_id = $1`;

export const warningReadModels = {
  /** One page of a batch's rows with their outcome. */
  async outcomesPage(client: RawClient, batchId: string, offset: number, limit: number): Promise<RowOutcome[]> {
    const r = await client.query<RowOutcome>(`${OUTCOME_SQL} order by r.row_no offset $2 limit $3`, [
      batchId,
      offset,
      limit,
    ]);
    return r.rows;
  },
  /** Every row's outcome, streamed (for the .xlsx report). */
  outcomes(store: Store, batchId: string): AsyncGenerator<RowOutcome[]> {
    return store.stream<RowOutcome>(`${OUTCOME_SQL} order by r.row_no`, [batchId]);
  },
  async statusCounts(client: RawClient, batchId: string): Promise<Record<string, number>> {
    const r = await client.query<{ status: string; n: number }>(
      `select coalesce(w.status, 'none') as status, count(*)::int as n
         from feed_row r join department_warning w on w.dedupe_key = r.dedupe_key
        where r.batch_id = $1 group by 1`,
      [batchId],
    );
    return Object.fromEntries(r.rows.map((x) => [x.status, Number(x.n)]));
  },
};
