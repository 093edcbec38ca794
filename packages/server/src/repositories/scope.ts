import type { Scope } from '@dixian/core';
import { sql, type RawBuilder } from 'kysely';
import { groupBounds } from '../db/partition.js';

/** Tables whose rows carry `region_code` and `county_code`, so a scope applies to them directly. */
export type ScopedTable =
  | 'household'
  | 'lead'
  | 'monitoringCase'
  | 'visit'
  | 'departmentWarning'
  | 'ledgerItem'
  | 'publicNotice'
  | 'screeningResult'
  | 'changeRequest'
  | 'rhythmTask'
  | 'halfmonthReport'
  | 'payroll';

/** Tables whose rows belong to a department; a department officer's scope also filters on it. */
const DEPARTMENT_TABLES = new Set<ScopedTable>(['departmentWarning']);

function checkedPrefix(prefix: string): string {
  // Scopes are digit strings (validated when a user is created); anything else here is a bug, not input.
  if (!/^\d*$/.test(prefix)) throw new Error(`invalid scope prefix: ${JSON.stringify(prefix)}`);
  return prefix;
}

/**
 * The scope as SQL: `<table>.region_code like '<prefix>%'`, plus the county partition key (an equality
 * when the scope is a county or below, a range above, so a partitioned table prunes to its partitions), plus the department
 * for department-owned tables. Use it in every query that reads or writes domain rows:
 * `.where(inScope('household', scope))`. Region codes are in the C collation, so the like uses the btree.
 */
export function inScope(table: ScopedTable, scope: Scope, alias: string = table): RawBuilder<boolean> {
  const prefix = checkedPrefix(scope.regionPrefix);
  const parts = [sql`${sql.ref(`${alias}.regionCode`)} like ${`${prefix}%`}`];
  if (prefix.length >= 6) parts.push(sql`${sql.ref(`${alias}.countyCode`)} = ${prefix.slice(0, 6)}`);
  else if (prefix.length > 0) {
    // a range rather than a like, so a table partitioned by county code prunes to the partitions of the area
    const county = sql.ref(`${alias}.countyCode`);
    const [from, to] = groupBounds(prefix);
    parts.push(to === null ? sql`${county} >= ${from}` : sql`${county} >= ${from} and ${county} < ${to}`);
  }
  if (scope.department && DEPARTMENT_TABLES.has(table)) {
    parts.push(sql`${sql.ref(`${alias}.department`)} = ${scope.department}`);
  }
  return sql<boolean>`(${sql.join(parts, sql` and `)})`;
}

/** Escape a user's text for a LIKE pattern (the pattern is still passed as a parameter). */
export function likePrefix(text: string): string {
  return `${text.replace(/[\\%_]/g, '\\$&')}%`;
}

export function likeContains(text: string): string {
  return `%${likePrefix(text)}`;
}

/** limit/offset of a 1-based page. */
export function pageWindow(page: number, pageSize: number): { limit: number; offset: number } {
  return { limit: pageSize, offset: (page - 1) * pageSize };
}
