import { InvalidArgumentError, type Command } from 'commander';
import { isIsoDate } from '@dixian/core';
import { loadRegions } from '../../regions/region-loader.js';
import { seedHouseholds, SeedError } from '../../seed/seed.js';
import { action, CliError, parseCodes, withStore } from '../context.js';
import { RegionRepository } from '../../repositories/region.repository.js';
import type { Store } from '../../db/store.js';

function positiveInt(name: string, min: number) {
  return (value: string): number => {
    const n = Number(value);
    if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(n) || n < min) {
      throw new InvalidArgumentError(
        `${name} 应为不小于 ${min} 的整数 / ${name} must be an integer ≥ ${min}: "${value}"`,
      );
    }
    return n;
  };
}

function integer(value: string): number {
  const n = Number(value);
  if (!/^-?\d+$/.test(value.trim()) || !Number.isSafeInteger(n)) {
    throw new InvalidArgumentError(`种子应为整数 / seed must be an integer: "${value}"`);
  }
  return n;
}

function date(value: string): string {
  if (!isIsoDate(value)) throw new InvalidArgumentError(`日期应为 YYYY-MM-DD / date must be YYYY-MM-DD: "${value}"`);
  return value;
}

interface SeedCliOptions {
  county?: string[];
  province?: string[];
  households: number;
  seed: number;
  asOf?: string;
  chunkSize?: number;
  progress: boolean;
}

export function register(program: Command): void {
  program
    .command('seed')
    .description(
      '在真实行政村上生成确定性的演示农户(同一种子同一结果) / generate deterministic demo households on the real rural villages of counties',
    )
    .option(
      '--county <codes>',
      '县级区划代码(6位,可重复或逗号分隔) / county codes (6 digits, repeatable)',
      (v, p: string[]) => parseCodes(v, p, 6),
    )
    .option(
      '--province <codes>',
      '省级代码(2位):该省所有有农村的县 / province codes (2 digits): all its counties with villages',
      (v, p: string[]) => parseCodes(v, p, 2),
    )
    .requiredOption(
      '--households <n>',
      '总户数,按村分布 / total households, spread over the villages',
      positiveInt('households', 1),
    )
    .option('--seed <n>', '随机种子 / random seed', integer, 42)
    .option('--as-of <date>', '数据基准日(默认今天) / the day the data describes (default: today, China time)', date)
    .option('--chunk-size <n>', '每个事务的户数 / households per transaction', positiveInt('chunk-size', 1))
    .option('--no-progress', '不显示进度条 / no progress bar')
    .addHelpText(
      'after',
      `
例 / examples:
  dixian seed --county 220681 --households 20000 --seed 42
  dixian seed --province 22 --households 1000000 --as-of 2025-06-30
再次生成已有农户的县会被拒绝(同一种子和户数则不做任何事) / a county that already has households is refused
(unless seeded before with the same seed and size, which is a no-op).`,
    )
    .action(action(runSeed));
}

/** The counties asked for, a province standing for all its rural counties (its region tree loaded when missing). */
async function countiesOf(store: Store, opts: SeedCliOptions): Promise<Set<string>> {
  const counties = new Set(opts.county ?? []);
  const regions = new RegionRepository(store.db);
  for (const province of opts.province ?? []) {
    const known = (await regions.get(province))?.level === 'province';
    // a province is loaded whole the first time (its villages are needed anyway)
    if (!known || (await regions.villageCount(province)) === 0) {
      console.log(`载入区划 / loading the region tree of province ${province} …`);
      await loadRegions(store, { provinces: [province] });
    }
    const rural = await regions.ruralCounties(province);
    if (!rural.length)
      throw new CliError(`未知的省级代码或该省没有农村 / unknown province or no rural villages: ${province}`);
    for (const c of rural) counties.add(c);
  }
  return counties;
}

async function runSeed(opts: SeedCliOptions): Promise<void> {
  if (!opts.county?.length && !opts.province?.length) {
    throw new CliError('请指定 --county 或 --province / give --county or --province');
  }
  await withStore(async ({ store }) => {
    const counties = await countiesOf(store, opts);
    const started = Date.now();
    try {
      const r = await seedHouseholds(store, {
        counties: [...counties],
        households: opts.households,
        seed: opts.seed,
        asOf: opts.asOf,
        chunkSize: opts.chunkSize,
        progress: opts.progress,
      });
      const secs = (Date.now() - started) / 1000;
      if (r.skipped.length === counties.size) {
        console.log(
          `已生成过,未做改动 / already seeded with the same seed and size, nothing changed: ${r.skipped.join(', ')}`,
        );
        return;
      }
      console.log(
        `已生成 / seeded ${r.households} 户 households, ${r.members} 人 members in ${counties.size - r.skipped.length} county(ies), as of ${r.asOf}, ${secs.toFixed(1)} s (${Math.round((r.households / secs) * 60)} 户/分 households/min)`,
      );
      console.log(
        `  案件 cases ${r.rows.monitoring_case}, 线索 leads ${r.rows.lead}, 走访 visits ${r.rows.visit}, 收入记录 income records ${r.rows.income_record}, 救助 social assistance ${r.rows.social_assistance_case}`,
      );
      if (r.skipped.length) console.log(`  未改动(已生成过) / left as they were: ${r.skipped.join(', ')}`);
    } catch (err) {
      if (err instanceof SeedError) throw new CliError(err.message);
      throw err;
    }
  });
}
