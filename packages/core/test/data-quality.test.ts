/**
 * Data-quality rules (issue 17 §2). Seed 003 §三(八): "系统数据是否精准详实 … 农户基础信息、收入信息、就业信息、
 * 帮扶信息 … 应准尽准"; §三(二) visits recorded truthfully; §三(三) department data shared; §三(五) measures.
 */
import { describe, expect, it } from 'vitest';
import {
  DATA_QUALITY_RULES,
  evaluateDataQuality,
  makeIdNumber,
  type DataQualityFacts,
  type DqMember,
} from '../src/index.js';
import { policyFor, policyWith } from './assess.support.js';

const AS_OF = '2024-06-30';
const policy = policyFor();

let seq = 10;
function member(relation: string, birthDate: string, over: Partial<DqMember> = {}): DqMember {
  const sex = relation === 'spouse' || relation === 'daughter' || relation === 'mother' ? 'female' : 'male';
  return {
    index: seq,
    relation,
    sex,
    birthDate,
    idType: 'resident_id',
    idNumber: makeIdNumber('220681', birthDate, (seq += 2), sex),
    deceasedOn: null,
    receivesDibao: false,
    isTekun: false,
    sameIdElsewhere: false,
    ...over,
  };
}

/** A household with nothing wrong: a couple and a son, last year's income, a visit with a note. */
function clean(over: Partial<DataQualityFacts> = {}): DataQualityFacts {
  return {
    members: [member('head', '1968-03-15'), member('spouse', '1970-08-09'), member('son', '1995-01-01')],
    incomes: [{ year: 2023, netFen: 3_000_000, periodEnd: '2023-12-31' }],
    visits: [
      { visitedOn: '2024-05-10', note: '生活正常', incomeChange: null, newRisks: [], estimatedAnnualIncomeFen: null },
    ],
    leadsOn: [],
    monitoredSince: null,
    measures: [],
    receivesDibao: false,
    feedRows: [],
    ...over,
  };
}
const found = (f: DataQualityFacts, p = policy) => evaluateDataQuality(f, p, AS_OF).ruleIds;

describe('data-quality rules (S3 §三(八))', () => {
  it('every rule has an id naming its seed paragraph, labels and explanations in both languages, and SQL', () => {
    for (const u of DATA_QUALITY_RULES) {
      expect(u.id).toMatch(/^S3\.3\.\d\./);
      expect(u.source).toMatch(/^S3 §三/);
      expect(u.label.zh && u.label.en && u.explain.zh && u.explain.en).toBeTruthy();
      expect(typeof u.sql).toBe('function');
    }
    expect(new Set(DATA_QUALITY_RULES.map((u) => u.id)).size).toBe(DATA_QUALITY_RULES.length);
  });

  it('a clean household has no finding', () => {
    expect(found(clean())).toEqual([]);
  });

  it('a living member without an ID number, or with a wrong check digit, is found; a deceased one is not', () => {
    const f = clean();
    f.members[2] = { ...f.members[2]!, idNumber: null };
    expect(found(f)).toEqual(['S3.3.8.member_without_id']);
    const wrong = clean();
    const id = wrong.members[1]!.idNumber!;
    wrong.members[1] = { ...wrong.members[1]!, idNumber: id.slice(0, 17) + (id[17] === '1' ? '2' : '1') };
    expect(found(wrong)).toEqual(['S3.3.8.member_without_id']);
    const dead = clean();
    dead.members[2] = { ...dead.members[2]!, idNumber: null, deceasedOn: '2024-01-02' };
    expect(found(dead)).toEqual([]);
  });

  it('ages and relations that cannot be: a 15-year-old head, a 19-year-old wife, a son 10 years younger than the head, a father younger than the head, two heads', () => {
    const cases: DqMember[][] = [
      [member('head', '2009-01-01')],
      [member('head', '1980-01-01'), member('spouse', '2005-01-01')],
      [member('head', '1968-03-15'), member('son', '1978-03-15')],
      [member('head', '1968-03-15'), member('father', '1960-01-01')],
      [member('head', '1968-03-15'), member('head', '1970-01-01')],
    ];
    for (const members of cases) expect(found(clean({ members }))).toEqual(['S3.3.8.age_relation_impossible']);
    // the boundary: a son born exactly 15 years after the head is possible; a spouse of exactly 20 (female) too
    expect(found(clean({ members: [member('head', '1968-03-15'), member('son', '1983-03-15')] }))).toEqual([]);
    expect(found(clean({ members: [member('head', '1990-01-01'), member('spouse', '2004-06-30')] }))).toEqual([]);
    // the policy moves the line
    const p = policyWith({ dataQuality: { ...policy.dataQuality, parentChildMinGapYears: 20 } });
    expect(found(clean({ members: [member('head', '1968-03-15'), member('son', '1985-01-01')] }), p)).toEqual([
      'S3.3.8.age_relation_impossible',
    ]);
  });

  it('the same person in another household, and a deceased member still on 低保', () => {
    const f = clean();
    f.members[2] = { ...f.members[2]!, sameIdElsewhere: true };
    expect(found(f)).toEqual(['S3.3.8.same_person_two_households']);
    const d = clean();
    d.members[2] = { ...d.members[2]!, deceasedOn: '2024-03-01', receivesDibao: true };
    expect(found(d)).toEqual(['S3.3.8.deceased_still_counted']);
  });

  it('no income record for last year', () => {
    expect(found(clean({ incomes: [{ year: 2022, netFen: 1, periodEnd: '2022-12-31' }] }))).toEqual([
      'S3.3.8.no_income_record',
    ]);
  });

  it('income fell to the policy share or less with no visit or lead since: found; a visit after the period clears it', () => {
    const share = policy.suddenHardship.incomeDropToShare;
    const prev = 3_000_000;
    const incomes = [
      { year: 2022, netFen: prev, periodEnd: '2022-12-31' },
      { year: 2023, netFen: Math.floor(prev * share), periodEnd: '2023-12-31' },
    ];
    expect(found(clean({ incomes, visits: [] }))).toEqual(['S3.3.2.income_drop_unattended']);
    expect(found(clean({ incomes }))).toEqual([]);
    expect(found(clean({ incomes, visits: [], leadsOn: ['2024-02-01'] }))).toEqual([]);
    const less = [incomes[0]!, { ...incomes[1]!, netFen: Math.floor(prev * share) + 1 }];
    expect(found(clean({ incomes: less, visits: [] }))).toEqual([]);
  });

  it('a household monitored past the grace days without a measure; a measure implementing past the policy months', () => {
    expect(found(clean({ monitoredSince: '2024-06-01' }))).toEqual(['S3.3.5.monitored_without_measure']);
    expect(found(clean({ monitoredSince: '2024-06-20' }))).toEqual([]);
    expect(found(clean({ monitoredSince: '2024-06-01', measures: [{ status: 'stopped', startOn: null }] }))).toEqual([
      'S3.3.5.monitored_without_measure',
    ]);
    const old = clean({ monitoredSince: '2023-01-01', measures: [{ status: 'implementing', startOn: '2023-06-30' }] });
    expect(found(old)).toEqual(['S3.3.8.measure_long_implementing']);
    old.measures = [{ status: 'implementing', startOn: '2023-07-01' }];
    expect(found(old)).toEqual([]);
  });

  it('a visit with no content within the look-back', () => {
    const empty = {
      visitedOn: '2024-05-10',
      note: '  ',
      incomeChange: null,
      newRisks: [],
      estimatedAnnualIncomeFen: null,
    };
    expect(found(clean({ visits: [empty] }))).toEqual(['S3.3.2.visit_without_content']);
    expect(found(clean({ visits: [{ ...empty, visitedOn: '2023-06-30' }], leadsOn: [] }))).toEqual([]);
  });

  it('S3 §三(三): a department feed of a death whose member still lives, or of a new 低保 not marked', () => {
    const f = clean({ feedRows: [{ signal: 'death_changes_size', memberIndex: 0 }] });
    f.members[0] = { ...f.members[0]!, index: 0 };
    expect(found(f)).toEqual(['S3.3.3.feed_disagrees']);
    expect(found(clean({ feedRows: [{ signal: 'new_dibao_not_monitored', memberIndex: null }] }))).toEqual([
      'S3.3.3.feed_disagrees',
    ]);
    expect(
      found(clean({ receivesDibao: true, feedRows: [{ signal: 'new_dibao_not_monitored', memberIndex: null }] })),
    ).toEqual([]);
  });
});
