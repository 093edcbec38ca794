import { randomUUID } from 'node:crypto';
import {
  parseHouseholdFacts,
  parsePolicyRecord,
  type CaseStage,
  type HouseholdFactsInput,
  type PolicyRecord,
} from '@dixian/core';
import type { Store, Tx } from '../../src/db/store.js';
import { ensureBuiltinPolicies } from '../../src/policies/builtin.js';
import { PolicyRepository } from '../../src/repositories/policy.repository.js';

/**
 * Households written into the registry tables exactly as the facts describe them, for the screening tests:
 * the household row, members, separate children, income records, risk events, the open case with its plan and
 * measures, an older closed case (whose measures must not count), and visits.
 */

/** Villages the tests use: 临江市 (S1's city, national policy), a township of it with its own policy, an urban
 * community, and a 陕西 county whose policy sets 7300 and drops the risk requirement (S3 §三(一)). */
export const VILLAGES = {
  jilin: '220681100201',
  jilinUrban: '220681001001',
  township: '220681101201',
  shaanxi: '610424100201',
} as const;
export const TOWNSHIP = '220681101';

/** A township override: another line, other ratios, the well-off-children and mud-brick exclusions switched
 * off, a shorter look-back and different elimination and visit thresholds. */
export const TOWNSHIP_POLICY: PolicyRecord = parsePolicyRecord(
  {
    regionPrefix: TOWNSHIP,
    year: 2023,
    version: 1,
    effectiveFrom: '2023-01-01',
    docNo: 'TEST 乡镇 2023',
    docTitle: 'screening test override',
    body: {
      monitoringIncomeLineFen: 650050,
      suddenHardship: { rigidExpenseShareOfPreviousIncome: 0.75, incomeDropToShare: 0.6 },
      inclusion: { eventLookbackMonths: 6, elderlyAge: 65, compulsoryEducationMaxAge: 15 },
      warnings: { unsafeHousingGrades: ['D'], severeDisabilityMaxGrade: 1, medicalShareOfPreviousIncome: 0.3 },
      exclusions: {
        elderlyWithWellOffChildren: { enabled: false, elderlyAge: 60 },
        mudBrickStableIncome: { enabled: false },
      },
      eliminationGuards: { stableIncomeMonths: 3, minMonthsMonitored: 9, minMeasures: 2 },
      visits: { liftedHouseholdMonths: 2, monitoredHouseholdMonths: 1 },
    },
  },
  'township test policy',
);

/** Regions and policies the screening tests need (idempotent). */
export async function setupScreening(store: Store): Promise<void> {
  await store.transaction(async (tx) => {
    const regions = [
      ['22', '吉林省', 'province', null, null, false],
      ['2206', '白山市', 'prefecture', '22', null, false],
      ['220681', '临江市', 'county', '2206', '220681', false],
      ['220681100', '测试镇', 'township', '220681', '220681', false],
      ['220681101', '测试乡', 'township', '220681', '220681', false],
      ['220681001', '测试街道', 'township', '220681', '220681', false],
      [VILLAGES.jilin, '测试村', 'village', '220681100', '220681', true],
      [VILLAGES.township, '测试二村', 'village', '220681101', '220681', true],
      [VILLAGES.jilinUrban, '测试社区', 'village', '220681001', '220681', false],
      ['61', '陕西省', 'province', null, null, false],
      ['6104', '咸阳市', 'prefecture', '61', null, false],
      ['610424', '乾县', 'county', '6104', '610424', false],
      ['610424100', '测试镇', 'township', '610424', '610424', false],
      [VILLAGES.shaanxi, '测试村', 'village', '610424100', '610424', true],
    ] as const;
    for (const [code, name, level, parentCode, countyCode, isRural] of regions) {
      await tx.db
        .insertInto('region')
        .values({ code, name, level, parentCode, countyCode, isRural })
        .onConflict((oc) => oc.column('code').doNothing())
        .execute();
    }
    await ensureBuiltinPolicies(tx.db);
    await new PolicyRepository(tx.db).insertIfAbsent(TOWNSHIP_POLICY, 'test');
  });
}

/** What the registry holds besides the facts. */
export interface RegistryExtras {
  /** stage of the open case; null or absent: no open case (then facts.monitoring.confirmedOn must be null) */
  openCaseStage?: CaseStage | null;
  /** an older, closed episode with measures of its own (they must not count) */
  closedCase?: 'eliminated' | 'rejected' | null;
  /** visit log dates */
  visits?: string[];
  /** household.last_visit_on */
  registryLastVisitOn?: string | null;
}

export interface WrittenHousehold {
  id: string;
  openCaseId: string | null;
}

/** Write one household (validated through core's schema first, so the rows hold exactly the parsed facts). */
export async function writeHousehold(
  tx: Tx,
  input: HouseholdFactsInput,
  extras: RegistryExtras = {},
): Promise<WrittenHousehold> {
  const f = parseHouseholdFacts(input);
  const id = randomUUID();
  const county = f.regionCode.slice(0, 6);
  const m = f.monitoring;
  await tx.db
    .insertInto('household')
    .values({
      id,
      countyCode: county,
      regionCode: f.regionCode,
      householdNo: f.householdNo ?? `T${id.slice(0, 8)}`,
      householdType: f.householdType,
      liftedYear: f.liftedYear,
      monitoringStatus: m.status,
      monitoringCategory: m.category,
      riskTypes: m.riskTypes,
      disasterSubtype: m.disasterSubtype,
      firstIdentifiedOn: m.firstIdentifiedOn,
      riskEliminatedOn: m.riskEliminatedOn,
      eliminationMethod: m.eliminationMethod,
      wholeHouseholdNoLabor: m.wholeHouseholdNoLabor,
      foodClothingSecure: f.foodClothingSecure,
      housingStructure: f.housingStructure,
      housingSafetyGrade: f.housingSafetyGrade,
      onlyHomeMudBrick: f.onlyHomeMudBrick,
      drinkingWaterSafe: f.drinkingWaterSafe,
      waterIssue: f.waterIssue ?? null,
      electricityOk: f.electricityOk,
      telecomOk: f.telecomOk,
      inResettlementSite: f.inResettlementSite,
      guaranteesSelfResolvable: f.guaranteesSelfResolvable,
      hasPrivateCar: f.hasPrivateCar,
      hasCommercialHousing: f.hasCommercialHousing,
      hasPublicServant: f.hasPublicServant,
      hasBusiness: f.hasBusiness,
      receivesDibao: f.receivesDibao,
      isTekun: f.isTekun,
      lastVisitOn: extras.registryLastVisitOn ?? null,
    })
    .execute();
  // members in order: created_at then id, as the repository reads them
  const base = Date.UTC(2020, 0, 1);
  for (const [i, mem] of f.members.entries()) {
    await tx.db
      .insertInto('member')
      .values({
        id: randomUUID(),
        householdId: id,
        countyCode: county,
        name: mem.name ?? `成员${i + 1}`,
        idNumber: mem.idNumber ?? null,
        sex: mem.sex,
        birthDate: mem.birthDate,
        relation: mem.relation,
        schoolStatus: mem.schoolStatus,
        healthStatus: mem.healthStatus,
        disease: mem.disease ?? null,
        disabilityCategory: mem.disabilityCategory,
        disabilityGrade: mem.disabilityGrade,
        disabilityCertYear: mem.disabilityCertYear,
        laborCapacity: mem.laborCapacity,
        workMonths: mem.workMonths,
        medicalInsurance: mem.medicalInsurance,
        receivesDibao: mem.receivesDibao,
        isTekun: mem.isTekun,
        isRelocated: mem.isRelocated,
        isPublicServant: mem.isPublicServant,
        isCarer: mem.isCarer,
        registeredHere: mem.registeredHere,
        livesAndShares: mem.livesAndShares,
        deceasedOn: mem.deceasedOn,
        createdAt: new Date(base + i * 1000),
      })
      .execute();
  }
  for (const r of f.separateRelatives) {
    await tx.db
      .insertInto('separateRelative')
      .values({ householdId: id, countyCode: county, name: r.name ?? '子女', ...pickRelative(r) })
      .execute();
  }
  for (const r of f.incomes) {
    await tx.db
      .insertInto('incomeRecord')
      .values({
        householdId: id,
        countyCode: county,
        year: r.year,
        kind: r.kind,
        periodStart: r.periodStart,
        periodEnd: r.periodEnd,
        wageFen: r.wageFen,
        businessGrossFen: r.businessGrossFen,
        businessCostFen: r.businessCostFen,
        propertyFen: r.propertyFen,
        transferFen: r.transferFen,
        medicalOutOfPocketFen: r.medicalOutOfPocketFen,
        schoolingExpenseFen: r.schoolingExpenseFen,
        disasterLossFen: r.disasterLossFen,
        insuranceClaimFen: r.insuranceClaimFen,
        memberCount: r.memberCount,
        note: r.note ?? null,
      })
      .execute();
  }
  for (const e of f.riskEvents) {
    await tx.db
      .insertInto('householdRiskEvent')
      .values({
        householdId: id,
        countyCode: county,
        riskType: e.riskType,
        disasterSubtype: e.disasterSubtype,
        occurredOn: e.occurredOn,
        resolvedOn: e.resolvedOn,
        lossFen: e.lossFen,
        source: e.source ?? null,
        note: e.note ?? null,
      })
      .execute();
  }

  const discoveredAt = new Date('2020-01-01T00:00:00Z');
  let episode = 1;
  if (extras.closedCase) {
    const closedId = randomUUID();
    await tx.db
      .insertInto('monitoringCase')
      .values({
        id: closedId,
        householdId: id,
        countyCode: county,
        regionCode: f.regionCode,
        episode: episode++,
        stage: extras.closedCase,
        discoveredAt,
        confirmedOn: extras.closedCase === 'eliminated' ? '2020-02-01' : null,
        createdAt: discoveredAt,
      })
      .execute();
    await writePlan(tx, closedId, id, county, [
      { category: 'industry', type: 'industry', status: 'done', startOn: '2020-03-01', endOn: null, amountFen: null },
      {
        category: 'employment',
        type: 'employment',
        status: 'done',
        startOn: '2020-04-01',
        endOn: null,
        amountFen: null,
      },
    ]);
  }
  let openCaseId: string | null = null;
  if (extras.openCaseStage) {
    openCaseId = randomUUID();
    await tx.db
      .insertInto('monitoringCase')
      .values({
        id: openCaseId,
        householdId: id,
        countyCode: county,
        regionCode: f.regionCode,
        episode,
        stage: extras.openCaseStage,
        category: m.category,
        riskTypes: m.riskTypes,
        discoveredAt: new Date('2021-01-01T00:00:00Z'),
        confirmedOn: m.confirmedOn,
        wholeHouseholdNoLabor: m.wholeHouseholdNoLabor,
        createdAt: new Date('2021-01-01T00:00:00Z'),
      })
      .execute();
    if (m.measures.length) await writePlan(tx, openCaseId, id, county, m.measures);
  } else if (m.confirmedOn !== null || m.measures.length) {
    throw new Error('facts with a confirmation date or measures need an open case (extras.openCaseStage)');
  }
  for (const visitedOn of extras.visits ?? []) {
    await tx.db
      .insertInto('visit')
      .values({ householdId: id, countyCode: county, regionCode: f.regionCode, visitedOn })
      .execute();
  }
  return { id, openCaseId };
}

function pickRelative(r: {
  relation: string;
  hasPrivateCar: boolean;
  hasCommercialHousing: boolean;
  hasPublicServant: boolean;
  hasBusiness: boolean;
}) {
  return {
    relation: r.relation,
    hasPrivateCar: r.hasPrivateCar,
    hasCommercialHousing: r.hasCommercialHousing,
    hasPublicServant: r.hasPublicServant,
    hasBusiness: r.hasBusiness,
  };
}

async function writePlan(
  tx: Tx,
  caseId: string,
  householdId: string,
  county: string,
  measures: {
    category: string;
    type: string;
    status: string;
    startOn: string | null;
    endOn: string | null;
    amountFen: number | null;
  }[],
): Promise<void> {
  const planId = randomUUID();
  await tx.db
    .insertInto('assistancePlan')
    .values({ id: planId, caseId, householdId, countyCode: county, createdOn: '2020-01-15' })
    .execute();
  for (const x of measures) {
    await tx.db
      .insertInto('assistanceMeasure')
      .values({
        planId,
        householdId,
        countyCode: county,
        category: x.category,
        type: x.type,
        status: x.status,
        startOn: x.startOn,
        endOn: x.endOn,
        amountFen: x.amountFen,
      })
      .execute();
  }
}
