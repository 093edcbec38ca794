import { appendAudit } from '../audit/audit-log.js';
import type { Store } from '../db/store.js';
import { SessionRepository } from '../repositories/session.repository.js';
import { UserRepository } from '../repositories/user.repository.js';
import type { Job, JobContext } from './scheduler.js';

/**
 * Accounts unused for `days` (no sign-in since, or since they were made) are disabled once a day (issue 21 §5),
 * their sessions ended, each audited as `user.disable_inactive` by the system. Sign-in applies the same rule at
 * once (auth.service.ts), so an account is never usable in between. Recorded in job_run as `inactive-accounts`.
 */
export const INACTIVE_ACCOUNTS_JOB = 'inactive-accounts';

export async function disableInactiveAccounts(store: Store, now: Date, days: number): Promise<string[]> {
  const before = new Date(now.getTime() - days * 86_400_000);
  const users = await new UserRepository(store.db).inactiveSince(before);
  for (const u of users) {
    await store.transaction(async (tx) => {
      await new UserRepository(tx.db).update(u.id, { disabled: true });
      await new SessionRepository(tx.db).deleteForUser(u.id);
      await appendAudit(
        tx,
        { actor: null, requestId: null, now: () => now },
        {
          action: 'user.disable_inactive',
          targetType: 'user',
          targetId: u.id,
          regionCode: u.scopeCode,
          detail: { days },
        },
      );
    });
  }
  return users.map((u) => u.username);
}

export function inactiveAccountsJob(days: number): Job {
  return {
    name: INACTIVE_ACCOUNTS_JOB,
    async run(ctx: JobContext): Promise<string> {
      const now = ctx.now();
      const last = await ctx.runs.get(INACTIVE_ACCOUNTS_JOB);
      const lastOk = last?.lastStatus === 'done' && last.lastStartedAt ? last.lastStartedAt.getTime() : -Infinity;
      if (now.getTime() - lastOk < 86_400_000) return 'nothing due';
      await ctx.runs.started(INACTIVE_ACCOUNTS_JOB, now);
      const disabled = await disableInactiveAccounts(ctx.store, now, days);
      await ctx.runs.finished(INACTIVE_ACCOUNTS_JOB, ctx.now(), 'done', { disabled: disabled.length });
      if (disabled.length) ctx.log(`停用长期未登录账号 / disabled inactive accounts: ${disabled.join(', ')}`);
      return `${disabled.length} accounts disabled`;
    },
  };
}
