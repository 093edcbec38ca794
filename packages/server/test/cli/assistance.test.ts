import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const here = path.dirname(fileURLToPath(import.meta.url));
const BIN = path.resolve(here, '../../bin/dixian.js');
const FIXTURE = path.resolve(here, '../../../core/test/fixtures/s2-assistance.json');
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'dixian-assistance-cli-'));
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));
const dixian = (...args: string[]) =>
  spawnSync(process.execPath, [BIN, ...args], { env: { ...process.env, DATABASE_URL: '' }, encoding: 'utf8' });

/** Issue 16 §10 through the real command line: no database, the built-in policy packs. */
describe('dixian assistance FILE.json', () => {
  it('S2 二(一)3, 二(一)4, 三(二): prints the verdicts in Chinese then English', () => {
    const r = dixian('assistance', FIXTURE, '--as-of', '2024-06-03');
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain('低保 / dibao: 符合 / eligible');
    expect(r.stdout).toContain('扣减后人均年收入 5750 元低于当年低保标准 6000 元');
    expect(r.stdout).toContain('income per head after deductions ¥5750 a year is below');
    expect(r.stdout).toContain('17 周岁,未满 18 周岁的未成年人');
    expect(r.stdout).toContain('自理能力 / self-care: 部分自理 / Partly self-caring, 照料护理补贴每月 300 元');
    expect(r.stdout).toContain('审批层级 / decided by: 乡镇 / the township');
  });

  it('--json prints the evaluation; --policy replaces the standard (渐退 against this year’s standard, S2 二(一)1)', () => {
    const j = dixian('assistance', FIXTURE, '--as-of', '2024-06-03', '--json');
    expect(j.status, j.stderr).toBe(0);
    expect(JSON.parse(j.stdout)).toMatchObject({
      policyVersion: 'national 2021 v1',
      dibao: { route: 'ordinary', monthlyTopUpFen: 4_167 },
      tekun: { members: [{ eligible: false }, { ground: 'minor', eligible: true }] },
      tempRelief: { decision: { required: 'township', capFen: 500_000 } },
    });
    const county = path.join(work, 'county.json');
    fs.writeFileSync(
      county,
      JSON.stringify({
        regionPrefix: '220681',
        year: 2024,
        version: 1,
        effectiveFrom: '2024-01-01',
        docNo: '临民发〔2024〕1号',
        docTitle: '关于提高2024年农村低保标准的通知',
        body: { dibao: { ruralMonthlyFen: 40_000 } },
      }),
    );
    const low = dixian('assistance', FIXTURE, '--as-of', '2024-06-03', '--json', '--policy', county);
    expect(low.status, low.stderr).toBe(0);
    // 5750 a year against a 4800 standard: above it, at most twice: the household on 低保 goes into 渐退
    expect(JSON.parse(low.stdout).dibao).toMatchObject({ route: 'grace', grace: { outcome: 'grace', months: 6 } });
  });

  it('bad input exits 1 naming the field; `dixian schema assistance` prints its JSON Schema', () => {
    const bad = path.join(work, 'bad.json');
    fs.writeFileSync(
      bad,
      JSON.stringify({ household: { regionCode: '220681100201', members: [] }, deductionClaims: [{ kind: 'x' }] }),
    );
    const r = dixian('assistance', bad);
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    for (const field of ['household.members', 'deductionClaims.0.kind']) expect(r.stderr).toContain(field);
    const s = dixian('schema', 'assistance');
    expect(s.status, s.stderr).toBe(0);
    const schema = JSON.parse(s.stdout);
    expect(schema.$schema).toMatch(/json-schema/);
    expect(Object.keys(schema.properties)).toEqual([
      'household',
      'deductionClaims',
      'standardMonthlyFen',
      'graceMonths',
      'selfCare',
      'tempRelief',
    ]);
  });
});
