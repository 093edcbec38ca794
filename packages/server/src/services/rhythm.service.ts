/**
 * The monthly seven steps 排访评录测补销 (S0 plan two 五): the month-start job makes one task per step for every
 * village (排, 评, 测) and township (访, 录, 补, 销) with the day the policy gives, and the people who owe a step
 * mark it done. Townships follow their villages, the county its townships.
 */
import {
  AppError,
  chinaDate,
  monthOf,
  monthSteps,
  rhythmTaskStatus,
  SEVEN_STEP_LEVEL,
  type SevenStep,
} from '@dixian/core';
import type {
  RhythmCompleteBody,
  RhythmMonthView,
  RhythmProgressRow,
  RhythmQuery,
  RhythmTaskView,
} from '@dixian/core/api';
import { appendAudit } from '../audit/audit-log.js';
import type { Store } from '../db/store.js';
import { PolicyBook } from '../policies/policy-at.js';
import { RhythmRepository, type NewRhythmTask, type RhythmTaskRow } from '../repositories/rhythm.repository.js';
import { areaOf } from './area.js';
import type { ServiceContext } from './context.js';

const TASK = { zh: '每月工作任务', en: 'monthly task' };

/**
 * Make a county's tasks for the month of `asOf` that do not exist yet, each step due on its policy day for the
 * place (a township or village with its own record may set other days). Returns how many were new: zero on a
 * rerun, so the job can run on every server and as often as it likes.
 */
export async function generateMonthlyTasks(store: Store, county: string, asOf: string, now: Date): Promise<number> {
  const month = monthOf(asOf);
  return store.transaction(async (tx) => {
    const repo = new RhythmRepository(tx.db);
    const book = await PolicyBook.load(tx.db, county);
    const tasks: NewRhythmTask[] = [];
    for (const place of await repo.places(county)) {
      const days = book.at(place.code, `${month}-01`).sevenSteps;
      for (const s of monthSteps(month, days)) {
        if (s.level !== place.level) continue;
        tasks.push({ countyCode: county, regionCode: place.code, month, step: s.step, dueDate: s.dueDate });
      }
    }
    const inserted = await repo.insertMissing(tasks);
    if (inserted > 0) {
      await appendAudit(
        tx,
        { actor: null, requestId: null, now: () => now },
        {
          action: 'rhythm.generate',
          targetType: 'region',
          targetId: county,
          regionCode: county,
          detail: { month, inserted },
        },
      );
    }
    return inserted;
  });
}

/** The counties the month-start job serves. */
export function rhythmCounties(store: Store): Promise<string[]> {
  return new RhythmRepository(store.db).activeCounties();
}

/** A month's tasks in the caller's area, with progress by the next level down. */
export async function listRhythm(ctx: ServiceContext, q: RhythmQuery): Promise<RhythmMonthView> {
  const today = chinaDate(ctx.now());
  const month = q.month ?? monthOf(today);
  const scope = areaOf(ctx).list('rhythm.read', q.region);
  const rows = scope ? await new RhythmRepository(ctx.store.db).list(scope, month) : [];
  const tasks = rows.map((r) => taskView(r, today));
  const base = scope?.regionPrefix ?? ctx.actor.scopeCode;
  return { month, today, tasks, progress: progressOf(tasks, base) };
}

/** Mark a step done: only someone whose area holds the task, once. */
export async function completeRhythmTask(
  ctx: ServiceContext,
  id: string,
  body: RhythmCompleteBody,
): Promise<RhythmTaskView> {
  const today = chinaDate(ctx.now());
  const row = await ctx.store.transaction(async (tx) => {
    const repo = new RhythmRepository(tx.db);
    const task = await areaOf(ctx).load('rhythm.complete', TASK, id, (scope) => repo.get(scope, id));
    if (task.doneAt) throw alreadyDone();
    if (!(await repo.markDone(id, ctx.actor.id, ctx.now(), body.note ?? null))) throw alreadyDone();
    await appendAudit(tx, ctx, {
      action: 'rhythm.complete',
      targetType: 'rhythm_task',
      targetId: id,
      regionCode: task.regionCode,
      detail: { month: task.month, step: task.step, dueDate: task.dueDate, late: today > task.dueDate },
    });
    return (await repo.get({ regionPrefix: '' }, id))!;
  });
  return taskView(row, today);
}

function alreadyDone(): AppError {
  return new AppError('conflict', { zh: '该步骤已标记完成', en: 'this step is already done' });
}

function taskView(r: RhythmTaskRow, today: string): RhythmTaskView {
  const step = r.step as SevenStep;
  return {
    id: r.id,
    month: r.month,
    step,
    level: SEVEN_STEP_LEVEL[step],
    regionCode: r.regionCode,
    regionName: r.regionName,
    dueDate: r.dueDate,
    status: rhythmTaskStatus(r.dueDate, !!r.doneAt, today),
    doneLate: !!r.doneAt && chinaDate(r.doneAt) > r.dueDate,
    doneAt: r.doneAt?.toISOString() ?? null,
    doneOn: r.doneAt ? chinaDate(r.doneAt) : null,
    doneBy: r.doneBy,
    doneByName: r.doneByName,
    note: r.note,
  };
}

/**
 * Progress one level below the area: a county sees its townships (their villages counted in), a township its
 * own tasks and each village's, a village itself.
 */
function progressOf(tasks: RhythmTaskView[], base: string): RhythmProgressRow[] {
  const width = base.length < 9 ? 9 : 12;
  const rows = new Map<string, RhythmProgressRow>();
  for (const t of tasks) {
    const code = t.regionCode.slice(0, Math.min(width, t.regionCode.length));
    const row = rows.get(code) ?? { regionCode: code, regionName: null, total: 0, done: 0, late: 0 };
    if (code === t.regionCode) row.regionName = t.regionName;
    row.total++;
    if (t.status === 'done') row.done++;
    if (t.status === 'late') row.late++;
    rows.set(code, row);
  }
  return [...rows.values()].sort((a, b) => a.regionCode.localeCompare(b.regionCode));
}
