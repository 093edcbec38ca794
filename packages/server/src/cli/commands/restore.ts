import path from 'node:path';
import type { Command } from 'commander';
import { chinaIso } from '../../backup/backup-file.js';
import { restoreBackup } from '../../backup/restore.js';
import { loadConfig } from '../../config/env.js';
import { formatVerification } from './audit.js';
import { action } from '../context.js';

interface RestoreOpts {
  into?: string;
  database?: string;
  force?: boolean;
}

export function register(program: Command): void {
  program
    .command('restore <file>')
    .description(
      '校验并恢复备份,然后迁移并校验审计链 / verify and restore a backup, then migrate and verify the audit log',
    )
    .option('--into <dir>', 'PGlite 目标目录 / PGlite target directory (default DIXIAN_DATA_DIR)')
    .option('--database <url>', 'PostgreSQL 目标数据库 / PostgreSQL target database (default DATABASE_URL)')
    .option('--force', '覆盖已有数据 / replace the data of a non-empty target')
    .action(
      action(async (file: string, opts: RestoreOpts) => {
        const config = loadConfig();
        const target =
          opts.into || opts.database
            ? { dataDir: opts.into && path.resolve(opts.into), databaseUrl: opts.database }
            : { dataDir: config.dataDir, databaseUrl: config.databaseUrl };
        const r = await restoreBackup(path.resolve(file), { ...target, force: Boolean(opts.force) });
        console.log(`已恢复 / restored ${r.manifest.file} (${r.manifest.createdAt}) into ${r.target}`);
        console.log(`  户数 / households: ${r.facts.households}`);
        const last = r.facts.lastAuditAt ? chinaIso(new Date(r.facts.lastAuditAt)) : '-';
        console.log(`  最后审计记录 / last audit record: ${last}`);
        if (r.migrated.length) console.log(`  迁移 / migrations applied: ${r.migrated.join(', ')}`);
        for (const line of formatVerification(r.audit))
          (r.auditOk ? process.stdout : process.stderr).write(`  ${line}\n`);
        if (!r.auditOk) process.exitCode = 1;
      }),
    );
}
