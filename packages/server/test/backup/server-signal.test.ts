import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { listBackups } from '../../src/backup/backup-file.js';

const BIN = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../bin/dixian.js');
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'dixian-backup-signal-'));
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

const backupDir = path.join(work, 'backups');
const env = {
  ...process.env,
  DATABASE_URL: '',
  DIXIAN_DATA_DIR: path.join(work, 'data'),
  DIXIAN_BACKUP_DIR: backupDir,
  DIXIAN_TMP_DIR: path.join(work, 'tmp'),
  DIXIAN_DEMO_HOUSEHOLDS: '30',
  DIXIAN_LOG_LEVEL: 'warn',
  PORT: '0',
  HOST: '127.0.0.1',
  NODE_ENV: '',
};

async function until<T>(what: string, fn: () => T | undefined, ms = 90_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = fn();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/**
 * Issue 21 "done when", through the real server: `dixian start` on PGlite serves; `kill -USR2` makes it back itself
 * up while serving (a second process must not open its directory); the backup restores into a new directory with
 * the same households.
 */
describe('a serving PGlite server backs itself up on SIGUSR2 (issue 21 §1)', () => {
  it('writes a verified backup while serving, which restores with the same households', async () => {
    const server = spawn(process.execPath, [BIN, 'start'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    server.stdout.on('data', (d: Buffer) => (out += d.toString()));
    server.stderr.on('data', (d: Buffer) => (out += d.toString()));
    try {
      const url = await until('the server', () => /is running: (http:\/\/\S+)/.exec(out)?.[1]);
      expect(out).toContain(`kill -USR2 ${server.pid}`);
      const held = spawnSync(process.execPath, [BIN, 'backup'], { env, encoding: 'utf8' });
      expect(held.status, held.stderr).toBe(1);
      expect(held.stderr).toContain('kill -USR2');

      server.kill('SIGUSR2');
      const health = await fetch(new URL('/api/health', url));
      expect(health.status).toBe(200);
      const [backup] = await until('the backup', () =>
        listBackups(backupDir).length ? listBackups(backupDir) : undefined,
      );
      expect(backup).toMatchObject({ store: 'pglite', households: 30, auditChainsIntact: true });
      expect((await fetch(new URL('/api/health', url))).status).toBe(200);

      const into = path.join(work, 'restored');
      const restore = spawnSync(process.execPath, [BIN, 'restore', backup!.path, '--into', into], {
        env,
        encoding: 'utf8',
      });
      expect(restore.status, restore.stderr).toBe(0);
      expect(restore.stdout).toContain('households: 30');
    } finally {
      if (server.exitCode === null) {
        const exited = new Promise((r) => server.once('exit', r));
        server.kill('SIGTERM');
        await exited;
      }
    }
  });
});
