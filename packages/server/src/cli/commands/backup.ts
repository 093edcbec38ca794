import path from 'node:path';
import type { Command } from 'commander';
import { listBackups } from '../../backup/backup-file.js';
import { pgliteInUse, takeBackup } from '../../backup/backup.js';
import { PHOTO_MIRROR } from '../../backup/photo-mirror.js';
import { loadConfig } from '../../config/env.js';
import { backupOptions } from '../../jobs/index.js';
import { action, CliError, withStore } from '../context.js';

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

export function register(program: Command): void {
  const backup = program
    .command('backup')
    .description('备份数据库,校验并试恢复 / back up the database, checksum it and test-restore it')
    .option('--out <dir>', '备份目录 / backup directory (default DIXIAN_BACKUP_DIR)')
    .action(
      action(async (opts: { out?: string }) => {
        const config = loadConfig();
        if (!config.databaseUrl && pgliteInUse(config.dataDir)) {
          throw new CliError(
            `数据目录正被服务使用 / the PGlite data directory ${config.dataDir} is open in a running server: a second ` +
              `process cannot read it safely. Ask the server for one (kill -USR2 <its pid>, printed at its start), set ` +
              `DIXIAN_BACKUP_HOURS so it backs itself up on schedule, or stop it ` +
              `first (a server that was killed leaves postmaster.pid: start and stop it once).`,
            1,
          );
        }
        await withStore(
          async ({ store }) => {
            const r = await takeBackup(store, { ...backupOptions(config), ...(opts.out ? { outDir: opts.out } : {}) });
            const m = r.manifest;
            console.log(`备份完成并已试恢复 / backup written and test-restored: ${r.file}`);
            console.log(`  ${mb(m.size)}  sha256 ${m.sha256}`);
            console.log(`  户数 / households: ${m.households}; 迁移 / migrations: ${m.migrations}`);
            if (r.copy) console.log(`  副本 / copy: ${r.copy}`);
            if (r.photos.total) {
              console.log(
                `  走访照片 / visit photos: ${r.photos.total} (${r.photos.copied} new) in ${backupDirOf(r.file)}`,
              );
            }
            for (const f of r.removed) console.log(`  按保留数删除 / removed by retention: ${f}`);
          },
          { migrate: false },
        );
      }),
    );
  backup
    .command('list')
    .description('列出备份及大小和时间 / list backups with their size and time')
    .option('--dir <dir>', '备份目录 / backup directory (default DIXIAN_BACKUP_DIR)')
    .action(
      action(async (opts: { dir?: string }) => {
        const dir = opts.dir ?? loadConfig().backupDir;
        const list = listBackups(dir);
        if (!list.length) console.log(`没有备份 / no backups in ${dir}`);
        for (const b of list) {
          console.log(
            `${b.createdAt}  ${mb(b.size).padStart(10)}  ${b.store.padEnd(8)}  ${b.households} 户  ${b.path}`,
          );
        }
      }),
    );
}

/** The photos are mirrored beside the backup files, in photo-mirror.ts's folder. */
function backupDirOf(file: string): string {
  return path.join(path.dirname(file), PHOTO_MIRROR);
}
