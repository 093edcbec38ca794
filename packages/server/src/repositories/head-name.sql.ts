import { sql, type RawBuilder } from 'kysely';

/**
 * The name of a household's head (its earliest member recorded as head), as a scalar subquery on the household id
 * column given: lists of cases, ledger items and assistance, and a case's household, show who the household is.
 */
export function headNameOf(householdIdColumn: string): RawBuilder<string | null> {
  return sql<string | null>`(select m.name from member m
    where m.household_id = ${sql.ref(householdIdColumn)} and m.relation = 'head'
    order by m.created_at limit 1)`;
}
