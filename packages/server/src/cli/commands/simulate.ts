import { InvalidArgumentError, type Command } from 'commander';
import { isIsoDate } from '@dixian/core';
import { formatReport } from '../../simulate/report.js';
import { simulate, SimulationError } from '../../simulate/simulate.js';
import { InvariantViolation } from '../../simulate/invariants.js';
import { action, CliError, withStore } from '../context.js';

interface SimulateCliOptions {
  county: string;
  months: number;
  seed: number;
  households: number;
  start?: string;
  json: boolean;
  verbose: boolean;
}

function intIn(name: string, min: number, max: number) {
  return (value: string): number => {
    const n = Number(value);
    if (!/^-?\d+$/.test(value.trim()) || !Number.isSafeInteger(n) || n < min || n > max) {
      throw new InvalidArgumentError(
        `${name} 应为 ${min}–${max} 的整数 / ${name} must be an integer ${min}–${max}: "${value}"`,
      );
    }
    return n;
  };
}

function county(value: string): string {
  if (!/^\d{6}$/.test(value.trim())) {
    throw new InvalidArgumentError(`县级区划代码应为6位数字 / the county code must be 6 digits: "${value}"`);
  }
  return value.trim();
}

function date(value: string): string {
  if (!isIsoDate(value)) throw new InvalidArgumentError(`日期应为 YYYY-MM-DD / date must be YYYY-MM-DD: "${value}"`);
  return value;
}

export function register(program: Command): void {
  program
    .command('simulate')
    .description(
      '模拟一个县的一年(培训沙盒):生成演示农户,按日通过业务服务推进,每日检查不变量,最后打印年度报告 / ' +
        "replay a county's year (a training sandbox): seed it, drive it day by day through the services, check the invariants every day, print the year-end report",
    )
    .requiredOption('--county <code>', '县级区划代码 / county code (6 digits)', county)
    .option('--months <n>', '模拟月数 / months to simulate', intIn('months', 1, 12), 12)
    .option(
      '--seed <n>',
      '随机种子(同一种子同一报告) / random seed (same seed, same report)',
      intIn('seed', -(2 ** 31), 2 ** 31),
      42,
    )
    .option('--households <n>', '生成的农户数 / households to seed', intIn('households', 100, 200_000), 20_000)
    .option('--start <date>', '第一天(默认 2025-01-01) / the first simulated day (default 2025-01-01)', date)
    .option('--json', '以 JSON 输出报告 / print the report as JSON', false)
    .option('--verbose', '打印每月进度与耗时 / print monthly progress and where the time went', false)
    .addHelpText(
      'after',
      `
需要新的数据库(嵌入式数据目录为空,或 DATABASE_URL 指向空库) / needs a fresh database (an empty data directory, or
DATABASE_URL naming an empty database). 任一不变量被破坏即停止并以非零状态退出 / any broken invariant stops the run
with a non-zero exit.

例 / examples:
  DIXIAN_DATA_DIR=$(mktemp -d) dixian simulate --county 220681 --months 12 --seed 7 --households 2000
  dixian simulate --county 220681 --months 12 --json > year.json`,
    )
    .action(action(runSimulate));
}

async function runSimulate(opts: SimulateCliOptions): Promise<void> {
  await withStore(async ({ store, config }) => {
    const log = (line: string) => process.stderr.write(`${line}\n`);
    try {
      const report = await simulate(store, config, {
        county: opts.county,
        months: opts.months,
        seed: opts.seed,
        households: opts.households,
        ...(opts.start ? { start: opts.start } : {}),
        ...(opts.verbose ? { log, timings: (t: Record<string, number>) => log(JSON.stringify(t)) } : {}),
      });
      console.log(opts.json ? JSON.stringify(report, null, 2) : formatReport(report));
    } catch (err) {
      if (err instanceof InvariantViolation) throw new CliError(err.message, 1);
      if (err instanceof SimulationError) throw new CliError(err.message);
      throw err;
    }
  });
}
