import { chinaDate } from '@dixian/core';
import type { Command } from 'commander';
import { MaintenanceRepository } from '../../repositories/maintenance.repository.js';
import { RegionRepository } from '../../repositories/region.repository.js';
import { buildApp } from '../../http/app.js';
import { installProcessGuards } from '../../http/process-guards.js';
import { ensureBuiltinPolicies } from '../../policies/builtin.js';
import { loadRegions } from '../../regions/region-loader.js';
import { action, CliError, withStore } from '../context.js';
import { argon2Hasher, type PasswordHasher } from '../../auth/password.js';
import type { Store } from '../../db/store.js';
import { demoAccountsWithDemoPassword } from '../../seed/demo-users.js';
import { ensureDemoData } from '../../seed/demo.js';
import {
  backupOnSignal,
  backupOptions,
  channelsOf,
  RHYTHM_JOBS,
  runReminderJob,
  runRhythmJob,
  startJobs,
} from '../../jobs/index.js';
import { recoverInterruptedRuns } from '../../services/screening.service.js';

export function register(program: Command): void {
  program
    .command('start')
    .description(
      '迁移、载入演示数据(数据库为空时)并启动服务 / migrate, load demo data when empty, and serve API and web',
    )
    .option('--no-demo', '不载入演示数据 / do not load demo data into an empty database')
    .action(
      action(async (opts: { demo: boolean }) => {
        await withStore(async ({ store, config }) => {
          if (!(await new RegionRepository(store.db).get(config.demoCounty))) {
            console.log(`载入区划 / loading the region tree of ${config.demoCounty} …`);
            await loadRegions(store, { counties: [config.demoCounty] });
          }
          await ensureBuiltinPolicies(store.db);
          // production has no demo data, and no account may keep the published demo password
          const demo = opts.demo && !config.production ? await ensureDemoData(store, config) : undefined;
          if (!demo) await refuseDemoPasswords(store);
          // One process owns an embedded data directory, so a run still `running` there was cut off when the last
          // server stopped; on a shared PostgreSQL only a run whose heartbeat stopped is (another server may run one).
          await recoverInterruptedRuns(store, new Date(), store.kind === 'pglite' ? 0 : undefined);
          // PGlite runs no autovacuum: without statistics the planner chose nested loops (MaintenanceRepository)
          if (store.kind === 'pglite') await new MaintenanceRepository(store.db).analyze();

          // the month's seven-step tasks and the open half month exist from the first request, not the first tick
          const today = chinaDate(new Date());
          for (const kind of RHYTHM_JOBS) await runRhythmJob(store, kind, today, new Date());
          // and the day's reminders, so the to-do centre is current from the first sign-in (issue 15 §4)
          await runReminderJob(store, today, new Date(), channelsOf(config));
          const app = await buildApp({ store, config });
          const unguard = installProcessGuards(app.log);
          await app.listen({ port: config.port, host: config.host });
          // daily screening of every county (jobs/screening.job.ts), backups when DIXIAN_BACKUP_HOURS is set; on a
          // PostgreSQL server through the shared job queue, so several servers run each job once
          const jobs = await startJobs(store, { log: (m) => app.log.info(m) }, config);
          // kill -USR2 <pid>: a backup now (the way to back up a serving PGlite directory on demand)
          const unsignal = backupOnSignal(store, backupOptions(config), (m) => app.log.info(m));
          const addr = app.server.address();
          const port = typeof addr === 'object' && addr ? addr.port : config.port;
          console.log(`\n底线 dixian 已启动 / is running: http://${config.host}:${port}/`);
          console.log(`数据库 / database: ${store.kind}${store.kind === 'pglite' ? ` (${config.dataDir})` : ''}`);
          console.log(`立即备份 / back up now: kill -USR2 ${process.pid} (→ ${config.backupDir})`);
          if (demo?.accounts.length) {
            console.log('\n演示账号 / demo accounts (password 密码: ' + demo.password + '):');
            for (const a of demo.accounts) console.log(`  ${a.username.padEnd(16)} ${a.label}`);
            if (config.totpRequiredRoles.length)
              console.log(
                `  ${config.totpRequiredRoles.join(', ')}: 首次登录时在浏览器中绑定手机验证器 / enrol an authenticator app at the first sign-in` +
                  ' (DIXIAN_TOTP_REQUIRED_ROLES=none turns this off)',
              );
          }
          await new Promise<void>((resolve) => {
            const stop = () => resolve();
            process.once('SIGINT', stop);
            process.once('SIGTERM', stop);
          });
          console.log('正在停止 / stopping …');
          await unsignal();
          await jobs.stop();
          await app.close();
          unguard();
        });
      }),
    );
}

/** Stop before serving while a demo account still has the password the README publishes. */
export async function refuseDemoPasswords(store: Store, hasher: PasswordHasher = argon2Hasher()): Promise<void> {
  const exposed = await demoAccountsWithDemoPassword(store, hasher);
  if (!exposed.length) return;
  const fix = exposed
    .map((u) => `  echo '<新密码 new password>' | npx dixian user password --username ${u}`)
    .join('\n');
  throw new CliError(
    `以下账号仍使用公开的演示密码，正式环境不能启动，请先修改或停用 / these accounts still have the published demo ` +
      `password; change or disable them before serving in production: ${exposed.join(', ')}\n${fix}`,
    1,
  );
}
