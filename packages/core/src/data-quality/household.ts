import { addDays, addMonths } from '../dates.js';
import { atOrBelowShare, ratioToBasisPoints } from '../income.js';
import type { DataQualityUnit, DqIncome, DqVisit } from './facts.js';
import { isDeceased } from './members.js';

const date = (d: string) => `date '${d}'`;
const incomeYear = (asOf: string, lag: number) => Number(asOf.slice(0, 4)) - lag;

export const noIncomeRecord: DataQualityUnit = {
  id: 'S3.3.8.no_income_record',
  source: 'S3 §三(八)',
  label: { zh: '缺少年度收入记录', en: 'no income record for the year' },
  explain: {
    zh: '农户没有上一年度的收入记录:收入信息须精准详实,全体农户每年排查时应录入家庭年收入。',
    en: "The household has no income record for last year: income data must be complete; the yearly screening records every household's income.",
  },
  reads: ['incomes[].year', 'policy.dataQuality.incomeYearLag'],
  decide: (c) => {
    const year = incomeYear(c.asOf, c.policy.dataQuality.incomeYearLag);
    const has = c.f.incomes.some((r) => r.year === year);
    return {
      outcome: has ? 'no' : 'yes',
      message: {
        zh: `${year} 年度收入${has ? '已' : '未'}录入`,
        en: `income for ${year} ${has ? 'recorded' : 'not recorded'}`,
      },
      facts: { yearsRecorded: c.f.incomes.map((r) => r.year) },
      threshold: { year },
    };
  },
  sql: (x, c) =>
    `not coalesce(${incomeYear(c.asOf, c.policy.dataQuality.incomeYearLag)} = any(${x}.income_years), false)`,
};

/** The latest annual record (on or before the day) and the one of the year before it. */
export function latestTwo(incomes: readonly DqIncome[], asOf: string): [DqIncome, DqIncome] | null {
  const known = incomes.filter((r) => r.periodEnd <= asOf);
  const cur = known.reduce<DqIncome | undefined>((a, r) => (a === undefined || r.year > a.year ? r : a), undefined);
  const prev = cur && known.find((r) => r.year === cur.year - 1);
  return cur && prev ? [cur, prev] : null;
}

export const incomeDropUnattended: DataQualityUnit = {
  id: 'S3.3.2.income_drop_unattended',
  source: 'S3 §三(二)',
  label: { zh: '收入骤降未跟进', en: 'sharp income drop not followed up' },
  explain: {
    zh: '最新年度收入降到上年的规定比例以下,此后却没有走访记录,也没有风险线索:走访排查后应如实纪实、上报风险。',
    en: 'Income fell to the policy share of the year before or less, and since then there has been no visit and no lead: visits must record and report risks.',
  },
  reads: ['incomes[]', 'visits[].visitedOn', 'leadsOn[]', 'policy.suddenHardship.incomeDropToShare'],
  decide: (c) => {
    const share = c.policy.suddenHardship.incomeDropToShare;
    const two = latestTwo(c.f.incomes, c.asOf);
    const drop = two !== null && two[1].netFen > 0 && atOrBelowShare(two[0].netFen, two[1].netFen, share);
    const since = two?.[0].periodEnd ?? c.asOf;
    const contacts = [...c.f.visits.map((v) => v.visitedOn), ...c.f.leadsOn].filter((d) => d > since && d <= c.asOf);
    const found = drop && contacts.length === 0;
    return {
      outcome: found ? 'yes' : 'no',
      message: drop
        ? {
            zh: `收入由上年 ${two![1].netFen / 100} 元降至 ${two![0].netFen / 100} 元,此后走访或线索 ${contacts.length} 次`,
            en: `income fell from ${two![1].netFen / 100} to ${two![0].netFen / 100} yuan; ${contacts.length} visit(s) or lead(s) since`,
          }
        : { zh: '收入未骤降', en: 'no sharp income drop' },
      facts: { current: two?.[0] ?? null, previous: two?.[1] ?? null, contactsSince: contacts.length },
      threshold: { incomeDropToShare: share },
    };
  },
  sql: (x, c) => {
    const bp = ratioToBasisPoints(c.policy.suddenHardship.incomeDropToShare);
    return `(${x}.prev_net > 0 and ${x}.cur_net::numeric * 10000 <= ${x}.prev_net::numeric * ${bp}
      and not coalesce(${x}.last_contact_on > ${x}.cur_period_end, false))`;
  },
};

export const monitoredWithoutMeasure: DataQualityUnit = {
  id: 'S3.3.5.monitored_without_measure',
  source: 'S3 §三(五)',
  label: { zh: '监测户无帮扶措施', en: 'monitored household without a measure' },
  explain: {
    zh: '已确认为监测对象超过规定天数,仍没有任何帮扶措施:应在10天内制定帮扶计划、落实措施。',
    en: 'Confirmed as monitored longer than the policy days ago and still without any measure: a plan is due within 10 days.',
  },
  reads: ['monitoredSince', 'measures[].status', 'policy.dataQuality.measureGraceDays'],
  decide: (c) => {
    const since = c.f.monitoredSince;
    const grace = c.policy.dataQuality.measureGraceDays;
    const live = c.f.measures.filter((m) => m.status !== 'stopped').length;
    const found = since !== null && addDays(since, grace) < c.asOf && live === 0;
    return {
      outcome: found ? 'yes' : 'no',
      message: {
        zh: `监测起始 ${since ?? '—'},有效帮扶措施 ${live} 项`,
        en: `monitored since ${since ?? '—'}, ${live} measure(s)`,
      },
      facts: { monitoredSince: since, measures: live },
      threshold: { measureGraceDays: grace },
    };
  },
  sql: (x, c) =>
    `(${x}.monitored_since is not null and ${x}.monitored_since + ${c.policy.dataQuality.measureGraceDays} < ${date(c.asOf)} and ${x}.live_measures = 0)`,
};

export const measureLongImplementing: DataQualityUnit = {
  id: 'S3.3.8.measure_long_implementing',
  source: 'S3 §三(八)',
  label: { zh: '措施长期"实施中"', en: 'measure implementing too long' },
  explain: {
    zh: '帮扶措施开始后超过规定月数仍为"实施中":帮扶信息应及时更新为已完成或终止。',
    en: 'A measure has been "implementing" longer than the policy months since it started: update it to done or stopped.',
  },
  reads: ['measures[].status', 'measures[].startOn', 'policy.dataQuality.measureImplementingMaxMonths'],
  decide: (c) => {
    const n = c.policy.dataQuality.measureImplementingMaxMonths;
    const old = c.f.measures.filter(
      (m) => m.status === 'implementing' && m.startOn !== null && addMonths(m.startOn, n) <= c.asOf,
    );
    return {
      outcome: old.length > 0 ? 'yes' : 'no',
      message: {
        zh: `实施超过 ${n} 个月的措施 ${old.length} 项`,
        en: `${old.length} measure(s) implementing over ${n} months`,
      },
      facts: { startedOn: old.map((m) => m.startOn) },
      threshold: { measureImplementingMaxMonths: n },
    };
  },
  sql: (x, c) =>
    `coalesce((${x}.oldest_implementing_on + interval '${c.policy.dataQuality.measureImplementingMaxMonths} months')::date <= ${date(c.asOf)}, false)`,
};

/** A visit says something: a note, an income change or estimate, or a new risk. */
export const visitHasContent = (v: DqVisit): boolean =>
  (v.note ?? '').trim() !== '' ||
  v.incomeChange !== null ||
  v.newRisks.length > 0 ||
  v.estimatedAnnualIncomeFen !== null;

/** The same over a `visit` row. */
export const visitHasContentSql = (v: string): string =>
  `(btrim(coalesce(${v}.note, '')) <> '' or ${v}.income_change is not null or cardinality(${v}.new_risks) > 0
    or ${v}.estimated_annual_income_fen is not null)`;

export const visitWithoutContent: DataQualityUnit = {
  id: 'S3.3.2.visit_without_content',
  source: 'S3 §三(二)',
  label: { zh: '走访记录无内容', en: 'visit with no content' },
  explain: {
    zh: '走访记录没有任何纪实内容(无情况说明、收入变化或新风险):每次走访后要如实、及时纪实。',
    en: 'A visit recorded nothing (no note, income change or new risk): every visit must be written up truthfully.',
  },
  reads: ['visits[]', 'policy.dataQuality.visitLookbackMonths'],
  decide: (c) => {
    const from = addMonths(c.asOf, -c.policy.dataQuality.visitLookbackMonths);
    const empty = c.f.visits.filter((v) => v.visitedOn > from && v.visitedOn <= c.asOf && !visitHasContent(v));
    return {
      outcome: empty.length > 0 ? 'yes' : 'no',
      message: { zh: `无内容的走访 ${empty.length} 次`, en: `${empty.length} visit(s) without content` },
      facts: { visitedOn: empty.map((v) => v.visitedOn) },
      threshold: { visitLookbackMonths: c.policy.dataQuality.visitLookbackMonths },
    };
  },
  sql: (x) => `${x}.empty_visits > 0`,
};

export const feedDisagrees: DataQualityUnit = {
  id: 'S3.3.3.feed_disagrees',
  source: 'S3 §三(三)',
  label: { zh: '与部门数据不一致', en: 'register disagrees with department data' },
  explain: {
    zh: '部门最新推送的数据与系统登记不符:民政推送新增低保而户内未标注低保,或推送死亡而成员仍在世。数据共享后应及时调整。',
    en: "The department's latest feed disagrees with the register: a new 低保 household not marked as such, or a death whose member is still living.",
  },
  reads: ['feedRows[]', 'members[].deceasedOn', 'receivesDibao'],
  decide: (c) => {
    const bad = c.f.feedRows.filter((r) => {
      if (r.signal === 'new_dibao_not_monitored') return !c.f.receivesDibao;
      if (r.signal === 'death_changes_size') {
        const m = c.f.members.find((x) => x.index === r.memberIndex);
        return m !== undefined && !isDeceased(m, c.asOf);
      }
      return false;
    });
    return {
      outcome: bad.length > 0 ? 'yes' : 'no',
      message: { zh: `与部门数据不一致 ${bad.length} 处`, en: `${bad.length} disagreement(s) with department data` },
      facts: { signals: bad.map((r) => r.signal) },
    };
  },
  sql: (x) => `(${x}.feed_death_living > 0 or (${x}.feed_dibao > 0 and not ${x}.receives_dibao))`,
};
