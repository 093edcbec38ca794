import type { AuditVerifyResult } from '@dixian/core/api';
import type { Command } from 'commander';
import { checkAnchor, writeAnchor } from '../../audit/anchor.js';
import { verifyAuditChains } from '../../audit/audit-verify.js';
import { action, withStore } from '../context.js';

const ANCHOR_REASON = {
  deleted_after_anchor: '锚定后被删除 / deleted after the anchor',
  hash_differs: '与锚定值不符 / differs from the anchor',
  bad_signature: "锚定文件签名无效 / the anchor file's signature is invalid",
} as const;

/** The anchor check as lines: when it was written, and each anchored head no longer in the log. */
export function formatAnchor(a: AuditVerifyResult['anchor']): string[] {
  if (!a) return ['尚无外部锚定 / no anchor written yet (dixian audit anchor)'];
  if (a.ok) return [`与 ${a.at} 的外部锚定一致 / agrees with the anchor of ${a.at}`];
  return a.problems.map((p) => `锚定 ${a.at}: 链 ${p.chain} seq ${p.seq} ${ANCHOR_REASON[p.reason]}`);
}

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
        await withStore(async ({ store, config }) => {
          const r = await verifyAuditChains(store, opts.chain);
          const anchor = await checkAnchor(store, config.auditAnchorDir, config.auditAnchorKeyFile);
          const ok = r.ok && (anchor?.ok ?? true);
          for (const line of [...formatVerification(r), ...formatAnchor(anchor)]) {
            (ok ? process.stdout : process.stderr).write(`${line}\n`);
          }
          if (!ok) process.exitCode = 1;
        });
      }),
    );
  audit
    .command('anchor')
    .description("把各链的链头签名写到数据库之外 / write the chains' heads, signed, outside the database")
    .action(
      action(async () => {
        await withStore(async ({ store, config }) => {
          const file = await writeAnchor(store, config.auditAnchorDir, config.auditAnchorKeyFile);
          process.stdout.write(`已锚定 / anchored: ${file}\n`);
        });
      }),
    );
}
