import fs from 'node:fs';
import path from 'node:path';
import { assess, chinaDate, evaluateEliminationGuards, parseHouseholdFacts } from '@dixian/core';
import type { Command } from 'commander';
import { resolvePolicyFromFiles } from '../../policies/policy-store.js';
import { action, CliError } from '../context.js';

/** A JSON input file (a byte-order mark allowed); unreadable or invalid JSON is a CliError naming the file. */
export function readJsonFile(file: string): unknown {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    throw new CliError(`无法读取文件 / cannot read ${file}: ${(e as Error).message}`, 1);
  }
  try {
    return JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (e) {
    throw new CliError(`${file}: 不是有效的 JSON / not valid JSON: ${(e as Error).message}`, 1);
  }
}

/** Read a household facts file: JSON, validated; every problem names its field. */
export function readHouseholdFile(file: string) {
  return parseHouseholdFacts(readJsonFile(file), path.basename(file));
}

export function register(program: Command): void {
  program
    .command('assess <file>')
    .description(
      '评估一户是否纳入监测及其类别、风险与排除情形，输出 JSON / assess one household (facts in a JSON file, see docs/assessment.md) and print the explained result as JSON',
    )
    .option('--as-of <date>', '评估日期 YYYY-MM-DD，默认今天(北京时间) / as-of date, default today (China time)')
    .option(
      '--policy <file>',
      '使用此政策文件代替同级及下级的内置政策 / use this policy record instead of the built-in ones of its level and below',
    )
    .option('--guards', '同时评估风险消除条件 / also evaluate the elimination guards')
    .action(
      action(async (file: string, opts: { asOf?: string; policy?: string; guards?: boolean }) => {
        const asOf = opts.asOf ?? chinaDate(new Date());
        const household = readHouseholdFile(file);
        const policy = resolvePolicyFromFiles(household.regionCode, asOf, opts.policy);
        const assessment = assess(household, policy, asOf);
        const out = opts.guards
          ? { ...assessment, elimination: evaluateEliminationGuards(household, policy, asOf) }
          : assessment;
        process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
      }),
    );
}
