/**
 * PostgreSQL's own client tools (pg_dump, pg_restore, createdb, dropdb), run as child processes. They are the
 * supported way to copy a database consistently while it serves (pg_dump reads one snapshot) and they must match
 * the server's major version or be newer, so they come from the system (`apt install postgresql-client-15`), not
 * from npm. The password never appears in a command line (visible to every user in `ps`): it goes in PGPASSWORD.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** A connection URL split into a password-free URL and the environment that carries the password. */
function connection(url: string): { url: string; env: NodeJS.ProcessEnv } {
  const u = new URL(url);
  const password = decodeURIComponent(u.password);
  u.password = '';
  return { url: u.toString(), env: { ...process.env, ...(password ? { PGPASSWORD: password } : {}) } };
}

async function tool(name: string, args: string[], url: string, flag = '--dbname'): Promise<string> {
  const c = connection(url);
  try {
    const r = await run(name, [`${flag}=${c.url}`, ...args], { env: c.env, maxBuffer: 16 * 1024 * 1024 });
    return r.stdout;
  } catch (err) {
    const e = err as NodeJS.ErrnoException & { stderr?: string };
    if (e.code === 'ENOENT') {
      throw new Error(`${name} 未安装 / ${name} is not installed: install the PostgreSQL client tools`);
    }
    throw new Error(`${name} 失败 / ${name} failed: ${(e.stderr ?? e.message).trim()}`);
  }
}

/** A consistent dump in the custom format (compressed, restorable table by table with pg_restore). */
export async function pgDump(url: string, file: string): Promise<void> {
  await tool('pg_dump', ['--format=custom', '--no-owner', '--no-privileges', `--file=${file}`], url);
}

/** Restore a custom-format dump; `clean` drops the objects it restores first (restore over a non-empty database). */
export async function pgRestore(url: string, file: string, opts: { clean?: boolean } = {}): Promise<void> {
  const clean = opts.clean ? ['--clean', '--if-exists'] : [];
  await tool('pg_restore', [...clean, '--no-owner', '--no-privileges', '--exit-on-error', file], url);
}

/** The URL of database `name` on the server of `url`. */
export function databaseUrl(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

/** Create a database on the server of `url` (createdb and dropdb connect to its maintenance database). */
export async function createDatabase(url: string, name: string): Promise<string> {
  await tool('createdb', [name], databaseUrl(url, 'postgres'), '--maintenance-db');
  return databaseUrl(url, name);
}

export async function dropDatabase(url: string, name: string): Promise<void> {
  await tool('dropdb', ['--if-exists', '--force', name], databaseUrl(url, 'postgres'), '--maintenance-db');
}
