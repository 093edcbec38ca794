import type { Command } from 'commander';
import { appendAudit } from '../../audit/audit-log.js';
import { partitionByCounty, type PartitionBy } from '../../db/partition.js';
import { SYSTEM_ACTOR } from '../../services/context.js';
import { action, CliError, withStore } from '../context.js';

const BY: PartitionBy[] = ['province', 'prefecture'];

/**
 * `dixian partition`: the large tables split into partitions of county codes, one per province (or prefecture)
 * with households and a default one, in one transaction (db/partition.ts). For a server holding many counties.
 */
export function register(program: Command): void {
  program
    .command('partition')
    .description('按省或地市对大表分区(一次完成,需停机) / partition the large tables by province or prefecture')
    .option('--by <level>', `分区依据 / partition by: ${BY.join(' | ')}`, 'province')
    .action(
      action(async (opts: { by: string }) => {
        const by = opts.by as PartitionBy;
        if (!BY.includes(by)) throw new CliError(`--by 只能是 / must be one of: ${BY.join(', ')}`);
        await withStore(async ({ store }) => {
          const started = Date.now();
          const r = await store.transaction(async (tx) => {
            const result = await partitionByCounty(tx, by).catch((e: Error) => {
              throw /already partitioned/.test(e.message)
                ? new CliError(`大表已经分区,未作改动 / the large tables are partitioned already: nothing changed`)
                : e;
            });
            const ctx = { actor: SYSTEM_ACTOR, requestId: null, now: () => new Date() };
            await appendAudit(tx, ctx, {
              action: 'schema.partition',
              targetType: 'database',
              targetId: null,
              regionCode: '',
              detail: { by: result.by, groups: result.groups, tables: result.tables },
            });
            return result;
          });
          const rows = Object.values(r.rows).reduce((a, b) => a + b, 0);
          const level = by === 'province' ? '省' : '地市';
          console.log(
            `已按${level}分区 / partitioned by ${by}: ${r.tables} 张表 / tables, ${r.groups.length} 个分区加默认分区 / ` +
              `partitions and a default (${r.groups.join(', ') || '—'}), ${rows.toLocaleString('zh-CN')} 行 / rows ` +
              `moved in ${((Date.now() - started) / 1000).toFixed(1)} s`,
          );
        });
      }),
    );
}
