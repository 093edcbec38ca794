import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { holdFile } from '../../src/feeds/temp.js';
import { importFeed } from '../../src/services/feed.service.js';
import { createTestStore } from '../support/db.js';
import { departmentOfficer, messyMedicalCsv, RECEIVED_AT, seedRegistry, tmpDir } from './support.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const temp = path.resolve(here, '../../src/feeds/temp.ts');

/** Every byte left under a directory, file by file. */
function leftUnder(dir: string): string {
  let out = '';
  for (const e of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (e.isFile()) out += fs.readFileSync(path.join(e.parentPath, e.name), 'utf8');
  }
  return out;
}

describe.runIf(process.platform === 'linux')('spool files with no name (issue 12 #8)', () => {
  it('a held file is read and written by its path, shows no name on disk, and is gone when released', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dixian-held-'));
    try {
      const f = holdFile(dir, 'rows.copy');
      expect(fs.readdirSync(dir)).toEqual([]);
      fs.writeFileSync(f.path, '张三\t22068119800101001X\n');
      fs.appendFileSync(f.path, '李四\t220681198502020022\n');
      expect(fs.readFileSync(f.path, 'utf8')).toContain('李四');
      f.release();
      expect(() => fs.readFileSync(f.path)).toThrow();
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a process killed in the middle of an import leaves none of the names and ID numbers it spooled', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dixian-killed-'));
    try {
      const script = `
        import fs from 'node:fs';
        const { holdFile } = await import(${JSON.stringify(temp)});
        const upload = holdFile(${JSON.stringify(dir)}, 'upload');
        const rows = holdFile(${JSON.stringify(dir)}, 'rows.copy');
        fs.writeFileSync(upload.path, '姓名,身份证号\\n王秀兰,22068119800101001X\\n');
        fs.writeFileSync(rows.path, '王秀兰\\t22068119800101001X\\n');
        console.log('spooled');
        setInterval(() => {}, 1000); // an import still running, until killed
      `;
      const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
        cwd: path.resolve(here, '../..'),
      });
      await new Promise<void>((resolve, reject) => {
        child.stdout.on('data', (d) => String(d).includes('spooled') && resolve());
        child.on('exit', (code) => reject(new Error(`child ended early: ${code}`)));
      });
      child.kill('SIGKILL');
      await new Promise((resolve) => child.once('exit', resolve));
      expect(leftUnder(dir)).not.toContain('22068119800101001X');
      expect(leftUnder(dir)).not.toContain('王秀兰');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('an import parsed on a worker thread reads and writes its held spools like one parsed inline', async () => {
    const store = await createTestStore('pglite');
    const dir = tmpDir();
    try {
      const reg = await seedRegistry(store);
      const actor = await departmentOfficer(store, 'medical_insurance');
      const file = messyMedicalCsv(reg, dir);
      const { batch } = await importFeed(
        { store, actor, now: () => RECEIVED_AT },
        { department: 'medical_insurance', file, worker: true },
      );
      expect(batch).toMatchObject({ status: 'done', rowsTotal: 9, rowsValid: 7, warningsCreated: 5 });
    } finally {
      await store.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
