import { AppError, MonitoringStatus, ScreeningFinding } from '@dixian/core';
import type { Command } from 'commander';
import { ensureCounties } from '../../regions/region-loader.js';
import { RegionRepository } from '../../repositories/region.repository.js';
import { SYSTEM_ACTOR } from '../../services/context.js';
import { attachShard, detachShard, nationReport, type NationReport } from '../../services/nation.service.js';
import type { Store } from '../../db/store.js';
import { action, CliError, withStore } from '../context.js';

/**
 * `dixian nation`: the national tier over shards. Each shard is a dixian database holding whole counties (its own
 * `dixian start` serves their users); this database reads them through postgres_fdw.
 */

const audit = { actor: SYSTEM_ACTOR, requestId: null, now: () => new Date() };

async function usage<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    if (e instanceof AppError) throw new CliError(e.message, e.code === 'not_found' ? 1 : 2);
    throw e;
  }
}

async function regionNames(store: Store, codes: string[]): Promise<Map<string, string>> {
  await ensureCounties(store, codes);
  return new RegionRepository(store.db).names(codes);
}

const n = (v: number): string => v.toLocaleString('zh-CN');
const pct = (part: number, whole: number): string => (whole ? `${((100 * part) / whole).toFixed(2)}%` : '—');

async function printReport(store: Store, r: NationReport): Promise<void> {
  const provinces = [...new Set(r.counties.map((c) => c.countyCode.slice(0, 2)))];
  const names = await regionNames(store, [...r.counties.map((c) => c.countyCode), ...provinces]);
  console.log(`全国汇总 / national figures  (${r.shards.length} 个分片 / shards, ${r.seconds.toFixed(2)} s)`);
  for (const s of r.shards) {
    console.log(
      `  分片 / shard ${s.name}  ${s.host}:${s.port}/${s.dbname}  ${s.counties} 县 / counties  ${n(s.households)} 户 / households`,
    );
  }
  for (const c of r.conflicts) {
    console.log(
      `  ⚠ 县 ${names.get(c.countyCode) ?? c.countyCode} 的农户在多个分片上 / county on several shards: ${c.shards.join(', ')}`,
    );
  }
  const monitored = (byStatus: Record<string, number>) =>
    (byStatus.identifying ?? 0) + (byStatus.monitoring_unresolved ?? 0) + (byStatus.risk_eliminated ?? 0);
  const header = [
    '县 / county',
    '分片',
    '农户',
    '人口',
    '监测户',
    '风险未消除',
    '低保户',
    '未结案件',
    '最近排查',
    '应纳未纳',
    '应消未消',
  ];
  console.log(header.join('\t'));
  for (const province of provinces) {
    const mine = r.counties.filter((c) => c.countyCode.startsWith(province));
    const households = mine.reduce((t, c) => t + c.households, 0);
    const watched = mine.reduce((t, c) => t + monitored(c.byStatus), 0);
    console.log(
      `${names.get(province) ?? province}: ${n(households)} 户, 监测户 ${n(watched)} (${pct(watched, households)})`,
    );
    for (const c of mine) {
      const run = r.runs.find((x) => x.shard === c.shard && x.countyCode === c.countyCode);
      console.log(
        [
          `  ${names.get(c.countyCode) ?? c.countyCode} ${c.countyCode}`,
          c.shard,
          n(c.households),
          n(c.people),
          n(monitored(c.byStatus)),
          n(c.byStatus.monitoring_unresolved ?? 0),
          n(c.dibaoHouseholds),
          n(c.openCases),
          run ? run.asOf : '—',
          run ? n(run.counts.should_include?.flagged ?? 0) : '—',
          run ? n(run.counts.should_eliminate?.flagged ?? 0) : '—',
        ].join('\t'),
      );
    }
  }
  console.log(
    `  (${MonitoringStatus.labels.identifying.zh}、${MonitoringStatus.labels.monitoring_unresolved.zh}、${
      MonitoringStatus.labels.risk_eliminated.zh
    }合计为监测户;${ScreeningFinding.labels.should_include.zh}取各县最近一次排查)`,
  );
}

export function register(program: Command): void {
  const nation = program
    .command('nation')
    .description('全国汇总:把各分片(每片一个 dixian 数据库,按县存放)接入本库 / the national tier over shards');
  nation
    .command('attach <name> <url>')
    .description('接入一个分片(postgres://用户:密码@主机:端口/库名)/ attach a shard database')
    .action(
      action(async (name: string, url: string) => {
        await withStore(async ({ store }) => {
          const counties = await usage(() => attachShard(store, audit, name, url));
          console.log(`已接入分片 / attached shard ${name}: ${counties.length} 个县 / counties ${counties.join(', ')}`);
        });
      }),
    );
  nation
    .command('detach <name>')
    .description('断开一个分片(分片上的数据不变)/ detach a shard (its data stays where it is)')
    .action(
      action(async (name: string) => {
        await withStore(async ({ store }) => {
          await usage(() => detachShard(store, audit, name));
          console.log(`已断开分片 / detached shard ${name}`);
        });
      }),
    );
  nation
    .command('report')
    .description('全国汇总数字:各省、各县的农户、人口、监测户、低保、案件与最近排查 / national figures')
    .option('--json', '输出 JSON / print JSON')
    .action(
      action(async (opts: { json?: boolean }) => {
        await withStore(async ({ store }) => {
          const report = await usage(() => nationReport(store));
          if (!report.shards.length) throw new CliError('尚未接入分片 / no shard attached (dixian nation attach)', 1);
          if (opts.json) console.log(JSON.stringify(report, null, 2));
          else await printReport(store, report);
        });
      }),
    );
}
