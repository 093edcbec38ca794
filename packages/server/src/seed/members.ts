import {
  type DisabilityCategory,
  type HealthStatus,
  type LaborCapacity,
  type Relation,
  type SchoolStatus,
  type Sex,
} from '@dixian/core';
import { addDays, addMonths, daysBetween } from './days.js';
import {
  CHRONIC_DISEASES,
  DISTANT_WORKPLACES,
  DROPOUT_REASONS,
  EMPLOYERS,
  ETHNICITIES,
  givenName,
  PUBLIC_WELFARE_JOBS,
  SERIOUS_DISEASES,
  SURNAMES,
} from './catalog.js';
import type { Rng } from './random.js';

/**
 * Who lives in a household and what each person can do: composition by archetype, ages, sexes, relations,
 * schooling, health, disability, labour capacity and work. Rates are rough national rural figures (see
 * docs/ARCHITECTURE.md "Demo data" for the table); they only need to be plausible and deterministic.
 */

export interface MemberDraft {
  name: string;
  sex: Sex;
  birthDate: string;
  age: number;
  relation: Relation;
  ethnicity: string;
  politicalStatus: string;
  education: string | null;
  schoolStatus: SchoolStatus;
  dropoutReason: string | null;
  healthStatus: HealthStatus;
  disease: string | null;
  disabilityCategory: DisabilityCategory | null;
  disabilityGrade: number | null;
  disabilityCertYear: number | null;
  laborCapacity: LaborCapacity;
  /** where a wage earner works; null for farmers and people who do not work */
  workPlace: string | null;
  workMonths: number | null;
  employer: string | null;
  /** works outside the county */
  migrant: boolean;
  farming: boolean;
  publicWelfareJob: string | null;
  publicWelfareJobMonths: number | null;
  medicalInsurance: 'resident' | 'employee' | 'none';
  criticalIllnessInsurance: boolean;
  pensionInsurance: string | null;
  phone: string | null;
  isCarer: boolean;
}

export interface Places {
  countyName: string;
  provinceName: string;
  prefectureName: string;
  townshipName: string;
}

type Archetype =
  | 'single_elderly'
  | 'single_adult'
  | 'elderly_couple'
  | 'couple'
  | 'nuclear'
  | 'three_generations'
  | 'single_parent'
  | 'with_parents';

const ARCHETYPES: readonly (readonly [Archetype, number])[] = [
  ['single_elderly', 11],
  ['single_adult', 4],
  ['elderly_couple', 19],
  ['couple', 7],
  ['nuclear', 30],
  ['three_generations', 16],
  ['single_parent', 4],
  ['with_parents', 9],
];

/** A birth date such that the person is exactly `age` on `asOf`. */
export function birthDateForAge(rng: Rng, age: number, asOf: string): string {
  const latest = addMonths(asOf, -12 * age);
  const earliest = addDays(addMonths(asOf, -12 * (age + 1)), 1);
  return addDays(earliest, rng.int(0, daysBetween(earliest, latest)));
}

const MOBILE_PREFIXES = [
  '130',
  '131',
  '132',
  '135',
  '136',
  '138',
  '139',
  '150',
  '151',
  '155',
  '157',
  '158',
  '159',
  '177',
  '180',
  '182',
  '186',
  '187',
  '188',
  '199',
];

export function mobilePhone(rng: Rng): string {
  return rng.pick(MOBILE_PREFIXES) + String(rng.int(0, 99_999_999)).padStart(8, '0');
}

export function surname(rng: Rng): string {
  return rng.weighted(SURNAMES);
}

interface Person {
  age: number;
  sex: Sex;
  relation: Relation;
  family?: string;
}

function children(rng: Rng, parentAge: number, count: number, son: Relation, daughter: Relation): Person[] {
  const out: Person[] = [];
  let age = parentAge - rng.int(22, 33);
  for (let i = 0; i < count && age >= 0; i++) {
    const sex: Sex = rng.chance(0.52) ? 'male' : 'female';
    out.push({ age, sex, relation: sex === 'male' ? son : daughter });
    age -= rng.int(2, 6);
  }
  return out;
}

/** The people of one household: archetype, then ages, sexes and relations to the head. */
function compose(rng: Rng): Person[] {
  const kind = rng.weighted(ARCHETYPES);
  const headMale = (p: number) => (rng.chance(p) ? 'male' : 'female') as Sex;
  const other = (s: Sex): Sex => (s === 'male' ? 'female' : 'male');
  const spouse = (head: Person): Person => ({
    age: Math.max(20, head.age + (head.sex === 'male' ? -rng.int(0, 5) : rng.int(0, 5))),
    sex: other(head.sex),
    relation: 'spouse',
  });
  switch (kind) {
    case 'single_elderly':
      return [{ age: rng.int(60, 90), sex: headMale(0.45), relation: 'head' }];
    case 'single_adult':
      return [{ age: rng.int(28, 59), sex: headMale(0.8), relation: 'head' }];
    case 'elderly_couple': {
      const head: Person = { age: rng.int(58, 86), sex: headMale(0.9), relation: 'head' };
      return [head, spouse(head)];
    }
    case 'couple': {
      const head: Person = { age: rng.int(40, 62), sex: headMale(0.9), relation: 'head' };
      return [head, spouse(head)];
    }
    case 'nuclear': {
      const head: Person = { age: rng.int(27, 56), sex: headMale(0.88), relation: 'head' };
      const n = rng.weighted([
        [1, 45],
        [2, 42],
        [3, 13],
      ] as const);
      return [head, spouse(head), ...children(rng, head.age, n, 'son', 'daughter')];
    }
    case 'three_generations': {
      const head: Person = { age: rng.int(50, 72), sex: headMale(0.88), relation: 'head' };
      const viaSon = rng.chance(0.8);
      const childAge = Math.max(20, head.age - rng.int(23, 32));
      const child: Person = viaSon
        ? { age: childAge, sex: 'male', relation: 'son' }
        : { age: childAge, sex: 'female', relation: 'daughter' };
      const inLaw: Person = viaSon
        ? { age: Math.max(19, childAge - rng.int(0, 4)), sex: 'female', relation: 'daughter_in_law' }
        : { age: childAge + rng.int(0, 4), sex: 'male', relation: 'son_in_law' };
      const members = [head, ...(rng.chance(0.85) ? [spouse(head)] : []), child, inLaw];
      const n = rng.weighted([
        [1, 55],
        [2, 40],
        [3, 5],
      ] as const);
      members.push(...children(rng, childAge, n, 'grandson', 'granddaughter'));
      return members;
    }
    case 'single_parent': {
      const head: Person = { age: rng.int(30, 55), sex: headMale(0.5), relation: 'head' };
      return [head, ...children(rng, head.age, rng.int(1, 2), 'son', 'daughter')];
    }
    case 'with_parents': {
      const head: Person = { age: rng.int(30, 55), sex: headMale(0.9), relation: 'head' };
      const parents: Person[] = [];
      const parentAge = Math.min(95, head.age + rng.int(23, 32));
      if (rng.chance(0.6)) parents.push({ age: parentAge, sex: 'female', relation: 'mother' });
      if (rng.chance(0.5) || !parents.length)
        parents.push({ age: parentAge + rng.int(0, 4), sex: 'male', relation: 'father' });
      const members = [head, ...(rng.chance(0.9) ? [spouse(head)] : []), ...parents];
      members.push(...children(rng, head.age, rng.int(0, 2), 'son', 'daughter'));
      if (rng.chance(0.04)) members.push({ age: head.age + rng.int(-6, 6), sex: headMale(0.5), relation: 'sibling' });
      return members;
    }
  }
}

function schooling(rng: Rng, age: number): SchoolStatus {
  if (age < 3) return 'preschool_age';
  if (age < 6) return rng.chance(0.85) ? 'preschool' : 'preschool_age';
  if (age < 12) return 'primary';
  if (age < 15) return 'junior_secondary';
  if (age === 15)
    return rng.weighted([
      ['junior_secondary', 60],
      ['senior_secondary', 30],
      ['vocational_secondary', 10],
    ] as const);
  if (age < 19)
    return rng.weighted([
      ['senior_secondary', 50],
      ['vocational_secondary', 25],
      ['not_in_school', 25],
    ] as const);
  if (age < 23)
    return rng.weighted([
      ['undergraduate', 18],
      ['higher_vocational', 17],
      ['not_in_school', 65],
    ] as const);
  if (age < 26)
    return rng.weighted([
      ['postgraduate', 2],
      ['undergraduate', 3],
      ['not_in_school', 95],
    ] as const);
  return 'not_in_school';
}

function education(rng: Rng, birthYear: number): string {
  if (birthYear < 1960)
    return rng.weighted([
      ['文盲或半文盲', 30],
      ['小学', 45],
      ['初中', 22],
      ['高中', 3],
    ] as const);
  if (birthYear < 1980)
    return rng.weighted([
      ['小学', 25],
      ['初中', 55],
      ['高中', 15],
      ['大专', 5],
    ] as const);
  return rng.weighted([
    ['初中', 45],
    ['高中', 25],
    ['大专', 20],
    ['本科及以上', 10],
  ] as const);
}

const band = (age: number, rates: [number, number, number, number, number]) =>
  age < 18 ? rates[0] : age < 45 ? rates[1] : age < 60 ? rates[2] : age < 70 ? rates[3] : rates[4];

const DISABILITY_CATEGORIES: readonly (readonly [DisabilityCategory, number])[] = [
  ['physical', 35],
  ['hearing', 22],
  ['visual', 12],
  ['multiple', 12],
  ['mental', 10],
  ['intellectual', 8],
  ['speech', 1],
];

/** A severe disability in the 低保 sense (R2): grade 1–2 of any kind, or grade 3 intellectual or mental. */
export function isSevereDisability(m: Pick<MemberDraft, 'disabilityGrade' | 'disabilityCategory'>): boolean {
  if (m.disabilityGrade === null) return false;
  return (
    m.disabilityGrade <= 2 ||
    (m.disabilityGrade === 3 && (m.disabilityCategory === 'intellectual' || m.disabilityCategory === 'mental'))
  );
}

export function makeIll(rng: Rng, m: MemberDraft, serious: boolean): void {
  m.healthStatus = serious ? 'serious_illness' : 'chronic_illness';
  m.disease = rng.pick(serious ? SERIOUS_DISEASES : CHRONIC_DISEASES);
  if (serious && m.age >= 16 && m.schoolStatus === 'not_in_school')
    m.laborCapacity = rng.chance(0.6) ? 'lost' : 'weak_or_half';
  if (m.laborCapacity !== 'skilled' && m.laborCapacity !== 'ordinary') stopWork(m);
}

export function makeDisabled(rng: Rng, m: MemberDraft, asOfYear: number, severe: boolean): void {
  m.disabilityCategory = rng.weighted(DISABILITY_CATEGORIES);
  m.disabilityGrade = severe
    ? rng.int(1, 2)
    : rng.weighted([
        [1, 10],
        [2, 18],
        [3, 30],
        [4, 42],
      ] as const);
  m.disabilityCertYear = Math.max(Number(m.birthDate.slice(0, 4)), asOfYear - rng.int(0, 15));
  if (isSevereDisability(m) && m.age >= 16) {
    m.laborCapacity = m.age >= 65 ? 'none' : 'lost';
    stopWork(m);
  }
}

function stopWork(m: MemberDraft): void {
  m.workPlace = null;
  m.workMonths = null;
  m.employer = null;
  m.migrant = false;
  m.farming = false;
}

function labor(rng: Rng, m: MemberDraft): LaborCapacity {
  const inSchool = m.schoolStatus !== 'not_in_school' && m.schoolStatus !== 'dropout';
  if (m.age < 16 || inSchool) return 'none';
  if (m.disabilityGrade !== null && isSevereDisability(m)) return m.age >= 65 ? 'none' : 'lost';
  if (m.healthStatus === 'serious_illness') return rng.chance(0.6) ? 'lost' : 'weak_or_half';
  if (m.age >= 70) return rng.chance(0.7) ? 'none' : 'weak_or_half';
  if (m.age >= 65)
    return rng.weighted([
      ['weak_or_half', 60],
      ['none', 25],
      ['ordinary', 15],
    ] as const);
  if (m.age >= 60)
    return rng.weighted([
      ['weak_or_half', 45],
      ['ordinary', 50],
      ['none', 5],
    ] as const);
  if (m.disabilityGrade !== null) return rng.chance(0.6) ? 'weak_or_half' : 'ordinary';
  if (m.healthStatus === 'chronic_illness')
    return rng.weighted([
      ['weak_or_half', 30],
      ['ordinary', 60],
      ['skilled', 10],
    ] as const);
  return rng.weighted([
    ['skilled', 18],
    ['ordinary', 78],
    ['weak_or_half', 4],
  ] as const);
}

export function canWork(l: LaborCapacity): boolean {
  return l === 'skilled' || l === 'ordinary' || l === 'weak_or_half';
}

/** The household's members with every attribute set. The first member is the head. */
export function generateMembers(rng: Rng, asOf: string, places: Places): { family: string; members: MemberDraft[] } {
  const people = compose(rng);
  const family = surname(rng);
  // The spouse (and in-laws) keep their own surname; children and grandchildren take the family's.
  const surnameOf = (p: Person): string => {
    if (p.relation === 'head' || p.relation === 'son' || p.relation === 'daughter' || p.relation === 'sibling')
      return family;
    if (p.relation === 'grandson' || p.relation === 'granddaughter')
      return people.some((q) => q.relation === 'son') ? family : surname(rng);
    if (p.relation === 'father') return family;
    return surname(rng);
  };
  const members = people.map((p) => memberOf(rng, p, asOf, places, surnameOf));
  // A working-age member who looks after a severely disabled or seriously ill member, or a baby (S2 §二(一)3)
  const needsCare = members.some((m) => isSevereDisability(m) || m.healthStatus === 'serious_illness' || m.age < 2);
  if (needsCare) {
    const carer = members.find((m) => m.age >= 18 && m.age < 60 && m.laborCapacity !== 'lost' && !m.migrant);
    if (carer && rng.chance(0.5)) carer.isCarer = true;
  }
  return { family, members };
}

/** One member: who they are, then health and disability, then work (in this order: the random stream's). */
function memberOf(rng: Rng, p: Person, asOf: string, places: Places, surnameOf: (p: Person) => string): MemberDraft {
  const birthDate = birthDateForAge(rng, p.age, asOf);
  const birthYear = Number(birthDate.slice(0, 4));
  const school = schooling(rng, p.age);
  const m: MemberDraft = {
    name: surnameOf(p) + givenName(rng, p.sex, birthYear),
    sex: p.sex,
    birthDate,
    age: p.age,
    relation: p.relation,
    ethnicity: rng.weighted(ETHNICITIES),
    politicalStatus:
      p.age >= 18 && rng.chance(0.06)
        ? '中共党员'
        : p.age >= 14 && p.age <= 28 && rng.chance(0.3)
          ? '共青团员'
          : '群众',
    education: school === 'not_in_school' && p.age >= 16 ? education(rng, birthYear) : null,
    schoolStatus: school,
    dropoutReason: null,
    healthStatus: 'healthy',
    disease: null,
    disabilityCategory: null,
    disabilityGrade: null,
    disabilityCertYear: null,
    laborCapacity: 'none',
    workPlace: null,
    workMonths: null,
    employer: null,
    migrant: false,
    farming: false,
    publicWelfareJob: null,
    publicWelfareJobMonths: null,
    medicalInsurance: rng.weighted([
      ['resident', 96.5],
      ['employee', 2.5],
      ['none', 1],
    ] as const),
    criticalIllnessInsurance: false,
    pensionInsurance: null,
    phone: null,
    isCarer: false,
  };
  memberHealth(rng, m, p, birthYear, Number(asOf.slice(0, 4)));
  memberWork(rng, m, p, places);
  if (p.age >= 16 && school === 'not_in_school') {
    m.pensionInsurance = rng.chance(0.92) ? '城乡居民基本养老保险' : rng.chance(0.3) ? '职工基本养老保险' : null;
  }
  if (p.age >= 18 && (p.relation === 'head' || rng.chance(0.6))) m.phone = mobilePhone(rng);
  return m;
}

/** Insurance, schooling, illness and disability, by age band. */
function memberHealth(rng: Rng, m: MemberDraft, p: Person, birthYear: number, asOfYear: number): void {
  m.criticalIllnessInsurance = m.medicalInsurance === 'resident';
  // compulsory-age dropouts are rare (控辍保学); the generator adds more where a case needs one
  if (p.age >= 7 && p.age <= 15 && rng.chance(0.002)) {
    m.schoolStatus = 'dropout';
    m.dropoutReason = rng.pick(DROPOUT_REASONS);
  }
  if (rng.chance(band(p.age, [0.003, 0.01, 0.025, 0.04, 0.045]))) {
    m.healthStatus = 'serious_illness';
    m.disease = rng.pick(SERIOUS_DISEASES);
  } else if (rng.chance(band(p.age, [0.01, 0.04, 0.15, 0.28, 0.38]))) {
    m.healthStatus = 'chronic_illness';
    m.disease = rng.pick(CHRONIC_DISEASES);
  }
  if (rng.chance(band(p.age, [0.015, 0.03, 0.06, 0.1, 0.16]))) {
    m.disabilityCategory = rng.weighted(DISABILITY_CATEGORIES);
    m.disabilityGrade = rng.weighted([
      [1, 10],
      [2, 18],
      [3, 30],
      [4, 42],
    ] as const);
    m.disabilityCertYear = Math.max(birthYear, asOfYear - rng.int(0, 15));
  }
}

/** Labour capacity and where they work: migrant, local, or farming. */
function memberWork(rng: Rng, m: MemberDraft, p: Person, places: Places): void {
  m.laborCapacity = labor(rng, m);
  if (canWork(m.laborCapacity) && p.age < 65) {
    const r = rng.float();
    if (m.laborCapacity !== 'weak_or_half' && p.age <= 55 && r < 0.36) {
      m.migrant = true;
      m.workPlace = rng.chance(0.45) ? `${places.provinceName}${places.prefectureName}` : rng.pick(DISTANT_WORKPLACES);
      m.workMonths = rng.int(5, 11);
      m.employer = rng.pick(EMPLOYERS);
    } else if (r < 0.55) {
      m.workPlace = `${places.countyName}${places.townshipName}`;
      m.workMonths = rng.int(3, 12);
      m.employer = rng.pick(EMPLOYERS);
    } else {
      m.farming = true;
    }
  } else if (canWork(m.laborCapacity)) {
    m.farming = true;
  }
}

export function publicWelfareJob(rng: Rng, m: MemberDraft): void {
  m.publicWelfareJob = rng.pick(PUBLIC_WELFARE_JOBS);
  m.publicWelfareJobMonths = rng.int(6, 12);
}
