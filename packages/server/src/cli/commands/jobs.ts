import { chinaDate, isIsoDate } from '@dixian/core';
import type { Command } from 'commander';
import { RHYTHM_JOBS, runRhythmJob, type RhythmJobKind } from '../../jobs/rhythm.job.js';
import { action, CliError, parseCodes, withStore } from '../context.js';

/**
 * `dixian jobs run monthly|halfmonth [--as-of YYYY-MM-DD] [--county …]`: run the month-start job (the month's
 * seven-step tasks, S0 plan two 五) or the half-month job (open the report period, S1 §四(二)) for a day, as the
 * scheduler would. Idempotent: a rerun for the same period creates nothing.
 */
export function register(program: Command): void {
  const jobs = program.command('jobs').description('定期任务 / scheduled jobs');
  jobs
    .command('run <job>')
    .description('按日期运行定期任务 / run a scheduled job for a date (monthly | halfmonth)')
    .option('--as-of <date>', '日期 YYYY-MM-DD，默认今天(北京时间) / the day, default today (China time)')
    .option('--county <codes>', '只运行这些县 / only these counties (6 digits, comma-separated)', (v, p: string[]) =>
      parseCodes(v, p, 6),
    )
    .action(
      action(async (job: string, opts: { asOf?: string; county?: string[] }) => {
        if (!(RHYTHM_JOBS as readonly string[]).includes(job)) {
          throw new CliError(`未知的任务 / unknown job "${job}" (${RHYTHM_JOBS.join(', ')})`);
        }
        const asOf = opts.asOf ?? chinaDate(new Date());
        if (!isIsoDate(asOf)) throw new CliError(`日期无效 / invalid date "${asOf}" (YYYY-MM-DD)`);
        await withStore(async ({ store }) => {
          const results = await runRhythmJob(store, job as RhythmJobKind, asOf, new Date(), opts.county);
          const created = results.reduce((n, r) => n + r.created, 0);
          for (const r of results) console.log(`  ${r.county}: ${r.created}`);
          console.log(`${job} ${asOf}: 新建 / created ${created}`);
        });
      }),
    );
}
