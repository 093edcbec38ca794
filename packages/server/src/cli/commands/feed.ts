import fs from 'node:fs';
import { AppError, chinaDateTime, Department, FEED_DEPARTMENTS, type Actor } from '@dixian/core';
import { Option, type Command } from 'commander';
import { writeFeedReport, writeFeedTemplate } from '../../feeds/report.js';
import type { TextEncoding } from '../../feeds/source.js';
import { listBatches, undoFeedBatch } from '../../services/feed-batches.service.js';
import type { FeedImportStats } from '../../services/feed-pipeline.js';
import { importFeed } from '../../services/feed.service.js';
import { SYSTEM_ACTOR } from '../../services/context.js';
import { action, CliError, withStore } from '../context.js';

const deptHelp = FEED_DEPARTMENTS.map((d) => `${d} ${Department.labels[d].zh}`).join(', ');

/** The CLI acts as the system actor, narrowed to the county when one is given. */
function cliActor(county?: string): Actor {
  return county ? { ...SYSTEM_ACTOR, scopeCode: county } : SYSTEM_ACTOR;
}

function printAppError(err: unknown): never {
  if (err instanceof AppError) {
    const lines = [
      err.message,
      ...err.issues.map((i) => `  ${i.row ? `第${i.row}行 ` : ''}${i.path ?? ''} ${i.message}`),
    ];
    // the file or the request is at fault (exit 2), not the system (exit 1)
    const userFault = err.code === 'validation_failed' || err.code === 'precondition_failed';
    throw new CliError(lines.join('\n'), userFault ? 2 : 1);
  }
  throw err;
}

export function register(program: Command): void {
  const feed = program.command('feed').description('部门数据推送与预警 / department data feeds and warnings');

  importCommand(feed);
  templateCommand(feed);
  reportCommand(feed);
  undoCommand(feed);
  listCommand(feed);
}

/** dixian feed import */
function importCommand(feed: Command): void {
  feed
    .command('import <file>')
    .description('导入部门推送文件(CSV或.xlsx) / import a department file (CSV in UTF-8/GBK/GB18030, or .xlsx)')
    .requiredOption('--dept <code>', `部门 / department: ${deptHelp}`)
    .option('--county <code>', '县级区划代码(6位) / county code (6 digits)')
    .addOption(
      new Option('--encoding <name>', 'CSV编码(默认自动识别) / CSV encoding (detected by default)').choices([
        'utf-8',
        'gb18030',
        'utf-16le',
        'utf-16be',
      ]),
    )
    .option('--sheet <name>', '导入.xlsx中的指定工作表 / the .xlsx sheet to import')
    .option('--report <file.xlsx>', '同时写出校验报告 / also write the validation report')
    .action(
      action(
        async (
          file: string,
          opts: { dept: string; county?: string; encoding?: TextEncoding; sheet?: string; report?: string },
        ) => {
          if (!fs.existsSync(file)) throw new CliError(`文件不存在 / no such file: ${file}`);
          if (opts.county !== undefined && !/^\d{6}$/.test(opts.county)) {
            throw new CliError(`县级区划代码应为6位 / a county code has 6 digits: ${opts.county}`);
          }
          await withStore(async ({ store }) => {
            const ctx = { store, actor: cliActor(opts.county), now: () => new Date() };
            const t = Date.now();
            const r = await importFeed(ctx, {
              department: opts.dept,
              file,
              countyCode: opts.county,
              encoding: opts.encoding,
              sheet: opts.sheet,
            }).catch(printAppError);
            const b = r.batch;
            const s = b.stats as unknown as FeedImportStats;
            if (r.alreadyImported) {
              console.log(
                `该文件已于 ${b.finishedAt ? chinaDateTime(b.finishedAt) : ''}(北京时间)导入,未作任何改动 / already imported: nothing changed`,
              );
            } else {
              console.log(`批次 / batch ${b.id}  (${((Date.now() - t) / 1000).toFixed(1)} s)`);
              console.log(
                `格式 / format: ${b.format}${b.encoding ? ` ${b.encoding}` : ''}${s.sheet ? `, 工作表 ${s.sheet}` : ''}, 表头第${s.headerRow}行 / header row ${s.headerRow}`,
              );
            }
            console.log(
              `数据行 ${b.rowsTotal} (有效 ${b.rowsValid}, 有误 ${b.rowsInvalid}); 匹配 ${b.rowsMatched}, 未匹配 ${b.rowsUnmatched} / rows ${b.rowsTotal}, valid ${b.rowsValid}, invalid ${b.rowsInvalid}, matched ${b.rowsMatched}, unmatched ${b.rowsUnmatched}`,
            );
            console.log(
              `新增预警 ${b.warningsCreated}, 新建线索 ${s.leadsCreated ?? 0}, 并入在办案件 ${s.attachedToCase ?? 0}, 并入待核实线索 ${s.attachedToLead ?? 0}, 此前已预警 ${s.duplicates ?? 0} / new warnings, leads opened, attached to cases, attached to leads, repeated`,
            );
            if (opts.report) {
              await writeFeedReport(ctx, b.id, opts.report);
              console.log(`报告 / report: ${opts.report}`);
            }
          });
        },
      ),
    );
}

/** dixian feed template */
function templateCommand(feed: Command): void {
  feed
    .command('template')
    .description('生成部门推送模板(.xlsx) / write the department template (.xlsx)')
    .requiredOption('--dept <code>', `部门 / department: ${deptHelp}`)
    .requiredOption('--out <file.xlsx>', '输出文件 / output file')
    .action(
      action(async (opts: { dept: string; out: string }) => {
        await writeFeedTemplate(opts.dept, opts.out).catch(printAppError);
        console.log(`模板 / template: ${opts.out}`);
      }),
    );
}

/** dixian feed report */
function reportCommand(feed: Command): void {
  feed
    .command('report <batch>')
    .description('导出某批次的校验与处理结果报告(.xlsx) / write the report of a batch (.xlsx)')
    .requiredOption('--out <file.xlsx>', '输出文件 / output file')
    .action(
      action(async (batch: string, opts: { out: string }) => {
        await withStore(async ({ store }) => {
          await writeFeedReport({ store, actor: SYSTEM_ACTOR, now: () => new Date() }, batch, opts.out).catch(
            printAppError,
          );
          console.log(`报告 / report: ${opts.out}`);
        });
      }),
    );
}

/** dixian feed undo */
function undoCommand(feed: Command): void {
  feed
    .command('undo <batch>')
    .description(
      '撤销整批:删除其预警和其新建且无人处理的线索 / undo a batch: remove its warnings and the leads it opened that nobody worked',
    )
    .action(
      action(async (batch: string) => {
        await withStore(async ({ store }) => {
          const r = await undoFeedBatch({ store, actor: SYSTEM_ACTOR, now: () => new Date() }, batch).catch(
            printAppError,
          );
          console.log(
            `已撤销批次 ${r.batch.id}: 删除预警 ${r.warningsRemoved}, 删除线索 ${r.leadsRemoved} / batch undone: ${r.warningsRemoved} warnings and ${r.leadsRemoved} leads removed`,
          );
        });
      }),
    );
}

/** dixian feed list */
function listCommand(feed: Command): void {
  feed
    .command('list')
    .description('列出导入批次 / list imported batches')
    .option('--dept <code>', '只列此部门 / only this department')
    .option('--limit <n>', '条数 / how many', '20')
    .action(
      action(async (opts: { dept?: string; limit: string }) => {
        await withStore(async ({ store }) => {
          const rows = await listBatches(
            { store, actor: SYSTEM_ACTOR, now: () => new Date() },
            { department: opts.dept, limit: Number(opts.limit) || 20 },
          );
          for (const b of rows) {
            console.log(
              [
                b.id,
                `${chinaDateTime(b.startedAt).slice(0, 16)}(北京时间)`,
                b.department.padEnd(20),
                b.status.padEnd(7),
                `rows ${b.rowsTotal}`,
                `warnings ${b.warningsCreated}`,
                b.fileName,
              ].join('  '),
            );
          }
          if (!rows.length) console.log('没有导入批次 / no batches');
        });
      }),
    );
}
