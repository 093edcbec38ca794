import { chinaDate, fenToYuan } from '@dixian/core';
import type { Command } from 'commander';
import { ensureBuiltinPolicies } from '../../policies/builtin.js';
import { listPolicyRecords, loadPolicyFile, resolvePolicyFromDb } from '../../policies/policy-store.js';
import { action, withStore } from '../context.js';

export function register(program: Command): void {
  const policy = program.command('policy').description('政策(版本化数据) / policy as versioned data');

  policy
    .command('list')
    .description('列出数据库中的政策记录 / list the policy records in the database')
    .option('--region <code>', '只列出适用于该区划的记录 / only records that apply to this region')
    .action(
      action(async (opts: { region?: string }) => {
        await withStore(async ({ store }) => {
          await ensureBuiltinPolicies(store.db);
          const rows = await listPolicyRecords(store.db, opts.region);
          for (const r of rows) {
            const line =
              typeof r.body.monitoringIncomeLineFen === 'number' ? fenToYuan(r.body.monitoringIncomeLineFen) : '';
            console.log(
              [
                (r.regionPrefix || '全国').padEnd(12),
                `${r.year} v${r.version}`.padEnd(9),
                r.effectiveFrom,
                line.padStart(9),
                r.source.padEnd(24),
                r.docNo,
              ].join('  '),
            );
          }
          console.log(`共 / total: ${rows.length}`);
        });
      }),
    );

  policy
    .command('show')
    .description('显示某区划某日生效的合并政策(JSON) / print the merged policy in force for a region on a date (JSON)')
    .requiredOption('--region <code>', '区划代码 / region code')
    .option('--as-of <date>', 'YYYY-MM-DD，默认今天 / default today')
    .action(
      action(async (opts: { region: string; asOf?: string }) => {
        await withStore(async ({ store }) => {
          await ensureBuiltinPolicies(store.db);
          const resolved = await resolvePolicyFromDb(store.db, opts.region, opts.asOf ?? chinaDate(new Date()));
          process.stdout.write(`${JSON.stringify(resolved, null, 2)}\n`);
        });
      }),
    );

  policy
    .command('load <file>')
    .description('校验并载入一个政策文件 / validate a policy file and store it in the database')
    .action(
      action(async (file: string) => {
        await withStore(async ({ store }) => {
          await ensureBuiltinPolicies(store.db);
          const r = await loadPolicyFile(store, file);
          const label = `${r.record.regionPrefix || '全国 national'} ${r.record.year} v${r.record.version}`;
          console.log(
            r.status === 'inserted'
              ? `已载入 / loaded: ${label}, ${r.record.effectiveFrom} 起 / from ${r.record.effectiveFrom} (${r.resolvedLabel})`
              : `已存在，内容相同 / already loaded, unchanged: ${label}`,
          );
        });
      }),
    );
}
