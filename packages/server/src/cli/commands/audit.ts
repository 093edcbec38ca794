import type { AuditVerifyResult } from '@dixian/core/api';
import type { Command } from 'commander';
import { verifyAuditChains } from '../../audit/audit-verify.js';
import { action, withStore } from '../context.js';

/** The verification as lines of text: one per chain, naming the first broken record. */
export function formatVerification(r: AuditVerifyResult): string[] {
  if (!r.chains.length) return ['审计日志为空 / the audit log is empty'];
  return r.chains.map((c) =>
    c.ok
      ? `链 ${c.chain}: ${c.records} 条记录,完整 / chain ${c.chain}: ${c.records} records, intact`
      : `链 ${c.chain}: 第一个损坏的记录 seq ${c.firstBroken!.seq} (${c.firstBroken!.reason}) / chain ${c.chain}: first broken record seq ${c.firstBroken!.seq} (${c.firstBroken!.reason})`,
  );
}

export function register(program: Command): void {
  const audit = program.command('audit').description('审计日志 / the audit log');
  audit
    .command('verify')
    .description('校验每条哈希链,指出第一个损坏的记录 / verify every hash chain and name the first broken record')
    .option('--chain <prefix>', '只校验此县(链)/ only chains starting with this code')
    .action(
      action(async (opts: { chain?: string }) => {
        await withStore(async ({ store }) => {
          const r = await verifyAuditChains(store, opts.chain);
          for (const line of formatVerification(r)) (r.ok ? process.stdout : process.stderr).write(`${line}\n`);
          if (!r.ok) process.exitCode = 1;
        });
      }),
    );
}
