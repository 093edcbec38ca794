import readline from 'node:readline';
import { Writable } from 'node:stream';
import { AppError, Department, Role } from '@dixian/core';
import { InvalidArgumentError, type Command } from 'commander';
import { argon2Hasher } from '../../auth/password.js';
import { systemContext } from '../../services/context.js';
import { createUser, listUsers, resetPassword } from '../../services/user.service.js';
import { UserRepository } from '../../repositories/user.repository.js';
import { action, CliError, withStore } from '../context.js';

function oneOf(values: readonly string[], what: string) {
  return (v: string) => {
    if (!values.includes(v)) throw new InvalidArgumentError(`${what}: ${values.join(', ')}`);
    return v;
  };
}

/**
 * The password, never from the command line (it would land in the shell history and `ps`): the first line
 * of stdin when piped, or typed without echo at a terminal.
 */
export async function readPassword(
  input: NodeJS.ReadableStream & { isTTY?: boolean } = process.stdin,
): Promise<string> {
  if (input.isTTY) {
    const muted = new Writable({ write: (_c, _e, cb) => cb() });
    process.stderr.write('密码 / password: ');
    const rl = readline.createInterface({ input, output: muted, terminal: true });
    const line = await new Promise<string>((resolve) => rl.question('', resolve));
    rl.close();
    process.stderr.write('\n');
    return line;
  }
  let data = '';
  for await (const chunk of input) data += chunk.toString();
  return data.split(/\r?\n/)[0] ?? '';
}

/** An AppError from a service as a CLI failure: input problems are usage errors (exit 2). */
export function cliErrorOf(err: unknown): unknown {
  if (!(err instanceof AppError)) return err;
  const issues = err.issues.map((i) => `\n  ${i.path ? `${i.path}: ` : ''}${i.message}`).join('');
  const usage = err.code === 'validation_failed' || err.code === 'conflict' || err.code === 'forbidden';
  return new CliError(`${err.message}${issues}`, usage ? 2 : 1);
}

export function register(program: Command): void {
  const user = program.command('user').description('用户管理 / user accounts');

  addCommand(user);
  passwordCommand(user);
  listCommand(user);
}

/** dixian user add */
function addCommand(user: Command): void {
  user
    .command('add')
    .description('新建用户,密码从标准输入读取 / create a user; the password is read from stdin')
    .requiredOption('--username <username>', '登录名 / login name')
    .requiredOption('--role <role>', Role.values.join(' | '), oneOf(Role.values, 'role'))
    .requiredOption('--scope <code>', '管辖区划代码(县6位/乡9位/村12位) / region code of the scope')
    .option(
      '--dept <department>',
      `行业部门 / department: ${Department.values.join(', ')}`,
      oneOf(Department.values, 'dept'),
    )
    .option('--name <name>', '姓名 / display name')
    .option('--phone <phone>', '电话 / phone')
    .action(
      action(
        async (opts: {
          username: string;
          role: Role;
          scope: string;
          dept?: Department;
          name?: string;
          phone?: string;
        }) => {
          const password = await readPassword();
          await withStore(async ({ store, config }) => {
            const ctx = systemContext({ store, config, hasher: argon2Hasher(), now: () => new Date() });
            try {
              const u = await createUser(ctx, {
                username: opts.username.trim().toLowerCase(),
                displayName: opts.name ?? opts.username,
                role: opts.role,
                scopeCode: opts.scope,
                department: opts.dept ?? null,
                phone: opts.phone ?? null,
                password,
              });
              console.log(`已创建用户 / created user ${u.username} (${Role.labels[u.role].zh}, ${u.scopeCode})`);
            } catch (err) {
              throw cliErrorOf(err);
            }
          });
        },
      ),
    );
}

/** dixian user password */
function passwordCommand(user: Command): void {
  user
    .command('password')
    .description(
      '设置临时密码(须在下次登录后修改),密码从标准输入读取 / set a temporary password (to be changed at the next sign-in), read from stdin',
    )
    .requiredOption('--username <username>', '登录名 / login name')
    .action(
      action(async (opts: { username: string }) => {
        const password = await readPassword();
        await withStore(async ({ store, config }) => {
          const ctx = systemContext({ store, config, hasher: argon2Hasher(), now: () => new Date() });
          const found = await new UserRepository(store.db).byUsername(opts.username.trim().toLowerCase());
          if (!found) throw new CliError(`没有此用户 / no such user: ${opts.username}`, 2);
          try {
            await resetPassword(ctx, found.id, { password });
          } catch (err) {
            throw cliErrorOf(err);
          }
          console.log(`已设置临时密码 / temporary password set for ${found.username}`);
        });
      }),
    );
}

/** dixian user list */
function listCommand(user: Command): void {
  user
    .command('list')
    .description('列出用户 / list users')
    .option('--scope <prefix>', '只列出此区划下的用户 / only users under this region prefix', '')
    .action(
      action(async (opts: { scope: string }) => {
        await withStore(async ({ store, config }) => {
          const ctx = systemContext({ store, config, hasher: argon2Hasher(), now: () => new Date() });
          let page = 1;
          for (;;) {
            const r = await listUsers(
              { ...ctx, actor: { ...ctx.actor, scopeCode: opts.scope } },
              { page, pageSize: 100 },
            );
            for (const u of r.items) {
              const flags = [u.disabled ? 'disabled' : '', u.lockedUntil ? `locked until ${u.lockedUntil}` : '']
                .filter(Boolean)
                .join(' ');
              console.log(
                [
                  u.username.padEnd(16),
                  u.role.padEnd(18),
                  u.scopeCode.padEnd(12),
                  u.department ?? '-',
                  u.displayName,
                  flags,
                ]
                  .join('  ')
                  .trimEnd(),
              );
            }
            if (page * 100 >= r.total) break;
            page++;
          }
        });
      }),
    );
}
