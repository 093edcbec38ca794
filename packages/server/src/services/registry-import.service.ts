import {
  AppError,
  chinaDate,
  columnOf,
  mapHeaders,
  missingRegistryColumns,
  normalizeHeader,
  REGISTRY_SHEETS,
  type HeaderMapping,
  type RegistryProblem,
  type RegistrySheet,
} from '@dixian/core';
import type {
  RegistryCounts,
  RegistryImportList,
  RegistryImportQuery,
  RegistryImportView,
  RegistryMappingBody,
} from '@dixian/core/api';
import type { Kysely } from 'kysely';
import { appendAudit, type AuditContext } from '../audit/audit-log.js';
import type { Store, Tx } from '../db/store.js';
import type { DB } from '../db/types.js';
import { countPlan, idNumbersOf, planImport, readRows, type Plan, type StagedRow } from '../registry/plan.js';
import { readRegistryWorkbook, type ParsedSheet } from '../registry/workbook.js';
import { RegistryImportRepository, type RegistryImportRow } from '../repositories/registry-import.repository.js';
import { areaOf } from './area.js';
import { SYSTEM_ACTOR, type ServiceContext } from './context.js';
import { validationFailed } from './errors.js';

/** The sheets of a batch as stored: name, header row and headers in the file's order. */
export type StagedSheets = (Pick<ParsedSheet, 'sheet' | 'name' | 'headerRow' | 'headers'> & { rowCount?: number })[];
type Manual = Partial<Record<RegistrySheet, Record<string, string | null>>>;

const RECORD_IMPORT = { zh: '导入批次', en: 'import batch' };
const PROBLEMS_SHOWN = 500;

/** A batch in the caller's area (not found otherwise, like a missing one), locked for the transaction when asked. */
export async function loadImport(ctx: ServiceContext, id: string, db: Kysely<DB> = ctx.store.db, lock = false) {
  return areaOf(ctx).load('registry.import', RECORD_IMPORT, id, (scope) =>
    new RegistryImportRepository(db).get(scope, id, lock),
  );
}

/**
 * Stage an uploaded register workbook (issue 14 §4): read it from memory, keep its rows in the database as a batch
 * in `preview`, and answer the preview. Nothing of the register is written yet.
 */
export async function uploadRegistry(
  ctx: ServiceContext,
  input: RegistryImportQuery & { body: unknown },
): Promise<RegistryImportView> {
  const area = areaOf(ctx);
  area.allow('registry.import');
  if (!Buffer.isBuffer(input.body) || !input.body.length) {
    throw validationFailed([{ path: 'body', message: '请上传 Excel 工作簿(.xlsx) / upload an .xlsx workbook' }]);
  }
  const sheets = await readRegistryWorkbook(input.body);
  const scopeCode = ctx.actor.scopeCode;
  const batch = await ctx.store.transaction(async (tx) => {
    const repo = new RegistryImportRepository(tx.db);
    const b = await repo.create({
      countyCode: scopeCode.slice(0, 6),
      regionCode: scopeCode,
      fileName: input.fileName,
      sheets: JSON.stringify(sheets.map(({ rows, ...s }) => ({ ...s, rowCount: rows.length }))),
      createdBy: ctx.actor.id,
      createdAt: ctx.now(),
    });
    await repo.addRows(
      b.id,
      sheets.flatMap((s) => s.rows.map((r) => ({ sheet: s.sheet, rowNo: r.row, cells: r.cells }))),
    );
    await appendAudit(tx, ctx, {
      action: 'registry.upload',
      targetType: 'registry_import',
      targetId: b.id,
      regionCode: scopeCode,
      detail: { fileName: input.fileName, rows: Object.fromEntries(sheets.map((s) => [s.sheet, s.rows.length])) },
    });
    return b;
  });
  return previewImport(ctx, batch);
}

/** A batch: its preview while staged, its counts once committed or undone. */
export async function getRegistryImport(ctx: ServiceContext, id: string): Promise<RegistryImportView> {
  const batch = await loadImport(ctx, id);
  return batch.status === 'preview' ? previewImport(ctx, batch) : settledView(ctx, batch);
}

/** Recompute the preview, store its counts on the batch, and answer it. */
async function previewImport(ctx: ServiceContext, batch: RegistryImportRow): Promise<RegistryImportView> {
  const w = await workOut(ctx, ctx.store.db, batch);
  await new RegistryImportRepository(ctx.store.db).update(batch.id, { counts: JSON.stringify(w.counts) });
  return viewOf(ctx, batch, w);
}

export interface WorkedOut {
  mappings: Record<RegistrySheet, HeaderMapping[]>;
  plan: Plan;
  problems: RegistryProblem[];
  counts: RegistryCounts & { householdsWithProblems: number };
}

/** The mapping, the plan and the problems of a staged batch, against the data as `db` sees it. */
export async function workOut(ctx: ServiceContext, db: Kysely<DB>, batch: RegistryImportRow): Promise<WorkedOut> {
  const repo = new RegistryImportRepository(db);
  const sheets = batch.sheets as StagedSheets;
  const mappings = await mappingsOf(repo, batch);
  const staged = (await repo.rows(batch.id)) as StagedRow[];
  const today = chinaDate(ctx.now());
  const read = readRows(staged, mappings);
  const nos = [...new Set(read.map((r) => r.householdNo).filter((x): x is string => !!x))];
  const households = new Map((await repo.householdsByNo(nos)).map((h) => [h.householdNo, h]));
  const ids = [...households.values()].map((h) => h.id);
  const group = <T extends { householdId: string }>(rows: T[]) => {
    const m = new Map<string, T[]>();
    for (const r of rows) m.set(r.householdId, [...(m.get(r.householdId) ?? []), r]);
    return m;
  };
  const regions = read.filter((r) => r.sheet === 'households').map((r) => String(r.values.regionCode ?? ''));
  const stored = {
    households,
    members: group(await repo.membersOf(ids)),
    incomes: group(await repo.incomesOf(ids)),
    idTaken: await repo.idNumbersTaken(batch.countyCode, idNumbersOf(read, today)),
    regionLevels: await repo.regionLevels([...new Set(regions.filter(Boolean))]),
  };
  const area = areaOf(ctx);
  const plan = planImport(read, {
    stored,
    today,
    may: (regionCode) => area.may('registry.import', { regionCode }),
    headerOf: (sheet, field) => mappings[sheet].find((m) => m.field === field)?.header ?? null,
  });
  const missing = sheets.flatMap((s) => missingRegistryColumns(s.sheet, mappings[s.sheet], s.headerRow));
  const problems = [...missing, ...plan.fileProblems, ...plan.households.flatMap((h) => h.problems)].sort(
    (a, b) => REGISTRY_SHEETS.indexOf(a.sheet) - REGISTRY_SHEETS.indexOf(b.sheet) || a.row - b.row,
  );
  const householdsWithProblems = plan.households.filter((h) => h.problems.length).length;
  return { mappings, plan, problems, counts: { ...countPlan(plan), householdsWithProblems } };
}

async function mappingsOf(repo: RegistryImportRepository, batch: RegistryImportRow) {
  const aliases = await repo.aliases(batch.countyCode);
  const manual = (batch.manual ?? {}) as Manual;
  const sheets = batch.sheets as StagedSheets;
  const out = {} as Record<RegistrySheet, HeaderMapping[]>;
  for (const sheet of REGISTRY_SHEETS) {
    const headers = sheets.find((s) => s.sheet === sheet)?.headers ?? [];
    const known = new Map(aliases.filter((a) => a.sheet === sheet).map((a) => [a.header, a.field]));
    out[sheet] = mapHeaders(sheet, headers, known, manual[sheet] ?? {});
  }
  return out;
}

function viewOf(ctx: ServiceContext, batch: RegistryImportRow, w: WorkedOut | null): Promise<RegistryImportView> {
  const sheets = batch.sheets as StagedSheets;
  const counts = (w?.counts ?? batch.counts ?? emptyCounts()) as WorkedOut['counts'];
  return new RegistryImportRepository(ctx.store.db).userName(batch.createdBy).then((createdBy) => ({
    id: batch.id,
    fileName: batch.fileName,
    status: batch.status as RegistryImportView['status'],
    createdAt: batch.createdAt.toISOString(),
    createdBy,
    committedAt: batch.committedAt?.toISOString() ?? null,
    undoneAt: batch.undoneAt?.toISOString() ?? null,
    sheets: sheets.map((s) => ({
      sheet: s.sheet,
      name: s.name,
      headerRow: s.headerRow,
      rows: s.rowCount ?? 0,
      columns: w?.mappings[s.sheet] ?? [],
    })),
    counts: { households: counts.households, members: counts.members, incomes: counts.incomes },
    householdsWithProblems: counts.householdsWithProblems ?? 0,
    problemCount: w?.problems.length ?? 0,
    problems: (w?.problems ?? []).slice(0, PROBLEMS_SHOWN),
  }));
}

export const settledView = (ctx: ServiceContext, batch: RegistryImportRow) => viewOf(ctx, batch, null);

function emptyCounts(): WorkedOut['counts'] {
  const z = { create: 0, update: 0, unchanged: 0 };
  return { households: z, members: z, incomes: z, householdsWithProblems: 0 };
}

/**
 * Map headers by hand: the choice holds for this batch and is remembered for the county (an alias), so its next
 * files map the same header by themselves; null ignores the column (and forgets a remembered alias). Audited.
 */
export async function mapRegistryHeaders(
  ctx: ServiceContext,
  id: string,
  body: RegistryMappingBody,
): Promise<RegistryImportView> {
  const batch = await ctx.store.transaction(async (tx) => {
    const b = await loadImport(ctx, id, tx.db, true);
    if (b.status !== 'preview') throw settled(b.status);
    const sheets = b.sheets as StagedSheets;
    const issues = body.mappings.flatMap((m, i) => {
      const known = sheets.find((s) => s.sheet === m.sheet)?.headers.includes(m.header);
      if (!known) return [{ path: `mappings.${i}.header`, message: `文件中没有表头“${m.header}” / no such header` }];
      if (m.field && !columnOf(m.sheet, m.field))
        return [{ path: `mappings.${i}.field`, message: '没有这个字段 / no such field' }];
      return [];
    });
    if (issues.length) throw validationFailed(issues);
    const manual = structuredClone((b.manual ?? {}) as Manual);
    const repo = new RegistryImportRepository(tx.db);
    for (const m of body.mappings) {
      (manual[m.sheet] ??= {})[m.header] = m.field;
      const key = normalizeHeader(m.header);
      if (m.field) await repo.remember(b.countyCode, m.sheet, key, m.field, ctx.actor.id);
      else await repo.forget(b.countyCode, m.sheet, key);
    }
    await repo.update(b.id, { manual: JSON.stringify(manual) });
    await appendAudit(tx, ctx, {
      action: 'registry.mapping',
      targetType: 'registry_import',
      targetId: b.id,
      regionCode: b.regionCode,
      detail: { mappings: body.mappings },
    });
    return { ...b, manual };
  });
  return previewImport(ctx, batch);
}

export function settled(status: string): AppError {
  if (status === 'committed')
    return new AppError('conflict', { zh: '该批次已导入', en: 'this batch has been committed' });
  if (status === 'discarded') return new AppError('conflict', { zh: '该批次已放弃', en: 'this batch was discarded' });
  return new AppError('conflict', { zh: '该批次已撤销', en: 'this batch has been undone' });
}

/**
 * POST /api/registry/imports/:id/discard: give up a preview. Its staged rows (the file's personal data) are
 * deleted; the batch stays listed as 已放弃 and is audited.
 */
export async function discardRegistryImport(ctx: ServiceContext, id: string): Promise<RegistryImportView> {
  await ctx.store.transaction(async (tx) => {
    const b = await loadImport(ctx, id, tx.db, true);
    if (b.status !== 'preview') throw settled(b.status);
    await discardBatch(tx, ctx, b, 'user');
  });
  return getRegistryImport(ctx, id);
}

async function discardBatch(tx: Tx, ctx: AuditContext, b: RegistryImportRow, by: 'user' | 'expiry') {
  const repo = new RegistryImportRepository(tx.db);
  await repo.dropRows(b.id);
  await repo.update(b.id, { status: 'discarded' });
  await appendAudit(tx, ctx, {
    action: 'registry.discard',
    targetType: 'registry_import',
    targetId: b.id,
    regionCode: b.regionCode,
    detail: { fileName: b.fileName, by },
  });
}

/**
 * Previews older than `days` are discarded (the scheduler runs this): a file uploaded and left must not keep its
 * people's ID numbers in the database. Returns how many.
 */
export async function expireRegistryPreviews(store: Store, now: Date, days: number): Promise<number> {
  const ctx: AuditContext = { actor: SYSTEM_ACTOR, requestId: null, now: () => now };
  const stale = await new RegistryImportRepository(store.db).previewsBefore(
    new Date(now.getTime() - days * 86_400_000),
  );
  for (const b of stale) await store.transaction((tx) => discardBatch(tx, ctx, b, 'expiry'));
  return stale.length;
}

/** The newest batches of the caller's area. */
export async function listRegistryImports(ctx: ServiceContext): Promise<RegistryImportList> {
  const scope = areaOf(ctx).list('registry.import');
  if (!scope) return { items: [] };
  const rows = await new RegistryImportRepository(ctx.store.db).list(scope, 50);
  return {
    items: rows.map((r) => ({
      id: r.id,
      fileName: r.fileName,
      status: r.status as RegistryImportView['status'],
      createdAt: r.createdAt.toISOString(),
      createdBy: r.createdByName ?? null,
      committedAt: r.committedAt?.toISOString() ?? null,
      undoneAt: r.undoneAt?.toISOString() ?? null,
      counts: (r.counts as RegistryCounts | null) ?? null,
    })),
  };
}
