import {
  addDays,
  addMonths,
  DisabilityCategory,
  DisasterSubtype,
  ELIMINATION_STAGES,
  IDENTIFICATION_STAGES,
  isCountedMember,
  LaborCapacity,
  MeasureType,
  RiskType,
  type HouseholdFactsInput,
  type MemberFacts,
} from '@dixian/core';
import fc from 'fast-check';
import type { RegistryExtras } from './support.js';
import { VILLAGES } from './support.js';

/**
 * Generated households for the two-engine agreement test: members of every age around the policy's age limits
 * (birthdays on the day, Feb 29), the dead and the unborn, incomes exactly on the line and one fen either side,
 * rigid expenditure equal to last year's income, ties between income records, events on the look-back boundary,
 * separate children, guarantees, monitoring states, open and closed cases, measures and visits around their due
 * days. Values cluster on the boundaries where the two engines could disagree.
 */

export interface GeneratedHousehold {
  facts: HouseholdFactsInput;
  extras: RegistryExtras;
}

export interface GeneratedBatch {
  asOf: string;
  households: GeneratedHousehold[];
}

/** As-of dates including month ends and a leap day, so month arithmetic is exercised. */
export const AS_OF_DATES = ['2024-06-30', '2024-02-29', '2023-02-28', '2024-03-31', '2024-12-31', '2025-01-15'];

const VILLAGE_LIST = Object.values(VILLAGES);

/** Income lines of the test regions, for values around them (national 6000, township 6500.50, 陕西 7300). */
export type LineOf = (village: string, asOf: string) => number;

const years = (d: string, n: number) => addMonths(d, -12 * n);

/** true with weight t against false with weight f */
const flag = (t: number, f: number) =>
  fc.oneof({ weight: t, arbitrary: fc.constant(true) }, { weight: f, arbitrary: fc.constant(false) });

function birthDateArb(asOf: string): fc.Arbitrary<string> {
  const age = fc.oneof(fc.integer({ min: 0, max: 95 }), fc.constantFrom(5, 6, 7, 15, 16, 17, 59, 60, 61, 64, 65, 66));
  return fc.oneof(
    {
      weight: 8,
      arbitrary: fc.tuple(age, fc.integer({ min: -1, max: 1 })).map(([a, d]) => addDays(years(asOf, a), d)),
    },
    {
      weight: 3,
      arbitrary: fc.tuple(age, fc.integer({ min: 0, max: 364 })).map(([a, d]) => addDays(years(asOf, a), -d)),
    },
    { weight: 1, arbitrary: fc.constantFrom('1964-02-29', '2008-02-29', '2016-02-29', '1960-02-29') },
    { weight: 1, arbitrary: fc.integer({ min: 1, max: 40 }).map((d) => addDays(asOf, d)) },
  );
}

function memberArb(asOf: string): fc.Arbitrary<MemberFacts> {
  return fc
    .record({
      birthDate: birthDateArb(asOf),
      sex: fc.constantFrom('male' as const, 'female' as const),
      relation: fc.constantFrom(
        'head',
        'spouse',
        'son',
        'daughter',
        'father',
        'mother',
        'grandson',
        'other',
      ) as fc.Arbitrary<MemberFacts['relation']>,
      schoolStatus: fc.oneof(
        { weight: 6, arbitrary: fc.constant('not_in_school' as const) },
        { weight: 2, arbitrary: fc.constant('dropout' as const) },
        {
          weight: 2,
          arbitrary: fc.constantFrom('primary' as const, 'junior_secondary' as const, 'senior_secondary' as const),
        },
      ),
      healthStatus: fc.constantFrom(
        'healthy' as const,
        'healthy' as const,
        'chronic_illness' as const,
        'serious_illness' as const,
      ),
      disability: fc.option(
        fc.record({ category: fc.constantFrom(...DisabilityCategory.values), grade: fc.integer({ min: 1, max: 4 }) }),
        { freq: 3 },
      ),
      laborCapacity: fc.constantFrom(...LaborCapacity.values),
      medicalInsurance: fc.constantFrom('resident', 'employee', 'none', null),
      receivesDibao: flag(1, 6),
      isTekun: flag(1, 10),
      isRelocated: flag(1, 8),
      isPublicServant: flag(1, 12),
      registeredHere: flag(6, 1),
      livesAndShares: flag(6, 1),
      death: fc.option(fc.integer({ min: -400, max: 30 }), { freq: 6 }),
    })
    .map((m) => ({
      sex: m.sex,
      birthDate: m.birthDate,
      relation: m.relation,
      schoolStatus: m.schoolStatus,
      healthStatus: m.healthStatus,
      disease: null,
      disabilityCategory: m.disability?.category ?? null,
      disabilityGrade: m.disability?.grade ?? null,
      disabilityCertYear: null,
      laborCapacity: m.laborCapacity,
      workMonths: null,
      medicalInsurance: m.medicalInsurance,
      receivesDibao: m.receivesDibao,
      isTekun: m.isTekun,
      isRelocated: m.isRelocated,
      isPublicServant: m.isPublicServant,
      isCarer: false,
      registeredHere: m.registeredHere,
      livesAndShares: m.livesAndShares,
      // died before, on or after the date (never before birth)
      deceasedOn: m.death === null ? null : [addDays(asOf, m.death), m.birthDate].sort()[1]!,
    }));
}

/** Components of an income record whose net is exactly `net` (integer fen, possibly negative). */
function componentsArb(net: number) {
  return fc
    .record({
      transferShare: fc.constantFrom(0, 0, 0.5, 1, 0.3),
      wageShare: fc.constantFrom(0, 1, 0.6),
      cost: fc.constantFrom(0, 0, 15000, 200000),
      property: fc.constantFrom(0, 0, 3000),
    })
    .map((c) => {
      if (net < 0) {
        return { wageFen: 0, transferFen: 0, propertyFen: 0, businessGrossFen: c.cost, businessCostFen: c.cost - net };
      }
      const transferFen = Math.ceil(net * c.transferShare);
      const wageFen = Math.floor((net - transferFen) * c.wageShare);
      const propertyFen = Math.min(c.property, net - transferFen - wageFen);
      const bizNet = net - transferFen - wageFen - propertyFen;
      return { wageFen, transferFen, propertyFen, businessGrossFen: bizNet + c.cost, businessCostFen: c.cost };
    });
}

/** Amounts that sit on the boundaries: the line × people and one fen either side, half of it, and others. */
function amountArb(line: number, people: number): fc.Arbitrary<number> {
  const total = line * Math.max(people, 1);
  return fc.oneof(
    {
      weight: 6,
      arbitrary: fc.constantFrom(total - 1, total, total + 1, Math.floor(total / 2), Math.floor(total / 2) + 1),
    },
    { weight: 2, arbitrary: fc.constantFrom(0, 500000, 2000000, 730000, 600000) },
    { weight: 3, arbitrary: fc.integer({ min: 0, max: total * 3 }) },
    { weight: 1, arbitrary: fc.integer({ min: -300000, max: -1 }) },
  );
}

function incomesArb(asOf: string, line: number, people: number) {
  const y = Number(asOf.slice(0, 4));
  const amount = amountArb(line, people);
  const rigid = fc.oneof(
    { weight: 5, arbitrary: fc.constant(0) },
    { weight: 4, arbitrary: amount.map((a) => Math.max(0, a)) },
  );
  const snapshotEnd = fc.oneof(
    fc.constantFrom(0, 1, 3, 6, 12).map((m) => addMonths(asOf, -m)),
    fc.constantFrom(3, 6).map((m) => addDays(addMonths(asOf, -m), 1)),
    fc.integer({ min: -20, max: 500 }).map((d) => addDays(asOf, -d)),
  );
  const template = fc.oneof(
    fc.constantFrom(y - 1, y - 2, y).map((year) => ({ kind: 'annual' as const, year, end: null as string | null })),
    fc
      .tuple(
        fc.constantFrom('at_identification' as const, 'visit_estimate' as const, 'after_elimination' as const),
        snapshotEnd,
      )
      .map(([kind, end]) => ({ kind, year: Number(end.slice(0, 4)), end })),
  );
  const record = fc
    .record({
      t: template,
      net: amount,
      med: rigid,
      school: fc.oneof(fc.constant(0), rigid),
      disaster: fc.oneof(fc.constant(0), fc.constant(0), rigid),
      claim: fc.constantFrom(0, 0, 0, 100000),
      shorter: fc.boolean(),
    })
    .chain((r) => componentsArb(r.net).map((c) => ({ ...r, c })));
  return fc.array(record, { maxLength: 5 }).map((rs) => {
    const annualYears = new Set<number>();
    const out: NonNullable<HouseholdFactsInput['incomes']> = [];
    for (const r of rs) {
      if (r.t.kind === 'annual') {
        if (annualYears.has(r.t.year)) continue;
        annualYears.add(r.t.year);
      }
      const period =
        r.t.end === null
          ? {}
          : { periodEnd: r.t.end, periodStart: addDays(addMonths(r.t.end, r.shorter ? -6 : -12), 1) };
      out.push({
        year: r.t.year,
        kind: r.t.kind,
        ...period,
        ...r.c,
        medicalOutOfPocketFen: r.med,
        schoolingExpenseFen: r.school,
        disasterLossFen: r.disaster,
        insuranceClaimFen: r.claim,
      });
    }
    return out;
  });
}

function eventsArb(asOf: string) {
  const occurred = fc.oneof(
    fc.constantFrom(6, 12).chain((m) => fc.constantFrom(-1, 0, 1).map((d) => addDays(addMonths(asOf, -m), d))),
    fc.integer({ min: -5, max: 800 }).map((d) => addDays(asOf, -d)),
  );
  return fc.array(
    fc
      .record({
        riskType: fc.constantFrom(...RiskType.values),
        subtype: fc.option(fc.constantFrom(...DisasterSubtype.values), { freq: 3 }),
        occurredOn: occurred,
        resolved: fc.option(fc.constantFrom(-1, 0, 1, 30), { freq: 2 }),
        lossFen: fc.option(fc.integer({ min: 0, max: 3000000 })),
      })
      .map((e) => ({
        riskType: e.riskType,
        disasterSubtype: e.riskType === 'natural_disaster' ? e.subtype : null,
        occurredOn: e.occurredOn,
        resolvedOn: e.resolved === null ? null : [addDays(asOf, e.resolved), e.occurredOn].sort()[1]!,
        lossFen: e.lossFen,
      })),
    { maxLength: 3 },
  );
}

const relativesArb = fc.array(
  fc.record({
    relation: fc.constantFrom('child', 'son', 'daughter', 'nephew'),
    hasPrivateCar: flag(1, 3),
    hasCommercialHousing: flag(1, 3),
    hasPublicServant: flag(1, 4),
    hasBusiness: flag(1, 4),
  }),
  { maxLength: 2 },
);

function monitoringArb(asOf: string) {
  const since = fc.oneof(
    fc.constantFrom(6, 9).chain((m) => fc.constantFrom(-1, 0, 1).map((d) => addDays(addMonths(asOf, -m), d))),
    fc.integer({ min: 0, max: 900 }).map((d) => addDays(asOf, -d)),
  );
  const measures = fc.array(
    fc.record({
      category: fc.constantFrom('industry' as const, 'employment' as const, 'comprehensive_security' as const),
      type: fc.constantFrom(...MeasureType.values),
      status: fc.constantFrom('planned' as const, 'implementing' as const, 'done' as const, 'stopped' as const),
      startOn: fc.option(
        fc.integer({ min: -3, max: 300 }).map((d) => addDays(asOf, -d)),
        { freq: 4 },
      ),
      endOn: fc.constant(null),
      amountFen: fc.constant(null),
    }),
    { maxLength: 3 },
  );
  const recorded = fc.uniqueArray(fc.constantFrom(...RiskType.values), { maxLength: 5 });
  return fc.oneof(
    fc.record({
      status: fc.constant('not_monitored' as const),
      open: fc.constantFrom(null, null, null, 'verifying' as const),
      closed: fc.constantFrom(null, null, 'rejected' as const),
      riskTypes: fc.constant([]),
      firstIdentifiedOn: fc.constant(null),
      confirmedOn: fc.constant(null),
      measures: fc.constant([]),
      flag: fc.constant(false),
    }),
    fc.record({
      status: fc.constant('identifying' as const),
      open: fc.constantFrom(...IDENTIFICATION_STAGES, null),
      closed: fc.constantFrom(null, 'eliminated' as const),
      riskTypes: recorded,
      firstIdentifiedOn: fc.option(since),
      confirmedOn: fc.constant(null),
      measures: fc.constant([]),
      flag: fc.constant(false),
    }),
    fc
      .record({
        status: fc.constant('monitoring_unresolved' as const),
        open: fc.constantFrom('monitoring' as const, 'monitoring' as const, ...ELIMINATION_STAGES, null),
        closed: fc.constantFrom(null, null, 'eliminated' as const),
        riskTypes: recorded,
        firstIdentifiedOn: fc.option(since),
        confirmedOn: fc.option(since, { freq: 5 }),
        measures,
        flag: flag(1, 3),
      })
      .map((m) => (m.open === null ? { ...m, confirmedOn: null, measures: [] } : m)),
    fc.record({
      status: fc.constant('risk_eliminated' as const),
      open: fc.constantFrom(null, null, null, 'verifying' as const),
      closed: fc.constant('eliminated' as const),
      riskTypes: recorded,
      firstIdentifiedOn: fc.option(since),
      confirmedOn: fc.constant(null),
      measures: fc.constant([]),
      flag: fc.constant(false),
    }),
  );
}

function visitsArb(asOf: string) {
  const day = fc.oneof(
    fc.constantFrom(1, 2).chain((m) => fc.constantFrom(-1, 0, 1).map((d) => addDays(addMonths(asOf, -m), d))),
    fc.integer({ min: -10, max: 200 }).map((d) => addDays(asOf, -d)),
  );
  return fc.record({ visits: fc.array(day, { maxLength: 3 }), registry: fc.option(day, { freq: 3 }) });
}

function householdArb(asOf: string, lineOf: LineOf): fc.Arbitrary<GeneratedHousehold> {
  return fc
    .record({
      village: fc.constantFrom(...VILLAGE_LIST),
      members: fc.array(memberArb(asOf), { minLength: 1, maxLength: 6 }),
    })
    .chain(({ village, members }) => {
      const people = members.filter((m) => isCountedMember(m, asOf)).length;
      return fc.record({
        village: fc.constant(village),
        members: fc.constant(members),
        incomes: incomesArb(asOf, lineOf(village, asOf), people),
        riskEvents: eventsArb(asOf),
        separateRelatives: relativesArb,
        monitoring: monitoringArb(asOf),
        visits: visitsArb(asOf),
        householdType: fc.constantFrom('lifted_household' as const, 'general_household' as const),
        flags: fc.record({
          inResettlementSite: flag(1, 8),
          receivesDibao: flag(1, 5),
          isTekun: flag(1, 10),
          foodClothingSecure: flag(12, 1),
          onlyHomeMudBrick: flag(1, 4),
          drinkingWaterSafe: flag(6, 1),
          electricityOk: flag(8, 1),
          telecomOk: flag(8, 1),
          guaranteesSelfResolvable: flag(1, 3),
          hasPrivateCar: flag(1, 10),
          hasCommercialHousing: flag(1, 10),
          hasPublicServant: flag(1, 12),
          hasBusiness: flag(1, 12),
        }),
        housingSafetyGrade: fc.constantFrom(null, 'A' as const, 'B' as const, 'C' as const, 'D' as const),
      });
    })
    .map((g) => ({
      facts: {
        regionCode: g.village,
        regionIsRural: g.village !== VILLAGES.jilinUrban,
        householdType: g.householdType,
        ...g.flags,
        housingSafetyGrade: g.housingSafetyGrade,
        members: g.members,
        incomes: g.incomes,
        riskEvents: g.riskEvents,
        separateRelatives: g.separateRelatives,
        monitoring: {
          status: g.monitoring.status,
          riskTypes: [...g.monitoring.riskTypes],
          firstIdentifiedOn: g.monitoring.firstIdentifiedOn,
          confirmedOn: g.monitoring.confirmedOn,
          wholeHouseholdNoLabor: g.monitoring.flag,
          measures: [...g.monitoring.measures],
        },
      },
      extras: {
        openCaseStage: g.monitoring.open,
        closedCase: g.monitoring.closed,
        visits: g.visits.visits,
        registryLastVisitOn: g.visits.registry,
      },
    }));
}

/**
 * A monitored household close to elimination (S3 §三(六)): working members, income above the line for the last
 * two years and in the latest estimate (sometimes exactly on it), guarantees secured, measures in place,
 * confirmed around the minimum months ago. Random households almost never meet all eight guards at once.
 */
function eliminableArb(asOf: string, lineOf: LineOf): fc.Arbitrary<GeneratedHousehold> {
  const y = Number(asOf.slice(0, 4));
  return fc
    .record({
      village: fc.constantFrom(...VILLAGE_LIST),
      people: fc.integer({ min: 1, max: 4 }),
      margin: fc.constantFrom(0, 1, 100000, 900000),
      estimate: fc.constantFrom(1, 2, 4),
      confirmed: fc
        .constantFrom(6, 9, 14)
        .chain((m) => fc.constantFrom(-1, 0, 1).map((d) => addDays(addMonths(asOf, -m), d))),
      open: fc.constantFrom('monitoring' as const, 'monitoring' as const, 'elimination_proposed' as const),
      measures: fc.integer({ min: 0, max: 2 }),
      householdType: fc.constantFrom('lifted_household' as const, 'general_household' as const),
      riskTypes: fc.constantFrom(['illness' as const], ['lack_of_labor' as const], []),
      visit: fc.constantFrom(0, 1, 3).map((m) => addMonths(asOf, -m)),
      mudBrick: flag(1, 2),
      grade: fc.constantFrom(null, 'B' as const, 'C' as const),
    })
    .map((g): GeneratedHousehold => {
      const line = lineOf(g.village, asOf);
      const above = line * g.people + g.margin;
      const members = Array.from({ length: g.people }, (_, i) => ({
        sex: i % 2 ? ('female' as const) : ('male' as const),
        birthDate: `${y - 30 - i}-05-0${i + 1}`,
        relation: i === 0 ? ('head' as const) : ('spouse' as const),
        medicalInsurance: 'resident',
      }));
      const estimateEnd = addMonths(asOf, -g.estimate);
      return {
        facts: {
          regionCode: g.village,
          regionIsRural: g.village !== VILLAGES.jilinUrban,
          householdType: g.householdType,
          onlyHomeMudBrick: g.mudBrick,
          housingSafetyGrade: g.grade,
          members,
          incomes: [
            { year: y - 2, wageFen: above + 500000 },
            { year: y - 1, wageFen: above + 300000 },
            {
              year: Number(estimateEnd.slice(0, 4)),
              kind: 'visit_estimate' as const,
              periodStart: addDays(addMonths(estimateEnd, -12), 1),
              periodEnd: estimateEnd,
              wageFen: above,
            },
          ],
          monitoring: {
            status: 'monitoring_unresolved' as const,
            riskTypes: [...g.riskTypes],
            firstIdentifiedOn: g.confirmed,
            confirmedOn: g.confirmed,
            measures: Array.from({ length: g.measures }, (_, i) => ({
              category: 'employment' as const,
              type: 'employment' as const,
              status: i ? ('done' as const) : ('implementing' as const),
              startOn: addMonths(g.confirmed, 1),
            })),
          },
        },
        extras: { openCaseStage: g.open, visits: [g.visit] },
      };
    });
}

/** A batch of households screened on one date. */
export function batchArb(lineOf: LineOf, maxHouseholds = 8): fc.Arbitrary<GeneratedBatch> {
  return fc
    .constantFrom(...AS_OF_DATES)
    .chain((asOf) =>
      fc
        .array(
          fc.oneof(
            { weight: 5, arbitrary: householdArb(asOf, lineOf) },
            { weight: 1, arbitrary: eliminableArb(asOf, lineOf) },
          ),
          { minLength: 1, maxLength: maxHouseholds },
        )
        .map((households) => ({ asOf, households })),
    );
}
