import path from 'node:path';
import {
  AppError,
  AssistanceInputSchema,
  chinaDate,
  evaluateAssistance,
  SelfCareLevel,
  type AssistanceEvaluation,
  type AssistanceInput,
  type ErrorIssue,
  type LocalizedText,
} from '@dixian/core';
import type { Command } from 'commander';
import { resolvePolicyFromFiles } from '../../policies/policy-store.js';
import { action } from '../context.js';
import { readJsonFile } from './assess.js';

/** Read an assistance input file (docs/assistance.md): JSON, validated; every problem names its field. */
export function readAssistanceFile(file: string): AssistanceInput {
  const r = AssistanceInputSchema.safeParse(readJsonFile(file));
  if (r.success) return r.data;
  const issues: ErrorIssue[] = r.error.issues.map((i) => ({
    path: i.path.map(String).join('.') || '(root)',
    message: i.message,
  }));
  throw new AppError(
    'validation_failed',
    {
      zh: `${path.basename(file)}: 输入无效：${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`,
      en: `${path.basename(file)}: invalid assistance input`,
    },
    issues,
  );
}

const yuan = (fen: number) => (fen % 100 === 0 ? String(fen / 100) : (fen / 100).toFixed(2));
const both = (t: LocalizedText, indent = '  ') => `${indent}${t.zh}\n${indent}  ${t.en}`;

/** The evaluation as bilingual text: Chinese first, English under it. */
export function formatAssistance(e: AssistanceEvaluation): string {
  const out: string[] = [];
  out.push(`救助资格评估 / assistance eligibility — ${e.householdNo ?? e.regionCode}, ${e.asOf}`);
  if (e.policyVersion) out.push(`政策 / policy: ${e.policyVersion}`);
  const d = e.dibao;
  out.push('', `低保 / dibao: ${d.route === 'none' ? '不符合 / not eligible' : '符合 / eligible'}`);
  out.push(
    `  标准 / standard: 每月 ${yuan(d.standardMonthlyFen)} 元 / ¥${yuan(d.standardMonthlyFen)} a month` +
      (d.standardSource === 'input' ? '(输入指定 / given in the input)' : ''),
  );
  for (const l of d.income.lines) {
    const sign = l.kind === 'deduction' ? '−' : l.kind === 'not_imputed' ? ' ' : '+';
    const who = l.member ? `[${l.member}] ` : '';
    out.push(`  ${sign} ${yuan(l.amountFen)} 元 ${who}${l.rule.zh}(${l.source.zh})`);
    out.push(`      ${l.rule.en} (${l.source.en})`);
  }
  out.push(
    `  人均 / per head: ${yuan(d.income.perCapitaFen)} 元/年 / ¥${yuan(d.income.perCapitaFen)} a year, ${d.income.people} 人 / people`,
  );
  for (const r of d.reasons) out.push(both(r));
  if (d.householdEligible && d.monthlyTopUpFen > 0) {
    out.push(`  每月补差 / monthly top-up: ${yuan(d.monthlyTopUpFen)} 元 / ¥${yuan(d.monthlyTopUpFen)}`);
  }
  for (const s of d.singlePerson) {
    out.push(`  单人户 / single person ${s.member}: ${s.eligible ? '可纳入 / may be taken in' : '不可 / no'}`);
    out.push(both(s.reason, '    '));
  }
  out.push('', '特困 / tekun:');
  for (const m of e.tekun.members) {
    out.push(`  ${m.member}: ${m.eligible ? '可能符合 / may qualify' : '不符合 / no'}`);
    out.push(both(m.reason, '    '));
    if (m.selfCare) {
      const l = SelfCareLevel.labels[m.selfCare];
      const care = m.careMonthlyFen ?? 0;
      out.push(
        `    自理能力 / self-care: ${l.zh} / ${l.en}, 照料护理补贴每月 ${yuan(care)} 元 / care allowance ¥${yuan(care)} a month`,
      );
    }
  }
  for (const r of e.tekun.reasons) out.push(both(r));
  if (e.tempRelief) {
    const t = e.tempRelief;
    out.push(
      '',
      `临时救助 / temporary assistance: ${t.kindLabel.zh} / ${t.kindLabel.en}, ${yuan(t.amountFen)} 元 / ¥${yuan(t.amountFen)}`,
    );
    out.push(
      `  审批层级 / decided by: ${t.decision.required === 'county' ? '县级 / the county' : '乡镇 / the township'}`,
    );
    for (const r of t.reasons) out.push(both(r));
  }
  return `${out.join('\n')}\n`;
}

export function register(program: Command): void {
  program
    .command('assistance <file>')
    .description(
      '评估一户的低保、特困、临时救助资格并说明理由 / evaluate one household for dibao, tekun and temporary assistance with the reasons (input: docs/assistance.md)',
    )
    .option('--as-of <date>', '评估日期 YYYY-MM-DD，默认今天(北京时间) / as-of date, default today (China time)')
    .option(
      '--policy <file>',
      '使用此政策文件代替同级及下级的内置政策 / use this policy record instead of the built-in ones of its level and below',
    )
    .option('--json', '输出 JSON / print the result as JSON')
    .action(
      action(async (file: string, opts: { asOf?: string; policy?: string; json?: boolean }) => {
        const asOf = opts.asOf ?? chinaDate(new Date());
        const input = readAssistanceFile(file);
        const policy = resolvePolicyFromFiles(input.household.regionCode, asOf, opts.policy);
        const evaluation = evaluateAssistance(input, policy, asOf);
        process.stdout.write(opts.json ? `${JSON.stringify(evaluation, null, 2)}\n` : formatAssistance(evaluation));
      }),
    );
}
