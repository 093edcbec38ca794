import type { Kysely, Selectable } from 'kysely';
import type {
  AuditLog,
  CaseEvent,
  DB,
  DepartmentWarning,
  MonitoringCase,
  Visit,
  AssistanceMeasure,
} from '../db/types.js';

/** How many rows of each kind the household page shows (newest first); lists have their own endpoints. */
export const DETAIL_LIMIT = 100;

/**
 * What the household page shows besides members and incomes: cases, visits, measures, warnings and the
 * events of its timeline. Callers pass a household already loaded within the actor's scope.
 */
export class HouseholdDetailRepository {
  constructor(private readonly db: Kysely<DB>) {}

  cases(householdId: string): Promise<Selectable<MonitoringCase>[]> {
    return this.db
      .selectFrom('monitoringCase')
      .selectAll()
      .where('householdId', '=', householdId)
      .orderBy('episode', 'desc')
      .orderBy('createdAt', 'desc')
      .execute();
  }

  caseEvents(householdId: string): Promise<Selectable<CaseEvent>[]> {
    return this.db
      .selectFrom('caseEvent as e')
      .innerJoin('monitoringCase as c', 'c.id', 'e.caseId')
      .selectAll('e')
      .where('c.householdId', '=', householdId)
      .orderBy('e.at', 'desc')
      .limit(DETAIL_LIMIT)
      .execute();
  }

  visits(householdId: string): Promise<Selectable<Visit>[]> {
    return this.db
      .selectFrom('visit')
      .selectAll()
      .where('householdId', '=', householdId)
      .orderBy('visitedOn', 'desc')
      .limit(DETAIL_LIMIT)
      .execute();
  }

  measures(householdId: string): Promise<Selectable<AssistanceMeasure>[]> {
    return this.db
      .selectFrom('assistanceMeasure')
      .selectAll()
      .where('householdId', '=', householdId)
      .orderBy('startOn', 'desc')
      .limit(DETAIL_LIMIT)
      .execute();
  }

  warnings(householdId: string): Promise<Selectable<DepartmentWarning>[]> {
    return this.db
      .selectFrom('departmentWarning')
      .selectAll()
      .where('householdId', '=', householdId)
      .orderBy('createdAt', 'desc')
      .limit(DETAIL_LIMIT)
      .execute();
  }

  /** Audit records whose target is the household (member and income changes are recorded against it too). */
  audit(householdId: string): Promise<Selectable<AuditLog>[]> {
    return this.db
      .selectFrom('auditLog')
      .selectAll()
      .where('targetType', '=', 'household')
      .where('targetId', '=', householdId)
      .orderBy('seq', 'desc')
      .limit(DETAIL_LIMIT)
      .execute();
  }
}
