import type { Command } from 'commander';
import { argon2Hasher } from '../../auth/password.js';
import { formatFindings, securityCheck } from '../../security/check.js';
import { action, withStore } from '../context.js';

export function register(program: Command): void {
  const security = program.command('security').description('安全 / security');
  security
    .command('check')
    .description(
      '逐项列出等保2.0三级应用层控制在本安装上的落实情况,有不满足项时退出码为1 / list each 等保 level 3 application control on this installation; exit 1 when one is not met',
    )
    .option('--json', '以 JSON 输出 / print JSON')
    .action(
      action(async (opts: { json?: boolean }) => {
        await withStore(async ({ store, config }) => {
          const findings = await securityCheck(store, config, argon2Hasher());
          if (opts.json) process.stdout.write(`${JSON.stringify(findings, null, 2)}\n`);
          else for (const line of formatFindings(findings)) process.stdout.write(`${line}\n`);
          const failed = findings.filter((x) => x.status === 'fail').length;
          process.stdout.write(
            failed
              ? `\n${failed} 项不满足,上线前须处理 / ${failed} control(s) not met: fix before going live\n`
              : '\n应用层控制均已满足;请完成标为“运维”的事项 / every application control is met; do the items marked OPS\n',
          );
          if (failed) process.exitCode = 1;
        });
      }),
    );
}
