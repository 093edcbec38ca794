import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { openStore } from '../../src/db/store.js';
import { ensureBuiltinPolicies } from '../../src/policies/builtin.js';
import { COUNTY, TOWNSHIP, VILLAGE_A } from '../support/api.js';
import { templatePath } from '../support/template.js';

const BIN = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../bin/dixian.js');
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'dixian-jobs-cli-'));
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

const dataDir = path.join(work, 'data');
const env = { ...process.env, DATABASE_URL: '', DIXIAN_DATA_DIR: dataDir, DIXIAN_TMP_DIR: path.join(work, 'tmp') };
const dixian = (...args: string[]) => spawnSync(process.execPath, [BIN, ...args], { env, encoding: 'utf8' });

/** Issue 15 §7 through the real command line, on a PGlite data directory. */
describe('dixian jobs run (the command, on PGlite)', () => {
  it('S0 plan two 五 / S1 §四(二): runs the month-start and half-month jobs for a date, a rerun creating nothing', async () => {
    const store = await openStore({ dataDir, loadDataDir: new Blob([fs.readFileSync(templatePath())]) });
    await store.transaction(async (tx) => {
      for (const [code, level, parent] of [
        ['22', 'province', null],
        ['2206', 'prefecture', '22'],
        [COUNTY, 'county', '2206'],
        [TOWNSHIP, 'township', COUNTY],
        [VILLAGE_A, 'village', TOWNSHIP],
      ] as const) {
        await tx.client.query(
          `insert into region (code, name, level, parent_code, county_code, is_rural) values ($1, $5, $2, $3, $4, true)`,
          [code, level, parent, code.length >= 6 ? code.slice(0, 6) : null, `区划${code}`],
        );
      }
      await tx.client.query(
        `insert into app_user (username, display_name, password_hash, role, scope_code)
         values ('cadre', '村干部', 'x', 'village_cadre', $1)`,
        [VILLAGE_A],
      );
    });
    await ensureBuiltinPolicies(store.db);
    await store.close();

    const first = dixian('jobs', 'run', 'monthly', '--as-of', '2024-07-02');
    expect(first.status, first.stderr).toBe(0);
    // one village × 3 village steps + one township × 4 township steps
    expect(first.stdout).toContain('monthly 2024-07-02: 新建 / created 7');
    const again = dixian('jobs', 'run', 'monthly', '--as-of', '2024-07-20');
    expect(again.stdout).toContain('created 0');
    const half = dixian('jobs', 'run', 'halfmonth', '--as-of', '2024-07-16');
    expect(half.stdout).toContain('halfmonth 2024-07-16: 新建 / created 1');
    expect(dixian('jobs', 'run', 'halfmonth', '--as-of', '2024-07-31').stdout).toContain('created 0');

    // issue 15 §4: the village's 排 (due the 5th) reminds its cadre from the 2nd, is overdue on the 6th; once each
    const remind = dixian('jobs', 'run', 'reminders', '--as-of', '2024-07-03');
    expect(remind.status, remind.stderr).toBe(0);
    expect(remind.stdout).toContain('reminders 2024-07-03: 新建 / created 1');
    expect(dixian('jobs', 'run', 'reminders', '--as-of', '2024-07-03').stdout).toContain('created 0');
    expect(dixian('jobs', 'run', 'reminders', '--as-of', '2024-07-06').stdout).toContain('created 1');
    // nothing configured: no e-mail or webhook queued, nothing to send
    expect(dixian('jobs', 'run', 'delivery').stdout).toContain('sent 0');

    const bad = dixian('jobs', 'run', 'weekly');
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('unknown job "weekly"');
    expect(dixian('jobs', 'run', 'monthly', '--as-of', '2024-02-30').status).toBe(2);

    const check = await openStore({ dataDir });
    try {
      const r = await check.transaction((tx) =>
        tx.client.query<{ step: string; due_date: string }>(
          `select step, due_date from rhythm_task where month = '2024-07' order by due_date, step`,
        ),
      );
      expect(r.rows.map((x) => `${x.step} ${x.due_date}`)).toEqual([
        'screen 2024-07-05',
        'visit 2024-07-10',
        'evaluate 2024-07-15',
        'record 2024-07-20',
        'monitor 2024-07-25',
        'supplement 2024-07-28',
        'close 2024-07-31',
      ]);
      const p = await check.transaction((tx) =>
        tx.client.query<{ start_date: string; end_date: string }>(`select start_date, end_date from report_period`),
      );
      expect(p.rows).toEqual([{ start_date: '2024-07-16', end_date: '2024-07-31' }]);
    } finally {
      await check.close();
    }
  });
});
