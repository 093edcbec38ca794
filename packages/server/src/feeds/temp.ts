/**
 * Where feed files and their spools live while an import runs (issue 12 #8). Uploads, parse spools and reports hold
 * names and ID numbers in clear, so none may outlive its import: every temporary directory is made inside one
 * directory per process (`<root>/<pid>-<random>`, mode 0700), removed on every exit path of its use, the whole
 * process directory is removed when the process exits, and directories of processes that no longer run (killed,
 * crashed) are swept the next time any process makes one.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** The root of dixian's temporary files: `DIXIAN_TMP_DIR`, else `<os temp>/dixian`. */
export function tempRoot(): string {
  return process.env.DIXIAN_TMP_DIR || path.join(os.tmpdir(), 'dixian');
}

const PROCESS_DIR = /^(\d+)-[0-9a-f]+$/;
/** Temporary directories of versions before the per-process root, found directly in the OS temp directory. */
const LEGACY_DIR = /^dixian-(upload|feed|report|template)-/;
/** A legacy directory older than this belongs to no running import (they last minutes). */
const LEGACY_AGE_MS = 24 * 60 * 60 * 1000;

let current: { root: string; dir: string } | null = null;
/** Every process directory made here (the root may change in tests), removed at exit. */
const made = new Set<string>();

/** True while a process with this id runs (EPERM: it runs under another user). */
export function pidAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

const remove = (p: string) => fs.rmSync(p, { recursive: true, force: true });

/**
 * Remove the temporary directories of processes that no longer run, and legacy ones older than a day.
 * Returns what was removed. Never throws: a sweep must not stop an import.
 */
export function sweepStaleTempDirs(root = tempRoot(), opts: { legacy?: boolean } = {}): string[] {
  const removed: string[] = [];
  const tryRemove = (p: string) => {
    try {
      remove(p);
      removed.push(p);
    } catch {
      // another process may be removing it too
    }
  };
  for (const name of safeList(root)) {
    const m = PROCESS_DIR.exec(name);
    if (m && !pidAlive(Number(m[1]))) tryRemove(path.join(root, name));
  }
  if (!opts.legacy) return removed;
  const osTmp = os.tmpdir();
  for (const name of safeList(osTmp)) {
    if (!LEGACY_DIR.test(name)) continue;
    const p = path.join(osTmp, name);
    try {
      if (Date.now() - fs.statSync(p).mtimeMs > LEGACY_AGE_MS) tryRemove(p);
    } catch {
      // gone meanwhile
    }
  }
  return removed;
}

function safeList(dir: string): string[] {
  try {
    return fs.readdirSync(dir);
  } catch {
    return [];
  }
}

/** This process's temporary directory, made (after a sweep) on first use and removed when the process exits. */
export function processTempDir(): string {
  const root = tempRoot();
  if (current?.root === root && fs.existsSync(current.dir)) return current.dir;
  fs.mkdirSync(root, { recursive: true, mode: 0o700 });
  sweepStaleTempDirs(root, { legacy: true });
  const dir = path.join(root, `${process.pid}-${crypto.randomBytes(6).toString('hex')}`);
  fs.mkdirSync(dir, { mode: 0o700 });
  if (!made.size) process.once('exit', () => made.forEach(removeTempDir));
  made.add(dir);
  current = { root, dir };
  return dir;
}

/**
 * A fresh private directory for one use (an upload, an import's spools, a report). Each call first sweeps the
 * directories of dead processes (one small readdir), so a killed server's files go at the next import.
 */
export function makeTempDir(prefix: string): string {
  const dir = processTempDir();
  sweepStaleTempDirs(path.dirname(dir));
  return fs.mkdtempSync(path.join(dir, `${prefix}-`));
}

/** Run `fn` with a fresh temporary directory, removed whatever happens. */
export async function withTempDir<T>(prefix: string, fn: (dir: string) => Promise<T>): Promise<T> {
  const dir = makeTempDir(prefix);
  try {
    return await fn(dir);
  } finally {
    remove(dir);
  }
}

/** Remove a temporary directory (never throws). */
export function removeTempDir(dir: string): void {
  try {
    remove(dir);
  } catch {
    // best effort: the process directory goes at exit and stale ones at the next sweep
  }
}

/** Linux lets a process reopen a file it holds by /proc/self/fd/N, after its name is gone. */
const HOLD_BY_FD = process.platform === 'linux' && fs.existsSync('/proc/self/fd');

/** A file reachable by `path` until `release()`. */
export interface HeldFile {
  path: string;
  release(): void;
}

/**
 * A file that exists only while this process holds it (issue 12 #8): made empty in `dir` (mode 0600), opened, and
 * its name removed at once; readers and writers, worker threads included, reach it by /proc/self/fd/N. When the
 * import ends it is released; when the process is killed the kernel frees it: neither a name nor the names and ID
 * numbers it held are left on disk. Where /proc is missing it is the named file, removed on release (and with its
 * directory, and by the sweep of a dead process's directory).
 */
export function holdFile(dir: string, name: string): HeldFile {
  const file = path.join(dir, name);
  const fd = fs.openSync(file, 'w+', 0o600);
  if (!HOLD_BY_FD) {
    fs.closeSync(fd);
    return { path: file, release: () => fs.rmSync(file, { force: true }) };
  }
  fs.unlinkSync(file);
  let open = true;
  return {
    path: `/proc/self/fd/${fd}`,
    release: () => {
      if (open) fs.closeSync(fd);
      open = false;
    },
  };
}
