import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeAnchor } from '../../src/audit/anchor.js';
import type { Config } from '../../src/config/env.js';
import { formatFindings, securityCheck } from '../../src/security/check.js';
import { ensureDemoUsers } from '../../src/seed/demo-users.js';
import { COUNTY, createHouseholdIn, createTestbed, VILLAGE_A, type Testbed } from '../support/api.js';
import { engines } from '../support/db.js';
import { tamper } from '../support/tamper.js';

const BIN = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../bin/dixian.js');

/** Issue 21 §6: `dixian security check` passes a production-like installation and names what breaks the demo one. */
describe.each(engines)('the 等保 self-check on %s (issue 21 §6)', (engine) => {
  let tb: Testbed;
  let production: Config;
  beforeAll(async () => {
    tb = await createTestbed(engine);
    await createHouseholdIn(tb, VILLAGE_A);
    const copy = fs.mkdtempSync(path.join(os.tmpdir(), 'dixian-copy-'));
    production = {
      ...tb.deps.config,
      production: true,
      secureCookies: true,
      backupHours: 24,
      backupCopyDir: copy,
      auditAnchorMinutes: 60,
      totpRequiredRoles: ['county_admin', 'inspector'],
      maxSessions: 3,
      passwordMaxAgeDays: 90,
      accountInactiveDays: 90,
    };
  });
  afterAll(async () => {
    await tb?.close();
  });
  const failed = async (config: Config) =>
    (await securityCheck(tb.store, config, tb.deps.hasher)).filter((x) => x.status === 'fail').map((x) => x.detail.en);

  it('a production-like installation meets every application control, and says what the operator must do', async () => {
    await writeAnchor(tb.store, production.auditAnchorDir, production.auditAnchorKeyFile);
    const findings = await securityCheck(tb.store, production, tb.deps.hasher);
    expect(findings.filter((x) => x.status === 'fail')).toEqual([]);
    const controls = new Set(findings.map((x) => x.control.zh));
    for (const c of [
      '身份鉴别',
      '访问控制',
      '安全审计',
      '数据完整性',
      '数据保密性',
      '数据备份恢复',
      '剩余信息保护',
      '个人信息保护',
    ]) {
      expect(controls, c).toContain(c);
    }
    expect(
      findings
        .filter((x) => x.status === 'operator')
        .map((x) => x.detail.en)
        .join(' '),
    ).toMatch(/HTTPS.*|NTP/);
  });

  it('the demo configuration fails, each reason naming the setting to change', async () => {
    await ensureDemoUsers(tb.store, { ...tb.deps.config, demoCounty: COUNTY }, tb.deps.hasher);
    // the test bed's account rules are off (so its fixtures sign in with a password alone), as a careless setup's
    const reasons = await failed({ ...tb.deps.config, auditAnchorMinutes: 0 });
    expect(reasons).toEqual(
      expect.arrayContaining([
        expect.stringContaining('NODE_ENV=production'),
        expect.stringMatching(/demo accounts still use the published password: .*jiancha/),
        expect.stringContaining('DIXIAN_SECURE_COOKIES=true'),
        expect.stringContaining('DIXIAN_BACKUP_HOURS'),
        expect.stringContaining('DIXIAN_BACKUP_COPY_DIR'),
        expect.stringContaining('DIXIAN_AUDIT_ANCHOR_MINUTES'),
        expect.stringContaining('DIXIAN_TOTP_REQUIRED_ROLES lacks county_admin, inspector'),
        expect.stringContaining('DIXIAN_MAX_SESSIONS'),
      ]),
    );
    expect(formatFindings(await securityCheck(tb.store, tb.deps.config, tb.deps.hasher))[0]).toMatch(
      /^\[不满足 FAIL\]/,
    );
  });

  it('audit records deleted after the anchor fail the check', async () => {
    await writeAnchor(tb.store, production.auditAnchorDir, production.auditAnchorKeyFile);
    await tamper(tb.store, `delete from audit_log where seq = (select max(seq) from audit_log)`);
    const reasons = await failed({ ...production, production: false });
    expect(reasons.some((r) => r.includes('deleted after the anchor'))).toBe(true);
  });
});

describe('dixian security check (the command)', () => {
  it('exits 1 on an installation in demo mode, naming what to change', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dixian-security-'));
    try {
      fs.mkdirSync(path.join(dir, 'data'));
      const run = spawnSync(process.execPath, [BIN, 'security', 'check'], {
        env: {
          ...process.env,
          DATABASE_URL: '',
          NODE_ENV: 'development',
          DIXIAN_DATA_DIR: path.join(dir, 'data'),
          DIXIAN_BACKUP_DIR: path.join(dir, 'backups'),
          DIXIAN_LOG_LEVEL: 'silent',
        },
        encoding: 'utf8',
      });
      expect(run.status, run.stderr).toBe(1);
      expect(run.stdout).toContain('[不满足 FAIL] 身份鉴别: 未以生产模式运行');
      expect(run.stdout).toContain('DIXIAN_BACKUP_HOURS');
      expect(run.stdout).toMatch(/\d+ 项不满足,上线前须处理/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
