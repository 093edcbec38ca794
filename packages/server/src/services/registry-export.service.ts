import { chinaDate, maskBirthDate, maskHealthDetail, maskIdNumber, maskPhone, type RegistrySheet } from '@dixian/core';
import type { HouseholdExportQuery } from '@dixian/core/api';
import { appendAudit } from '../audit/audit-log.js';
import { attachment } from '../exports/xlsx-writer.js';
import { writeRegistryWorkbook, type RegisterRow } from '../registry/workbook.js';
import { HouseholdRepository } from '../repositories/household.repository.js';
import { RegistryImportRepository } from '../repositories/registry-import.repository.js';
import { areaOf } from './area.js';
import type { ServiceContext } from './context.js';
import { cst, filterText } from './export-texts.js';

/** A workbook ready to send. */
export interface RegistryDownload {
  body: Buffer;
  contentDisposition: string;
}

/** The register template: the three sheets with their headers, hints and lists, and no rows. */
export async function registryTemplate(ctx: ServiceContext): Promise<RegistryDownload> {
  areaOf(ctx).allow('household.read');
  const body = await writeRegistryWorkbook({ households: [], members: [], incomes: [] }, [
    '农户档案导入模板:户信息、家庭成员、收入三张表以“户编号”关联。',
    '表头不要改名;橙色表头为必填列,表头批注说明填写要求;下拉列表列请从列表中选择。',
    '金额单位为元;日期填 2024-01-05 的格式;有身份证号的成员,性别和出生日期可不填。',
  ]);
  return { body, contentDisposition: attachment('农户档案导入模板.xlsx', 'registry-template.xlsx') };
}

const BATCH = 1000;

/**
 * The register of the filtered households in the template's own sheets, so an export imports again unchanged.
 * ID numbers, birth dates, phones and health details are masked unless asked for in clear by a role that may
 * unmask, with a reason; every export is audited with its filters (and the reason).
 */
export async function exportRegister(ctx: ServiceContext, q: HouseholdExportQuery): Promise<RegistryDownload> {
  const { unmask, reason, ...filters } = q;
  const area = areaOf(ctx);
  const listed = area.list('household.read', filters.region);
  if (unmask) area.allow('personal_data.unmask');
  const data: Record<RegistrySheet, RegisterRow[]> = { households: [], members: [], incomes: [] };
  if (listed) {
    const households = new HouseholdRepository(ctx.store.db);
    const repo = new RegistryImportRepository(ctx.store.db);
    for (let after = ''; ;) {
      const page = await households.exportPage(
        area.scope,
        { ...filters, regionPrefix: listed.regionPrefix },
        after,
        BATCH,
      );
      const full = await repo.householdsByNo(page.map((p) => p.householdNo));
      const noOf = new Map(full.map((h) => [h.id, h.householdNo]));
      data.households.push(...full.sort((a, b) => (a.householdNo < b.householdNo ? -1 : 1)));
      const ids = full.map((h) => h.id);
      for (const m of await repo.membersOf(ids))
        data.members.push({ ...masked(m, !!unmask), householdNo: noOf.get(m.householdId) });
      for (const i of await repo.incomesOf(ids)) data.incomes.push({ ...i, householdNo: noOf.get(i.householdId) });
      if (page.length < BATCH) break;
      after = page.at(-1)!.householdNo;
    }
  }
  const key = (r: RegisterRow) => `${String(r.householdNo)}\t${r.relation === 'head' ? 0 : 1}`;
  data.members.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
  if (!unmask)
    data.households = data.households.map((h) => ({
      ...h,
      phone: maskPhone(h.phone as string | null),
      monitorContactPhone: maskPhone(h.monitorContactPhone as string | null),
    }));
  const now = ctx.now();
  await ctx.store.transaction((tx) =>
    appendAudit(tx, ctx, {
      action: 'export.register',
      targetType: 'export',
      targetId: 'register',
      regionCode: (listed ?? area.scope).regionPrefix || null,
      detail: { filters, unmasked: !!unmask, ...(unmask ? { reason } : {}), households: data.households.length },
    }),
  );
  const body = await writeRegistryWorkbook(data, [
    '农户档案',
    `导出时间：${cst(now)}（北京时间）  导出人：${ctx.actor.username}`,
    `筛选条件：${filterText(filters)}`,
    unmask
      ? `含明文个人信息，仅限工作使用（理由：${reason}）`
      : '身份证号、电话、出生日期、疾病已脱敏；脱敏的文件不能再导入',
  ]);
  const stamp = chinaDate(now);
  return { body, contentDisposition: attachment(`农户档案-${stamp}.xlsx`, `register-${stamp}.xlsx`) };
}

function masked<T extends { idNumber: string | null; birthDate: string; phone: string | null; disease: string | null }>(
  m: T,
  clear: boolean,
): T {
  if (clear) return m;
  return {
    ...m,
    idNumber: maskIdNumber(m.idNumber),
    birthDate: maskBirthDate(m.birthDate) ?? m.birthDate,
    phone: maskPhone(m.phone),
    disease: maskHealthDetail(m.disease),
  };
}
