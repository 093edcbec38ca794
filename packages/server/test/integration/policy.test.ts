import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { AppError, assess, PolicyError, type Assessment } from '@dixian/core';
import { Command } from 'commander';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { register as registerAssess } from '../../src/cli/commands/assess.js';
import { register as registerPolicy } from '../../src/cli/commands/policy.js';
import { register as registerSchema } from '../../src/cli/commands/schema.js';
import type { Store } from '../../src/db/store.js';
import { ensureBuiltinPolicies } from '../../src/policies/builtin.js';
import {
  listPolicyRecords,
  loadPolicyFile,
  resolvePolicyFromDb,
  resolvePolicyFromFiles,
} from '../../src/policies/policy-store.js';
import { createTestStore, engines } from '../support/db.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '../../../..');
const fixtures = path.join(repo, 'packages/core/test/fixtures');
const bin = path.join(repo, 'packages/server/bin/dixian.js');
const run = promisify(execFile);

const JILIN_VILLAGE = '220681100201';
const SHAANXI_VILLAGE = '610424100201';

let dir: string;
const writeJson = (name: string, value: unknown) => {
  const f = path.join(dir, name);
  fs.writeFileSync(f, JSON.stringify(value, null, 2));
  return f;
};
/** What a county writes to raise its line to 7300 yuan for 2024 (S3 §三(一)), a file and no code. */
const countyRecord = (version: number, lineFen: number) => ({
  regionPrefix: '220681',
  year: 2024,
  version,
  effectiveFrom: '2024-01-01',
  docNo: `临乡振发〔2024〕${version}号`,
  docTitle: '关于调整2024年防止返贫监测范围的通知',
  body: { monitoringIncomeLineFen: lineFen },
});

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dixian-policy-'));
});
afterAll(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

describe.each(engines)('policy records in the database on %s (issue 3 §1)', (engine) => {
  let store: Store;
  beforeAll(async () => {
    store = await createTestStore(engine);
    expect(await ensureBuiltinPolicies(store.db)).toBe(2);
  });
  afterAll(async () => {
    await store.close();
  });

  it('S1 §三(二), S3 §三(一): the built-in packs resolve to 6000 in 临江 and 7300 in 陕西 for 2024', async () => {
    expect(await ensureBuiltinPolicies(store.db)).toBe(0); // loading again changes nothing
    const jilin = await resolvePolicyFromDb(store.db, JILIN_VILLAGE, '2024-06-30');
    const shaanxi = await resolvePolicyFromDb(store.db, SHAANXI_VILLAGE, '2024-06-30');
    expect(jilin).toMatchObject({ monitoringIncomeLineFen: 600_000, versionLabel: 'national 2021 v1' });
    expect(shaanxi).toMatchObject({ monitoringIncomeLineFen: 730_000, versionLabel: 'national 2021 v1 + 61 2024 v1' });
    // the database gives the same policy as the files it was loaded from
    expect(shaanxi).toEqual(resolvePolicyFromFiles(SHAANXI_VILLAGE, '2024-06-30'));
  });

  it('S3 §三(一): a county file with 7300 is loaded and replaces 6000 for that county, changing the assessment', async () => {
    const household = JSON.parse(fs.readFileSync(path.join(fixtures, 's0-counted-members.json'), 'utf8'));
    const before: Assessment = assess(
      household,
      await resolvePolicyFromDb(store.db, JILIN_VILLAGE, '2024-06-30'),
      '2024-06-30',
    );
    expect(before.inScope).toBe(false);

    const r = await loadPolicyFile(store, writeJson(`county-${engine}.json`, countyRecord(1, 730_000)));
    expect(r).toMatchObject({ status: 'inserted', resolvedLabel: 'national 2021 v1 + 220681 2024 v1' });
    const stored = await listPolicyRecords(store.db, JILIN_VILLAGE);
    expect(stored.map((s) => `${s.regionPrefix || 'national'}:${s.source}`)).toEqual([
      'national:builtin',
      `220681:file:county-${engine}.json`,
    ]);

    const policy = await resolvePolicyFromDb(store.db, JILIN_VILLAGE, '2024-06-30');
    const after = assess(household, policy, '2024-06-30');
    expect(after).toMatchObject({
      inScope: true,
      category: 'marginal_vulnerable',
      policyVersion: 'national 2021 v1 + 220681 2024 v1',
    });
    // before the county record's date, and in the neighbouring county, 6000 still applies
    expect((await resolvePolicyFromDb(store.db, JILIN_VILLAGE, '2023-12-31')).monitoringIncomeLineFen).toBe(600_000);
    expect((await resolvePolicyFromDb(store.db, '220602100201', '2024-06-30')).monitoringIncomeLineFen).toBe(600_000);
  });

  it('loading the same file twice changes nothing; the same version with other content is refused; a new version wins', async () => {
    const same = await loadPolicyFile(store, writeJson(`county-again-${engine}.json`, countyRecord(1, 730_000)));
    expect(same.status).toBe('unchanged');
    await expect(
      loadPolicyFile(store, writeJson(`county-changed-${engine}.json`, countyRecord(1, 740_000))),
    ).rejects.toMatchObject({
      code: 'conflict',
      issues: [{ path: 'version' }],
    });
    expect((await resolvePolicyFromDb(store.db, JILIN_VILLAGE, '2024-06-30')).monitoringIncomeLineFen).toBe(730_000);
    await loadPolicyFile(store, writeJson(`county-v2-${engine}.json`, countyRecord(2, 740_000)));
    expect(await resolvePolicyFromDb(store.db, JILIN_VILLAGE, '2024-06-30')).toMatchObject({
      monitoringIncomeLineFen: 740_000,
      versionLabel: 'national 2021 v1 + 220681 2024 v2',
    });
  });

  it('an invalid file is refused with the field named, and nothing is stored', async () => {
    const count = async () => (await listPolicyRecords(store.db)).length;
    const n = await count();
    const bad = countyRecord(3, 730_000) as Record<string, unknown>;
    bad.body = { monitoringIncomeLineFen: '7300', exclusions: { privateCar: { enabld: false } } };
    const err = await loadPolicyFile(store, writeJson(`bad-${engine}.json`, bad)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PolicyError);
    expect((err as PolicyError).issues.map((i) => i.path).sort()).toEqual([
      'body.exclusions.privateCar.enabld',
      'body.monitoringIncomeLineFen',
    ]);
    expect((err as Error).message).toMatch(/^bad-.*\.json: 政策无效 \/ invalid policy/);
    // a county record dated before any national policy cannot be merged into a complete policy
    const early = { ...countyRecord(4, 730_000), year: 2020, effectiveFrom: '2020-06-01' };
    await expect(loadPolicyFile(store, writeJson(`early-${engine}.json`, early))).rejects.toThrow(
      /no national policy in force on 2020-06-01/,
    );
    fs.writeFileSync(path.join(dir, `broken-${engine}.json`), '{ "regionPrefix": ');
    await expect(loadPolicyFile(store, path.join(dir, `broken-${engine}.json`))).rejects.toThrow(/not valid JSON/);
    expect(await count()).toBe(n);
  });

  it('refuses an invalid date or region code when resolving', async () => {
    await expect(resolvePolicyFromDb(store.db, JILIN_VILLAGE, '2024-02-30')).rejects.toBeInstanceOf(AppError);
    await expect(resolvePolicyFromDb(store.db, '22068', '2024-06-30')).rejects.toThrow(/2, 4, 6, 9 or 12 digits/);
  });
});

/**
 * The commands run in-process on a fresh commander program (fast, and every line of the command modules runs);
 * one test runs the real `dixian` binary to prove the commands are registered in it.
 */
async function cli(register: (p: Command) => void, args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const logs = vi.spyOn(console, 'log').mockImplementation((...a: unknown[]) => void out.push(`${a.join(' ')}\n`));
  const stdout = vi
    .spyOn(process.stdout, 'write')
    .mockImplementation((c: string | Uint8Array) => out.push(String(c)) > 0);
  const stderr = vi
    .spyOn(process.stderr, 'write')
    .mockImplementation((c: string | Uint8Array) => err.push(String(c)) > 0);
  const env = { DATABASE_URL: process.env.DATABASE_URL, DIXIAN_DATA_DIR: process.env.DIXIAN_DATA_DIR };
  process.env.DIXIAN_DATA_DIR = path.join(dir, 'cli-data');
  delete process.env.DATABASE_URL;
  process.exitCode = undefined;
  try {
    const program = new Command('dixian').exitOverride();
    register(program);
    await program.parseAsync(['node', 'dixian', ...args]);
    return { code: process.exitCode ?? 0, stdout: out.join(''), stderr: err.join('') };
  } finally {
    process.exitCode = undefined;
    for (const [k, v] of Object.entries(env)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
    logs.mockRestore();
    stdout.mockRestore();
    stderr.mockRestore();
  }
}

describe('the command line: dixian assess, schema and policy (issue 3 §6)', () => {
  it('S0 方案二 §二(一)1: the `dixian` binary prints the explained assessment of an example household as JSON', async () => {
    const r = await run(
      process.execPath,
      [bin, 'assess', path.join(fixtures, 's0-unstable-lifted.json'), '--as-of', '2024-06-30'],
      {
        cwd: repo,
      },
    );
    const a = JSON.parse(r.stdout) as Assessment;
    expect(a).toMatchObject({
      inScope: true,
      category: 'unstable_lifted',
      riskTypes: ['illness'],
      policyVersion: 'national 2021 v1',
    });
    expect(a.explanations.find((e) => e.ruleId === 'S1.3.2.income_below_line')).toMatchObject({ outcome: 'yes' });
  });

  it('S3 §三(六): with --guards it adds the elimination guards; with --policy a county file replaces the built-in line', async () => {
    const g = await cli(registerAssess, [
      'assess',
      path.join(fixtures, 's3-elimination-due.json'),
      '--as-of',
      '2024-07-15',
      '--guards',
    ]);
    expect(JSON.parse(g.stdout).elimination).toMatchObject({ met: true, failedRuleIds: [] });
    const county = writeJson('cli-county.json', countyRecord(1, 730_000));
    const household = path.join(fixtures, 's0-counted-members.json');
    const p = await cli(registerAssess, ['assess', household, '--as-of', '2024-06-30', '--policy', county]);
    expect(JSON.parse(p.stdout)).toMatchObject({ inScope: true, policyVersion: 'national 2021 v1 + 220681 2024 v1' });
    const early = await cli(registerAssess, ['assess', household, '--as-of', '2023-06-30', '--policy', county]);
    expect(early.code).toBe(1);
    expect(early.stderr).toMatch(/does not apply to region 220681100201 on 2023-06-30/);
  });

  it('bad input exits non-zero and names every bad field', async () => {
    const bad = writeJson('bad-household.json', {
      regionCode: '2206811',
      members: [{ relation: 'head', sex: 'x', birthDate: '1970-02-30' }],
      incomes: [{ year: 2023, wageFen: 1.5 }],
    });
    const r = await cli(registerAssess, ['assess', bad, '--as-of', '2024-06-30']);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    for (const field of ['regionCode', 'members.0.sex', 'members.0.birthDate', 'incomes.0.wageFen'])
      expect(r.stderr).toContain(field);
    const missing = await cli(registerAssess, ['assess', path.join(dir, 'no-such-file.json')]);
    expect(missing).toMatchObject({ code: 1, stderr: expect.stringMatching(/cannot read/) });
  });

  it('`dixian schema household` prints a JSON Schema that documents the defaults', async () => {
    const r = await cli(registerSchema, ['schema', 'household']);
    const s = JSON.parse(r.stdout);
    expect(s.$schema).toMatch(/json-schema/);
    expect(s.required).toEqual(['regionCode', 'members']);
    expect(s.properties.members.items.properties.laborCapacity).toMatchObject({ default: 'ordinary' });
    expect(s.properties.regionCode.pattern).toBeDefined();
    expect((await cli(registerSchema, ['schema', 'nope'])).code).toBe(2);
  });

  it('`dixian policy load` stores a file; `policy show` and `policy list` read it back', async () => {
    const county = writeJson('cli-load.json', countyRecord(1, 730_000));
    const load = await cli(registerPolicy, ['policy', 'load', county]);
    expect(load.stdout).toMatch(/已载入 \/ loaded: 220681 2024 v1/);
    const show = await cli(registerPolicy, ['policy', 'show', '--region', JILIN_VILLAGE, '--as-of', '2024-06-30']);
    expect(JSON.parse(show.stdout)).toMatchObject({
      monitoringIncomeLineFen: 730_000,
      versionLabel: 'national 2021 v1 + 220681 2024 v1',
    });
    const list = await cli(registerPolicy, ['policy', 'list', '--region', '220681']);
    expect(list.stdout).toMatch(/220681\s+2024 v1\s+2024-01-01\s+7300\.00\s+file:cli-load\.json/);
    const bad = writeJson('cli-bad.json', { ...countyRecord(2, 730_000), body: { monitoringIncomeLineFen: -1 } });
    const refused = await cli(registerPolicy, ['policy', 'load', bad]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/body\.monitoringIncomeLineFen/);
  });
});
