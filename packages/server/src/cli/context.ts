import { InvalidArgumentError } from 'commander';
import { loadConfig, type Config } from '../config/env.js';
import { migrate } from '../db/migrate.js';
import { openStore, type Store } from '../db/store.js';
import { loadFieldKeys, useFieldKeys } from '../security/field-keys.js';
import { refuseForeignKeys, sealPendingFields } from '../security/reseal.js';

/** A usage or input problem: printed without a stack trace, exit code 2. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode = 2,
  ) {
    super(message);
    this.name = 'CliError';
  }
}

export interface CliContext {
  config: Config;
  store: Store;
}

/** Open the configured store, bring its schema up to date, run `fn`, and always close the store. */
export async function withStore<T>(fn: (ctx: CliContext) => Promise<T>, opts: { migrate?: boolean } = {}): Promise<T> {
  const config = loadConfig();
  // the keys of the sealed fields, from outside the database, before anything reads or writes one
  useFieldKeys(loadFieldKeys(config));
  const store = await openStore({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  try {
    if (opts.migrate !== false) {
      await migrate(store);
      await refuseForeignKeys(store);
      await sealPendingFields(store, (m) => console.log(`加密存量敏感字段 / ${m}`));
    }
    return await fn({ config, store });
  } finally {
    await store.close();
  }
}

/** Wrap a command action: clear message on failure, non-zero exit code, stack only with DIXIAN_DEBUG=1. */
export function action<A extends unknown[]>(fn: (...args: A) => Promise<void>): (...args: A) => Promise<void> {
  return async (...args: A) => {
    try {
      await fn(...args);
    } catch (err) {
      const e = err instanceof Error ? err : new Error(String(err));
      process.stderr.write(`错误 / Error: ${e.message}\n`);
      if (process.env.DIXIAN_DEBUG === '1' && e.stack) process.stderr.write(`${e.stack}\n`);
      process.exitCode = err instanceof CliError ? err.exitCode : 1;
    }
  };
}

/** Option parser for comma-separated region codes; commander reports a bad value as a usage error. */
export function parseCodes(value: string, previous: string[] = [], digits?: number): string[] {
  const codes = value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  for (const c of codes) {
    if (!/^\d+$/.test(c) || (digits !== undefined && c.length !== digits)) {
      throw new InvalidArgumentError(
        `区划代码无效 / invalid region code "${c}"${digits ? ` (expected ${digits} digits)` : ''}`,
      );
    }
  }
  return [...previous, ...codes];
}
