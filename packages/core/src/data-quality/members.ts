import { addMonths } from '../dates.js';
import { ageOn, isValidIdNumber } from '../id-number.js';
import type { DataQualityUnit, DqContext, DqMember, DqSqlContext } from './facts.js';

const S38 = 'S3 §三(八)';

export const isDeceased = (m: DqMember, asOf: string): boolean => m.deceasedOn !== null && m.deceasedOn <= asOf;
export const living = (c: DqContext): DqMember[] => c.f.members.filter((m) => !isDeceased(m, c.asOf));
const date = (d: string) => `date '${d}'`;
const refs = (ms: DqMember[]) => ms.map((m) => ({ index: m.index, relation: m.relation }));

export const memberWithoutId: DataQualityUnit = {
  id: 'S3.3.8.member_without_id',
  source: S38,
  label: { zh: '成员无有效身份证号', en: 'member without a valid ID number' },
  explain: {
    zh: '在世成员没有登记身份证号,或身份证号不合校验规则(GB 11643)。农户基础信息须精准详实。',
    en: 'A living member has no ID number, or one that fails the GB 11643 check. Basic household data must be exact.',
  },
  reads: ['members[].idNumber', 'members[].idType', 'members[].deceasedOn'],
  decide: (c) => {
    const bad = living(c).filter(
      (m) => m.idNumber === null || (m.idType === 'resident_id' && !isValidIdNumber(m.idNumber, c.asOf)),
    );
    return {
      outcome: bad.length > 0 ? 'yes' : 'no',
      message: {
        zh: `${bad.length} 名在世成员无有效身份证号`,
        en: `${bad.length} living member(s) without a valid ID`,
      },
      facts: { members: refs(bad) },
    };
  },
  // An invalid number cannot be stored through the services (member-rules.ts refuses it) and is sealed at rest,
  // so in SQL "not valid" is "none recorded".
  memberSql: (m) => `(not ${m}.deceased and ${m}.id_missing)`,
  sql: (_x, c) => c.memberHit,
};

const CHILDREN = new Set(['son', 'daughter', 'son_in_law', 'daughter_in_law']);
const GRANDCHILDREN = new Set(['grandson', 'granddaughter']);
const PARENTS = new Set(['father', 'mother']);
const inList = (s: Set<string>) => [...s].map((r) => `'${r}'`).join(', ');

/** Why one living member's age or relation cannot be, or null. */
function impossibility(m: DqMember, headBirth: string | null, c: DqContext): string | null {
  const q = c.policy.dataQuality;
  const age = ageOn(m.birthDate, c.asOf);
  if (m.relation === 'head' && age < q.headMinAge) return 'head_underage';
  if (m.relation === 'spouse' && age < (m.sex === 'male' ? q.spouseMinAgeMale : q.spouseMinAgeFemale))
    return 'spouse_underage';
  if (headBirth === null) return null;
  const gap = q.parentChildMinGapYears * 12;
  if (CHILDREN.has(m.relation) && m.birthDate < addMonths(headBirth, gap)) return 'child_too_old';
  if (GRANDCHILDREN.has(m.relation) && m.birthDate < addMonths(headBirth, 2 * gap)) return 'grandchild_too_old';
  if (PARENTS.has(m.relation) && addMonths(m.birthDate, gap) > headBirth) return 'parent_too_young';
  return null;
}

export const ageRelationImpossible: DataQualityUnit = {
  id: 'S3.3.8.age_relation_impossible',
  source: S38,
  label: { zh: '年龄或关系不合常理', en: 'impossible age or relation' },
  explain: {
    zh: '户内没有或有多个户主,户主未满规定年龄,配偶未到法定婚龄,子女(或孙辈)与户主年龄差过小,或父母比户主年轻:成员关系或出生日期录错。',
    en: 'No head or several heads, a head under age, a spouse under the legal age, a child (or grandchild) too close in age to the head, or a parent younger than the head: a relation or birth date is wrong.',
  },
  reads: ['members[].relation', 'members[].birthDate', 'members[].sex', 'policy.dataQuality'],
  decide: (c) => {
    const alive = living(c);
    const heads = alive.filter((m) => m.relation === 'head');
    const headBirth = heads.length === 1 ? heads[0]!.birthDate : null;
    const bad = alive.flatMap((m) => {
      const why = impossibility(m, headBirth, c);
      return why ? [{ index: m.index, relation: m.relation, why }] : [];
    });
    const found = heads.length !== 1 || bad.length > 0;
    return {
      outcome: found ? 'yes' : 'no',
      message: {
        zh: `户主 ${heads.length} 名;年龄或关系不合常理的成员 ${bad.length} 名`,
        en: `${heads.length} head(s); ${bad.length} member(s) with an impossible age or relation`,
      },
      facts: { heads: heads.length, members: bad },
      threshold: { ...c.policy.dataQuality },
    };
  },
  memberSql: (m, c) => {
    const q = c.policy.dataQuality;
    const age = `date_part('year', age(${date(c.asOf)}, ${m}.birth_date))`;
    const gap = `interval '${q.parentChildMinGapYears} years'`;
    const gap2 = `interval '${2 * q.parentChildMinGapYears} years'`;
    return `(not ${m}.deceased and (
      (${m}.relation = 'head' and ${age} < ${q.headMinAge})
      or (${m}.relation = 'spouse' and ${age} < case when ${m}.sex = 'male' then ${q.spouseMinAgeMale} else ${q.spouseMinAgeFemale} end)
      or (${m}.relation in (${inList(CHILDREN)}) and ${m}.birth_date < (${m}.head_birth + ${gap})::date)
      or (${m}.relation in (${inList(GRANDCHILDREN)}) and ${m}.birth_date < (${m}.head_birth + ${gap2})::date)
      or (${m}.relation in (${inList(PARENTS)}) and (${m}.birth_date + ${gap})::date > ${m}.head_birth)))`;
  },
  sql: (x, c) => `(${x}.heads <> 1 or ${c.memberHit})`,
};

export const samePersonTwoHouseholds: DataQualityUnit = {
  id: 'S3.3.8.same_person_two_households',
  source: S38,
  label: { zh: '同一人登记在两户', en: 'same person in two households' },
  explain: {
    zh: '同一身份证号的在世成员同时登记在本户和另一户:一人只能在一户,须核实户籍并删除重复。',
    en: 'A living member with the same ID number is also registered in another household: one person, one household.',
  },
  reads: ['members[].sameIdElsewhere', 'members[].deceasedOn'],
  decide: (c) => {
    const dup = living(c).filter((m) => m.sameIdElsewhere);
    return {
      outcome: dup.length > 0 ? 'yes' : 'no',
      message: { zh: `${dup.length} 名成员同时登记在其他户`, en: `${dup.length} member(s) also registered elsewhere` },
      facts: { members: refs(dup) },
    };
  },
  memberSql: (m) => `(not ${m}.deceased and ${m}.same_id_elsewhere)`,
  sql: (_x, c) => c.memberHit,
};

export const deceasedStillCounted: DataQualityUnit = {
  id: 'S3.3.8.deceased_still_counted',
  source: S38,
  label: { zh: '已故成员仍享受待遇', en: 'deceased member still counted' },
  explain: {
    zh: '成员已登记死亡,却仍标注为低保或特困对象:待遇应停发,信息应及时调整。',
    en: 'A member recorded as deceased is still marked as receiving 低保 or 特困 support: stop it and update the record.',
  },
  reads: ['members[].deceasedOn', 'members[].receivesDibao', 'members[].isTekun'],
  decide: (c) => {
    const bad = c.f.members.filter((m) => isDeceased(m, c.asOf) && (m.receivesDibao || m.isTekun));
    return {
      outcome: bad.length > 0 ? 'yes' : 'no',
      message: {
        zh: `${bad.length} 名已故成员仍为低保或特困对象`,
        en: `${bad.length} deceased member(s) still on 低保/特困`,
      },
      facts: { members: refs(bad) },
    };
  },
  memberSql: (m) => `(${m}.deceased and (${m}.receives_dibao or ${m}.is_tekun))`,
  sql: (_x, c) => c.memberHit,
};

export type { DqSqlContext };
