import {
  CLOSED_STAGES,
  parseHouseholdFacts,
  type CaseStage,
  type HouseholdFacts,
  type HouseholdFactsInput,
  type Scope,
} from '@dixian/core';
import { sql, type Kysely, type Selectable } from 'kysely';
import type { DB, Household, IncomeRecord, Member } from '../db/types.js';
import type { ScreeningContext } from '../screening/reference.js';
import { FactHistoryRepository, type FactTable } from './fact-history.repository.js';
import { FactsAsOf } from './facts-as-of.js';
import { inScope } from './scope.js';

/**
 * The facts `assess()` and `evaluateEliminationGuards()` read, loaded from the registry tables for one or many
 * households (packages/core/src/household-facts.ts mirrors household, member, separate_relative, income_record,
 * household_risk_event, monitoring_case and assistance_measure). The set-based screening reads the same columns
 * with the same choices (the open case, the order of ties), so a household's facts loaded here and its row in a
 * screening run describe the same thing.
 */
export interface LoadedHousehold {
  id: string;
  countyCode: string;
  regionCode: string;
  householdNo: string;
  facts: HouseholdFacts;
  /** what screening reads besides the facts: the open case and the last visit on or before the date */
  context: ScreeningContext & { openCaseId: string | null };
}

/** Ids per query: far below PostgreSQL's parameter limit and small enough to keep one batch in memory. */
const BATCH = 2000;

const opt = <T>(v: T | null): T | undefined => (v === null ? undefined : v);

export function groupBy<R extends { householdId: string }>(rows: R[]): Map<string, R[]> {
  const m = new Map<string, R[]>();
  for (const r of rows) {
    const list = m.get(r.householdId);
    if (list) list.push(r);
    else m.set(r.householdId, [r]);
  }
  return m;
}

export class HouseholdFactsRepository {
  constructor(private readonly db: Kysely<DB>) {}

  /** One household within the scope, or undefined when it does not exist there. */
  async loadOne(id: string, scope: Scope, asOf: string): Promise<LoadedHousehold | undefined> {
    return (await this.load([id], scope, asOf))[0];
  }

  /**
   * Households by id within the scope, in the order asked (ids outside the scope or unknown are left out).
   * Throws AppError('validation_failed') naming the household and field when stored data breaks the schema.
   */
  async load(ids: readonly string[], scope: Scope, asOf: string): Promise<LoadedHousehold[]> {
    const out: LoadedHousehold[] = [];
    for (let i = 0; i < ids.length; i += BATCH)
      out.push(...(await this.loadBatch(ids.slice(i, i + BATCH), scope, asOf)));
    return out;
  }

  private async loadBatch(ids: readonly string[], scope: Scope, asOf: string): Promise<LoadedHousehold[]> {
    const uuids = ids.filter((id) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id));
    if (!uuids.length) return [];
    const households = await this.db
      .selectFrom('household')
      .leftJoin('region', 'region.code', 'household.regionCode')
      .selectAll('household')
      .select('region.isRural')
      .where(sql<boolean>`household.id = any(${uuids}::uuid[])`)
      .where(inScope('household', scope))
      .execute();
    if (!households.length) return [];
    const found = households.map((h) => h.id);
    const side = await this.asOf(found, await this.sideRows(found), asOf);
    const work = await this.caseRows(found, asOf);
    const byId = new Map(households.map((h) => [h.id, side.history.household(h)]));
    return ids.flatMap((id) => {
      const h = byId.get(id);
      return h ? [loaded(h, side, work, asOf)] : [];
    });
  }

  /** Members, separate relatives, income records and risk events, by household, in the orders core relies on. */
  private async sideRows(found: string[]) {
    const anyFound = (col: string) => sql<boolean>`${sql.ref(col)} = any(${found}::uuid[])`;
    // one after another: inside a transaction these share one connection
    const members = await this.db
      .selectFrom('member')
      .selectAll()
      .where(anyFound('householdId'))
      .orderBy('householdId')
      .orderBy('createdAt')
      .orderBy('id')
      .execute();
    const relatives = await this.db
      .selectFrom('separateRelative')
      .selectAll()
      .where(anyFound('householdId'))
      .orderBy('householdId')
      .orderBy('id')
      .execute();
    // ties of the income order (income.ts compareIncomeRecords) resolve to the lower id, as in the SQL engine
    const incomes = await this.db
      .selectFrom('incomeRecord')
      .selectAll()
      .where(anyFound('householdId'))
      .orderBy('householdId')
      .orderBy('periodEnd')
      .orderBy('kind')
      .orderBy('periodStart')
      .orderBy('id')
      .execute();
    const events = await this.db
      .selectFrom('householdRiskEvent')
      .selectAll()
      .where(anyFound('householdId'))
      .orderBy('householdId')
      .orderBy('occurredOn')
      .orderBy('id')
      .execute();
    return {
      members: groupBy(members),
      relatives: groupBy(relatives),
      incomes: groupBy(incomes),
      events: groupBy(events),
    };
  }

  /**
   * The facts as they held on `asOf` (issue 20 §2): the rows changed, added or removed after that day are put back
   * as they were from fact_history (facts-as-of.ts). For today nothing is after it and the rows pass unchanged.
   */
  private async asOf(found: string[], side: SideRows0, asOf: string) {
    const rowIds = [side.members, side.relatives, side.incomes].flatMap((m) => [...m.values()].flat().map((r) => r.id));
    const history = new FactsAsOf(await new FactHistoryRepository(this.db).after(found, rowIds, asOf));
    if (history.empty) return { ...side, history };
    const regroup = <R extends { id: string; householdId: string }>(
      table: FactTable,
      current: Map<string, R[]>,
      order: (a: R, b: R) => number,
    ) => new Map(found.map((id) => [id, history.rows(table, id, current.get(id) ?? []).sort(order)]));
    return {
      ...side,
      history,
      members: regroup('member', side.members, (a, b) => cmp(time(a.createdAt), time(b.createdAt)) || cmp(a.id, b.id)),
      relatives: regroup('separate_relative', side.relatives, (a, b) => cmp(a.id, b.id)),
      incomes: regroup(
        'income_record',
        side.incomes,
        (a, b) =>
          cmp(a.periodEnd, b.periodEnd) || cmp(a.kind, b.kind) || cmp(a.periodStart, b.periodStart) || cmp(a.id, b.id),
      ),
    };
  }

  /** The open case of each household (the latest episode neither rejected nor eliminated), its measures, the last visit. */
  private async caseRows(found: string[], asOf: string) {
    const anyFound = (col: string) => sql<boolean>`${sql.ref(col)} = any(${found}::uuid[])`;
    const cases = await this.db
      .selectFrom('monitoringCase')
      .select(['id', 'householdId', 'stage', 'confirmedOn'])
      .where(anyFound('householdId'))
      .where('stage', 'not in', [...CLOSED_STAGES])
      .orderBy('householdId')
      .orderBy('episode', 'desc')
      .orderBy('createdAt', 'desc')
      .orderBy('id')
      .execute();
    const visits = await this.db
      .selectFrom('visit')
      .select(['householdId', (eb) => eb.fn.max('visitedOn').as('lastVisit')])
      .where(anyFound('householdId'))
      .where('visitedOn', '<=', asOf)
      .groupBy('householdId')
      .execute();
    const openCase = new Map<string, (typeof cases)[number]>();
    for (const c of cases) if (!openCase.has(c.householdId)) openCase.set(c.householdId, c);
    const caseIds = [...openCase.values()].map((c) => c.id);
    const measures = caseIds.length
      ? await this.db
          .selectFrom('assistanceMeasure as m')
          .innerJoin('assistancePlan as p', 'p.id', 'm.planId')
          .select([
            'p.caseId',
            'm.householdId',
            'm.category',
            'm.type',
            'm.status',
            'm.startOn',
            'm.endOn',
            'm.amountFen',
          ])
          .where(sql<boolean>`p.case_id = any(${caseIds}::uuid[])`)
          .orderBy('m.householdId')
          .orderBy('m.startOn')
          .orderBy('m.id')
          .execute()
      : [];
    return {
      openCase,
      measures: groupBy(measures),
      lastVisit: new Map(visits.map((v) => [v.householdId, v.lastVisit as string | null])),
    };
  }
}

type HouseholdRow = Selectable<Household> & { isRural: boolean | null };
type SideRows0 = Awaited<ReturnType<HouseholdFactsRepository['sideRows']>>;
type SideRows = SideRows0 & { history: FactsAsOf };

const cmp = <T extends string | number>(a: T, b: T): number => (a < b ? -1 : a > b ? 1 : 0);
/** a member's created_at: a Date from the table, ISO text from a history image */
const time = (v: Date | string): number => new Date(v).getTime();
type CaseRows = Awaited<ReturnType<HouseholdFactsRepository['caseRows']>>;

/** One household's facts, checked against core's schema, and what screening reads besides. */
function loaded(h: HouseholdRow, side: SideRows, work: CaseRows, asOf: string): LoadedHousehold {
  const oc = work.openCase.get(h.id);
  const input: HouseholdFactsInput = {
    ...householdInput(h),
    members: (side.members.get(h.id) ?? []).map(memberInput),
    separateRelatives: (side.relatives.get(h.id) ?? []).map((r) => ({
      name: r.name,
      relation: r.relation,
      hasPrivateCar: r.hasPrivateCar,
      hasCommercialHousing: r.hasCommercialHousing,
      hasPublicServant: r.hasPublicServant,
      hasBusiness: r.hasBusiness,
    })),
    incomes: (side.incomes.get(h.id) ?? []).map(incomeInput),
    riskEvents: (side.events.get(h.id) ?? []).map((e) => ({
      riskType: e.riskType as never,
      disasterSubtype: e.disasterSubtype as never,
      memberId: e.memberId,
      occurredOn: e.occurredOn,
      resolvedOn: e.resolvedOn,
      lossFen: e.lossFen,
      source: e.source,
      note: e.note,
    })),
    monitoring: {
      status: h.monitoringStatus as never,
      category: h.monitoringCategory as never,
      riskTypes: h.riskTypes as never,
      disasterSubtype: h.disasterSubtype as never,
      firstIdentifiedOn: h.firstIdentifiedOn,
      confirmedOn: oc?.confirmedOn ?? null,
      riskEliminatedOn: h.riskEliminatedOn,
      eliminationMethod: h.eliminationMethod as never,
      wholeHouseholdNoLabor: h.wholeHouseholdNoLabor,
      measures: (work.measures.get(h.id) ?? [])
        .filter((m) => m.caseId === oc?.id)
        .map((m) => ({
          category: m.category as never,
          type: m.type as never,
          status: m.status as never,
          startOn: m.startOn,
          endOn: m.endOn,
          amountFen: m.amountFen,
        })),
    },
  };
  const registryVisit = h.lastVisitOn !== null && h.lastVisitOn <= asOf ? h.lastVisitOn : null;
  const visits = [registryVisit, work.lastVisit.get(h.id) ?? null].filter((d): d is string => !!d).sort();
  return {
    id: h.id,
    countyCode: h.countyCode,
    regionCode: h.regionCode,
    householdNo: h.householdNo,
    facts: parseHouseholdFacts(input, `household ${h.householdNo}`),
    context: {
      openCaseId: oc?.id ?? null,
      openCaseStage: (oc?.stage as CaseStage | undefined) ?? null,
      lastVisitOn: visits.at(-1) ?? null,
    },
  };
}

/** The household's own columns that rules read. */
function householdInput(h: HouseholdRow) {
  return {
    householdNo: h.householdNo,
    regionCode: h.regionCode,
    regionIsRural: h.isRural ?? false,
    householdType: h.householdType as HouseholdFactsInput['householdType'],
    liftedYear: h.liftedYear,
    inResettlementSite: h.inResettlementSite,
    receivesDibao: h.receivesDibao,
    isTekun: h.isTekun,
    foodClothingSecure: h.foodClothingSecure,
    housingStructure: h.housingStructure as HouseholdFactsInput['housingStructure'],
    housingSafetyGrade: h.housingSafetyGrade as HouseholdFactsInput['housingSafetyGrade'],
    onlyHomeMudBrick: h.onlyHomeMudBrick,
    drinkingWaterSafe: h.drinkingWaterSafe,
    waterIssue: h.waterIssue,
    electricityOk: h.electricityOk,
    telecomOk: h.telecomOk,
    guaranteesSelfResolvable: h.guaranteesSelfResolvable,
    hasPrivateCar: h.hasPrivateCar,
    hasCommercialHousing: h.hasCommercialHousing,
    hasPublicServant: h.hasPublicServant,
    hasBusiness: h.hasBusiness,
  } satisfies Partial<HouseholdFactsInput>;
}

function memberInput(m: Selectable<Member>): HouseholdFactsInput['members'][number] {
  return {
    id: m.id,
    name: m.name,
    idNumber: opt(m.idNumber),
    sex: m.sex as 'male' | 'female',
    birthDate: m.birthDate,
    relation: m.relation as never,
    schoolStatus: m.schoolStatus as never,
    healthStatus: m.healthStatus as never,
    disease: m.disease,
    disabilityCategory: m.disabilityCategory as never,
    disabilityGrade: m.disabilityGrade,
    disabilityCertYear: m.disabilityCertYear,
    laborCapacity: m.laborCapacity as never,
    workMonths: m.workMonths,
    medicalInsurance: m.medicalInsurance,
    receivesDibao: m.receivesDibao,
    isTekun: m.isTekun,
    isRelocated: m.isRelocated,
    isPublicServant: m.isPublicServant,
    isCarer: m.isCarer,
    registeredHere: m.registeredHere,
    livesAndShares: m.livesAndShares,
    deceasedOn: m.deceasedOn,
  };
}

export function incomeInput(r: Selectable<IncomeRecord>): NonNullable<HouseholdFactsInput['incomes']>[number] {
  return {
    year: r.year,
    kind: r.kind as never,
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
    note: r.note,
  };
}
