import { AppError, ScreeningFinding } from '@dixian/core';
import type { Command } from 'commander';
import { SYSTEM_ACTOR } from '../../services/context.js';
import {
  compareRuns,
  listScreeningResults,
  listScreeningRuns,
  runScreening,
} from '../../services/screening.service.js';
import type { ScreeningRunRecord } from '../../screening/runs.js';
import { action, CliError, parseCodes, withStore } from '../context.js';
import { HouseholdRepository } from '../../repositories/household.repository.js';

/**
 * `dixian screen`: run the set-based screening (应纳未纳, 应消未消, 应标未标, overdue visits) of one or every county
 * on a date, print the counts per finding and the run id; `screen diff` compares two runs; `screen list` and
 * `screen show` read stored runs. The CLI acts as the system (whole country).
 */

function printRun(run: ScreeningRunRecord, seconds?: number): void {
  console.log(
    `排查批次 / run ${run.id}  ${run.scopeCode || '全国'}  截至 / as of ${run.asOf}  ${run.status}${
      seconds === undefined ? '' : `  ${seconds.toFixed(1)} s`
    }`,
  );
  console.log(`  政策 / policy: ${run.policyVersion ?? '—'}`);
  if (run.householdsScanned !== null) console.log(`  农户 / households screened: ${run.householdsScanned}`);
  for (const f of ScreeningFinding.values) {
    const c = run.counts[f];
    const label = `${ScreeningFinding.labels[f].zh} / ${f}`;
    console.log(
      `  ${label.padEnd(34)} ${String(c.flagged).padStart(8)}${run.previousRunId ? `   离开 / left since previous run: ${c.cleared}` : ''}`,
    );
  }
  if (run.error) console.log(`  错误 / error: ${run.error}`);
}

function finding(value: string | undefined): ScreeningFinding | undefined {
  if (value === undefined) return undefined;
  if (!(ScreeningFinding.values as readonly string[]).includes(value)) {
    throw new CliError(`未知的排查结论 / unknown finding "${value}" (${ScreeningFinding.values.join(', ')})`);
  }
  return value as ScreeningFinding;
}

/** Domain errors of bad input are usage errors here (exit 2). */
async function usage<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    if (e instanceof AppError && (e.code === 'validation_failed' || e.code === 'bad_request')) {
      throw new CliError(
        `${e.message}${e.issues.length ? ` (${e.issues.map((i) => `${i.path}: ${i.message}`).join('; ')})` : ''}`,
      );
    }
    if (e instanceof AppError && e.code === 'not_found') throw new CliError(e.message, 1);
    throw e;
  }
}

export function register(program: Command): void {
  const screen = program
    .command('screen')
    .description(
      '排查：应纳未纳、应消未消、应标未标、走访逾期，按县存储结果与解释 / screen households: should be monitored, eliminated, flagged, visits overdue; stored per county with explanations',
    )
    .option(
      '--county <codes>',
      '只排查这些县(6位,逗号分隔)，默认所有有农户的县 / only these counties (6 digits)',
      (v, p: string[]) => parseCodes(v, p, 6),
    )
    .option('--as-of <date>', '排查日期 YYYY-MM-DD，默认今天(北京时间) / as-of date, default today (China time)')
    .action(
      action(async (opts: { county?: string[]; asOf?: string }) => {
        await withStore(async ({ store }) => {
          const counties = opts.county ?? (await new HouseholdRepository(store.db).counties());
          if (!counties.length) throw new CliError('没有农户可排查 / there are no households to screen', 1);
          for (const county of counties) {
            const t = Date.now();
            const run = await usage(() => runScreening(store, SYSTEM_ACTOR, { scopeCode: county, asOf: opts.asOf }));
            printRun(run, (Date.now() - t) / 1000);
          }
        });
      }),
    );

  diffCommand(screen);
  listCommand(screen);
  showCommand(screen);
}

/** dixian screen diff */
function diffCommand(screen: Command): void {
  screen
    .command('diff <runA> <runB>')
    .description('比较两次排查：新进入、离开及原因 / compare two runs: who entered, who left, and why')
    .option('--finding <finding>', ScreeningFinding.values.join('|'))
    .option('--limit <n>', '每类最多列出 / at most this many rows each', '200')
    .action(
      action(async (runA: string, runB: string, opts: { finding?: string; limit: string }) => {
        await withStore(async ({ store }) => {
          const d = await usage(() =>
            compareRuns(store, SYSTEM_ACTOR, runA, runB, {
              finding: finding(opts.finding),
              limit: Number(opts.limit) || 200,
            }),
          );
          console.log(`从 / from ${d.a.id} (${d.a.scopeCode} ${d.a.asOf}, ${d.a.policyVersion})`);
          console.log(`到 / to   ${d.b.id} (${d.b.scopeCode} ${d.b.asOf}, ${d.b.policyVersion})`);
          for (const f of ScreeningFinding.values) {
            const c = d.counts[f];
            if (c) console.log(`  ${ScreeningFinding.labels[f].zh} / ${f}: +${c.entered} −${c.left} (=${c.stayed})`);
          }
          const show = (title: string, items: typeof d.entered) => {
            if (!items.length) return;
            console.log(`\n${title}`);
            for (const i of items) {
              console.log(
                `  ${i.householdNo ?? i.householdId}  ${i.regionCode}  ${i.finding}  [${i.reasons.join(', ')}]`,
              );
              console.log(`    ${i.message.zh}`);
              console.log(`    ${i.message.en}`);
            }
          };
          show('新进入 / entered', d.entered);
          show('离开 / left', d.left);
          if (d.truncated)
            console.log(`\n（仅列出前 ${opts.limit} 条 / only the first ${opts.limit} of each are listed）`);
        });
      }),
    );
}

/** dixian screen list */
function listCommand(screen: Command): void {
  screen
    .command('list')
    .description('最近的排查批次 / recent runs')
    .option('--county <code>', '只列出此县 / only this county (6 digits)')
    .option('--limit <n>', '最多 / at most', '20')
    .action(
      action(async (opts: { county?: string; limit: string }) => {
        await withStore(async ({ store }) => {
          const runs = await usage(() =>
            listScreeningRuns(store, SYSTEM_ACTOR, { scopeCode: opts.county, limit: Number(opts.limit) || 20 }),
          );
          for (const r of runs) {
            const c = ScreeningFinding.values.map((f) => r.counts[f].flagged).join('/');
            console.log(
              `${r.id}  ${r.scopeCode.padEnd(6)}  ${r.asOf}  ${r.status.padEnd(7)}  ${c}  ${r.policyVersion ?? ''}`,
            );
          }
        });
      }),
    );
}

/** dixian screen show */
function showCommand(screen: Command): void {
  screen
    .command('show <run>')
    .description('一次排查的结果及解释 / the findings of a run with their explanations')
    .option('--finding <finding>', ScreeningFinding.values.join('|'))
    .option('--left', '列出自上次排查以来离开的农户 / list the departures since the previous run')
    .option('--limit <n>', '最多 / at most', '50')
    .action(
      action(async (runId: string, opts: { finding?: string; left?: boolean; limit: string }) => {
        await withStore(async ({ store }) => {
          const page = await usage(() =>
            listScreeningResults(store, SYSTEM_ACTOR, runId, {
              finding: finding(opts.finding),
              cleared: opts.left ?? false,
              pageSize: Number(opts.limit) || 50,
            }),
          );
          printRun(page.run);
          console.log(
            `\n${page.total} 条 / rows${page.total > page.items.length ? ` (前 ${page.items.length} / first ${page.items.length})` : ''}`,
          );
          for (const i of page.items) {
            console.log(
              `  ${i.householdNo ?? i.householdId}  ${i.villageName ?? i.regionCode}  ${i.finding}  [${i.explanation.reasons.join(', ')}]`,
            );
            console.log(`    ${i.explanation.message.zh}`);
          }
        });
      }),
    );
}
