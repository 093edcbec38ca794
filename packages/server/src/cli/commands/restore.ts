import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { chinaIso } from '../../backup/backup-file.js';
import { restoreBackup } from '../../backup/restore.js';
import { loadConfig } from '../../config/env.js';
import { keyFileOf, loadFieldKeys, parseKeyring, useFieldKeys } from '../../security/field-keys.js';
import { formatVerification } from './audit.js';
import { action } from '../context.js';

interface RestoreOpts {
  keys?: string;
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
    .option(
      '--keys <file>',
      "备份时的敏感字段密钥文件(默认本机的)/ the field key file of the backed-up installation (default this one's)",
    )
    .action(
      action(async (file: string, opts: RestoreOpts) => {
        const config = loadConfig();
        // the backup holds sealed values; the keys that open them never travel with it
        const ring = opts.keys
          ? parseKeyring(fs.readFileSync(path.resolve(opts.keys), 'utf8'), path.resolve(opts.keys))
          : loadFieldKeys(config);
        useFieldKeys(ring);
        const keysText = ring.file ? fs.readFileSync(ring.file, 'utf8') : undefined;
        const target =
          opts.into || opts.database
            ? { dataDir: opts.into && path.resolve(opts.into), databaseUrl: opts.database }
            : { dataDir: config.dataDir, databaseUrl: config.databaseUrl };
        const r = await restoreBackup(path.resolve(file), {
          ...target,
          force: Boolean(opts.force),
          photoDir: config.photoDir,
        });
        console.log(`已恢复 / restored ${r.manifest.file} (${r.manifest.createdAt}) into ${r.target}`);
        if (r.photos.total) console.log(`  走访照片 / visit photos: ${r.photos.copied} copied to ${config.photoDir}`);
        console.log(`  户数 / households: ${r.facts.households}`);
        const last = r.facts.lastAuditAt ? chinaIso(new Date(r.facts.lastAuditAt)) : '-';
        console.log(`  最后审计记录 / last audit record: ${last}`);
        if (r.migrated.length) console.log(`  迁移 / migrations applied: ${r.migrated.join(', ')}`);
        for (const line of formatVerification(r.audit))
          (r.auditOk ? process.stdout : process.stderr).write(`  ${line}\n`);
        if (!r.auditOk) process.exitCode = 1;
        if (r.missingKeys.length) {
          process.stderr.write(
            `  备份中的敏感字段以密钥 ${r.missingKeys.join('、')} 加密,所用密钥文件中没有:请用 --keys 指定备份时的密钥文件\n` +
              `  sensitive values are sealed with ${r.missingKeys.join(', ')}, which the key file used lacks: give the backed-up installation's key file with --keys\n`,
          );
          process.exitCode = 1;
        } else if (keysText && target.dataDir) {
          // a restored directory opens with the keys it was restored with: beside it, where `start` looks
          const beside = keyFileOf({ dataDir: target.dataDir, fieldKeysFile: undefined });
          if (!fs.existsSync(beside)) {
            fs.mkdirSync(path.dirname(beside), { recursive: true, mode: 0o700 });
            fs.writeFileSync(beside, keysText, { mode: 0o600, flag: 'wx' });
            console.log(`  密钥文件 / key file: ${beside}`);
          }
        }
      }),
    );
}
