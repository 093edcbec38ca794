/**
 * Data exchange between the departments and the agency (issue 15 §5; S1 §四(二)3: "行业部门每2个月至少与市乡村振兴局
 * 进行一次数据交换"): per department of the county, the last exchange (an imported feed or a 零报告 saying there was
 * nothing to report), the next one due after the policy's `departmentExchangeMonths`, and whether it is overdue.
 */
import { chinaDate, Department, exchangeDue, FEED_DEPARTMENTS, type Actor, type IsoDate } from '@dixian/core';
import type { DepartmentExchangeList, DepartmentExchangeView, ZeroReportBody } from '@dixian/core/api';
import { appendAudit } from '../audit/audit-log.js';
import { policyAt } from '../policies/policy-at.js';
import { ExchangeRepository, type LastExchangeRow } from '../repositories/exchange.repository.js';
import { areaOf } from './area.js';
import type { ServiceContext } from './context.js';
import { requireDepartment } from './feed.service.js';

const NOT_COUNTY = {
  zh: '数据交换按县统计,仅县级用户和部门用户可查看或登记',
  en: 'data exchange is kept per county: only county and department users may read or record it',
};

/** The county of a county-level or department user (a township scope is not within its county: refused). */
function countyOf(actor: Actor): string {
  return actor.scopeCode.slice(0, 6);
}

export function exchangeView(
  department: string,
  last: LastExchangeRow | undefined,
  months: number,
  today: IsoDate,
): DepartmentExchangeView {
  return {
    department,
    departmentLabel: Department.labels[department as Department] ?? { zh: department, en: department },
    lastFeedOn: last?.lastFeedOn ?? null,
    lastZeroReportOn: last?.lastZeroReportOn ?? null,
    ...exchangeDue(last?.lastFeedOn, last?.lastZeroReportOn, months, today),
  };
}

/** GET /api/exchanges: each feed department of the actor's county (a department officer: their own). */
export async function listExchanges(ctx: ServiceContext): Promise<DepartmentExchangeList> {
  const county = countyOf(ctx.actor);
  const department = ctx.actor.department;
  areaOf(ctx).place('warning.read', { regionCode: county, department: department ?? null }, NOT_COUNTY);
  const today = chinaDate(ctx.now());
  const months = (await policyAt(ctx.store.db, county, today)).policy.deadlines.departmentExchangeMonths;
  const rows = await new ExchangeRepository(ctx.store.db).lastExchanges(county, department);
  const by = new Map(rows.map((r) => [r.department, r]));
  const departments = department ? [department] : FEED_DEPARTMENTS;
  return {
    countyCode: county,
    asOf: today,
    intervalMonths: months,
    items: departments.map((d) => exchangeView(d, by.get(d), months, today)),
  };
}

/** POST /api/exchanges/zero-reports: a 零报告 for the actor's county, recorded by the agency or the department. */
export async function recordZeroReport(ctx: ServiceContext, body: ZeroReportBody): Promise<DepartmentExchangeList> {
  const department = requireDepartment(body.department);
  const county = countyOf(ctx.actor);
  areaOf(ctx).place('feed.upload', { regionCode: county, department }, NOT_COUNTY);
  const reportedOn = body.reportedOn ?? chinaDate(ctx.now());
  await ctx.store.transaction(async (tx) => {
    const id = await new ExchangeRepository(tx.db).insertZeroReport({
      countyCode: county,
      department,
      reportedOn,
      note: body.note ?? null,
      recordedBy: ctx.actor.id,
    });
    await appendAudit(tx, ctx, {
      action: 'feed.zero_report',
      targetType: 'department_zero_report',
      targetId: id,
      regionCode: county,
      after: { department, reportedOn, note: body.note ?? null },
    });
  });
  return listExchanges(ctx);
}
