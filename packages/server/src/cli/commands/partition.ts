import { AppError } from '@dixian/core';
import type { Command } from 'commander';
import { appendAudit } from '../../audit/audit-log.js';
import { partitionByCounty, type PartitionBy, type PartitionResult } from '../../db/partition.js';
import { SYSTEM_ACTOR } from '../../services/context.js';
import { action, CliError, withStore } from '../context.js';

const BY: PartitionBy[] = ['province', 'prefecture'];
const level = (by: string) => (by === 'province' ? '省' : '地市');

/** What the command did, in Chinese then English. */
function said(r: PartitionResult, took: string): string {
  if (!r.tables)
    return `没有新的${level(r.by)}需要分区,未作改动 / no new ${r.by} in the default partition: nothing changed`;
  const rows = Object.values(r.rows)
    .reduce((a, b) => a + b, 0)
    .toLocaleString('zh-CN');
  return r.added
    ? `已为新的${level(r.by)}建立分区 / new partitions by ${r.by}: ${r.groups.join(', ')}, ` +
        `${rows} 行移出默认分区 / rows moved out of the default partition in ${took}`
    : `已按${level(r.by)}分区 / partitioned by ${r.by}: ${r.tables} 张表 / tables, ${r.groups.length} 个分区加默认分区 / ` +
        `partitions and a default (${r.groups.join(', ') || '—'}), ${rows} 行 / rows moved in ${took}`;
}

/**
 * `dixian partition`: the large tables split into partitions of county codes, one per province (or prefecture)
 * with households and a default one, in one transaction (db/partition.ts). For a server holding many counties.
 * Run again after a new province's counties are loaded, it gives them partitions of their own.
 */
export function register(program: Command): void {
  program
    .command('partition')
    .description(
      '按省或地市对大表分区;再次运行为新的省份建分区(需停机) / partition the large tables by province or prefecture; run again for new ones',
    )
    .option('--by <level>', `分区依据 / partition by: ${BY.join(' | ')}`, 'province')
    .action(
      action(async (opts: { by: string }) => {
        const by = opts.by as PartitionBy;
        if (!BY.includes(by)) throw new CliError(`--by 只能是 / must be one of: ${BY.join(', ')}`);
        await withStore(async ({ store }) => {
          const started = Date.now();
          const r = await store.transaction(async (tx) => {
            const result = await partitionByCounty(tx, by).catch((e: unknown) => {
              throw e instanceof AppError ? new CliError(e.message) : e;
            });
            if (!result.tables) return result;
            const ctx = { actor: SYSTEM_ACTOR, requestId: null, now: () => new Date() };
            await appendAudit(tx, ctx, {
              action: 'schema.partition',
              targetType: 'database',
              targetId: null,
              regionCode: '',
              detail: { by: result.by, added: result.added, groups: result.groups, tables: result.tables },
            });
            return result;
          });
          console.log(said(r, `${((Date.now() - started) / 1000).toFixed(1)} s`));
        });
      }),
    );
}
