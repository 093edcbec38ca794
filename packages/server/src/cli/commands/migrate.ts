import type { Command } from 'commander';
import { migrate } from '../../db/migrate.js';
import { action, withStore } from '../context.js';

export function register(program: Command): void {
  program
    .command('migrate')
    .description('应用数据库迁移 / apply pending database migrations')
    .action(
      action(async () => {
        await withStore(
          async ({ store }) => {
            const r = await migrate(store);
            console.log(
              r.applied.length
                ? `已应用 / applied: ${r.applied.join(', ')}`
                : `数据库已是最新 / database is up to date (${r.current ?? 'no migrations'})`,
            );
          },
          { migrate: false },
        );
      }),
    );
}
