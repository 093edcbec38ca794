import { chinaDate, isIsoDate } from '@dixian/core';
import type { Command } from 'commander';
import { channelsOf, runDelivery, runReminderJob } from '../../jobs/reminders.job.js';
import { RHYTHM_JOBS, runRhythmJob, type RhythmJobKind } from '../../jobs/rhythm.job.js';
import { action, CliError, parseCodes, withStore } from '../context.js';

const JOBS = [...RHYTHM_JOBS, 'reminders', 'delivery'] as const;

/**
 * `dixian jobs run monthly|halfmonth|reminders|delivery [--as-of YYYY-MM-DD] [--county …]`: run the month-start
 * job (the month's seven-step tasks, S0 plan two 五), the half-month job (open the report period, S1 §四(二)), the
 * reminders of a day (issue 15 §4) or the delivery of the outbox's due e-mails and webhook calls (now; it takes no
 * date), as the scheduler would. Idempotent: a rerun for the same period creates nothing.
 */
export function register(program: Command): void {
  const jobs = program.command('jobs').description('定期任务 / scheduled jobs');
  jobs
    .command('run <job>')
    .description('按日期运行定期任务 / run a scheduled job for a date (monthly | halfmonth | reminders | delivery)')
    .option('--as-of <date>', '日期 YYYY-MM-DD，默认今天(北京时间) / the day, default today (China time)')
    .option('--county <codes>', '只运行这些县 / only these counties (6 digits, comma-separated)', (v, p: string[]) =>
      parseCodes(v, p, 6),
    )
    .action(
      action(async (job: string, opts: { asOf?: string; county?: string[] }) => {
        if (!(JOBS as readonly string[]).includes(job)) {
          throw new CliError(`未知的任务 / unknown job "${job}" (${JOBS.join(', ')})`);
        }
        const asOf = opts.asOf ?? chinaDate(new Date());
        if (!isIsoDate(asOf)) throw new CliError(`日期无效 / invalid date "${asOf}" (YYYY-MM-DD)`);
        await withStore(async ({ store, config }) => {
          if (job === 'delivery') {
            const r = await runDelivery(store, config, new Date());
            console.log(`delivery: 已发送 / sent ${r.sent}, 待重试 / to retry ${r.retried}, 失败 / failed ${r.failed}`);
            return;
          }
          const results =
            job === 'reminders'
              ? await runReminderJob(store, asOf, new Date(), channelsOf(config), opts.county)
              : await runRhythmJob(store, job as RhythmJobKind, asOf, new Date(), opts.county);
          const created = results.reduce((n, r) => n + r.created, 0);
          for (const r of results) console.log(`  ${r.county}: ${r.created}`);
          console.log(`${job} ${asOf}: 新建 / created ${created}`);
        });
      }),
    );
}
