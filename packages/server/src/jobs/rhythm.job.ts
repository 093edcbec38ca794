import { chinaDate, monthOf } from '@dixian/core';
import type { Store } from '../db/store.js';
import { openReportPeriod } from '../services/halfmonth.service.js';
import { generateMonthlyTasks, rhythmCounties } from '../services/rhythm.service.js';
import type { Job, JobContext } from './scheduler.js';

/**
 * The county's rhythm (issue 15 §7). The month-start job makes each county's seven-step tasks for the month (S0
 * plan two 五); the half-month job opens the county's reporting period of the warning lists (S1 §四(二)1–2).
 * Both are idempotent by the database's own keys (rhythm_task's month, step and region; report_period's county
 * and start), so servers sharing one PostgreSQL, a rerun or the CLI never make anything twice. job_run
 * (`rhythm-monthly:<county>`, `rhythm-halfmonth:<county>`) only saves the work of asking again within a period.
 */
export const RHYTHM_JOBS = ['monthly', 'halfmonth'] as const;
export type RhythmJobKind = (typeof RHYTHM_JOBS)[number];

export interface RhythmJobResult {
  county: string;
  /** tasks made, or 1 when the period was opened; 0 on a rerun */
  created: number;
}

/** Run one kind for every county (or the given ones) as of a China day. */
export async function runRhythmJob(
  store: Store,
  kind: RhythmJobKind,
  asOf: string,
  now: Date,
  counties?: string[],
): Promise<RhythmJobResult[]> {
  const out: RhythmJobResult[] = [];
  for (const county of counties ?? (await rhythmCounties(store))) {
    const created =
      kind === 'monthly'
        ? await generateMonthlyTasks(store, county, asOf, now)
        : Number(await openReportPeriod(store, county, asOf, now));
    out.push({ county, created });
  }
  return out;
}

function rhythmJob(kind: RhythmJobKind, periodOf: (day: string) => string): Job {
  const prefix = `rhythm-${kind}:`;
  return {
    name: `rhythm-${kind}`,
    async run(ctx: JobContext): Promise<string> {
      const now = ctx.now();
      const today = chinaDate(now);
      const period = periodOf(today);
      let created = 0;
      for (const county of await rhythmCounties(ctx.store)) {
        const name = `${prefix}${county}`;
        const last = await ctx.runs.get(name);
        if (last?.lastStatus === 'done' && (last.lastDetail as { period?: string } | null)?.period === period) continue;
        await ctx.runs.started(name, now);
        try {
          const [r] = await runRhythmJob(ctx.store, kind, today, now, [county]);
          created += r!.created;
          await ctx.runs.finished(name, ctx.now(), 'done', { period, created: r!.created });
        } catch (err) {
          const message = err instanceof Error ? err.message : String(err);
          await ctx.runs.finished(name, ctx.now(), 'failed', { period, error: message });
          ctx.log(`任务失败 / ${name} failed: ${message}`);
        }
      }
      return `${kind} ${period}: ${created} created`;
    },
  };
}

/** The month-start job: due once a month per county (a rerun inside the month asks again and makes nothing). */
export function monthlyJob(): Job {
  return rhythmJob('monthly', monthOf);
}

/**
 * The half-month job: due once a day per county, since the period length comes from each county's policy; the
 * open is a no-op until a new period starts.
 */
export function halfMonthJob(): Job {
  return rhythmJob('halfmonth', (day) => day);
}
