import { Command } from 'commander';

/**
 * `dixian`: the command line of the server package (`npx dixian …` from the repository root).
 * Every command has --help; failures print a clear message and exit non-zero.
 */
const program = new Command('dixian')
  .description('底线 dixian: 防止返贫动态监测和帮扶 / monitoring and assistance to prevent a return to poverty')
  .version('0.1.0')
  .showHelpAfterError('(使用 --help 查看用法 / add --help for usage)')
  .configureOutput({ outputError: (str, write) => write(`错误 / Error: ${str.replace(/^error: /, '')}`) });

program.exitOverride((err) => {
  // commander's own exits (help, version) are successes; usage errors exit 2.
  if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version' || err.code === 'commander.help') {
    process.exit(0);
  }
  process.exit(2);
});

type Register = { register(program: Command): void };

// Each command module pulls in much of the server; loading only the one asked for keeps `dixian user list` or
// `dixian audit verify` from paying for all of them. Help and unknown commands load every module.
const COMMANDS: Record<string, () => Promise<Register>> = {
  start: () => import('./commands/start.js'),
  migrate: () => import('./commands/migrate.js'),
  regions: () => import('./commands/regions.js'),
  seed: () => import('./commands/seed.js'),
  assess: () => import('./commands/assess.js'),
  assistance: () => import('./commands/assistance.js'),
  schema: () => import('./commands/schema.js'),
  policy: () => import('./commands/policy.js'),
  feed: () => import('./commands/feed.js'),
  user: () => import('./commands/user.js'),
  audit: () => import('./commands/audit.js'),
  screen: () => import('./commands/screen.js'),
  backup: () => import('./commands/backup.js'),
  restore: () => import('./commands/restore.js'),
  security: () => import('./commands/security.js'),
  keys: () => import('./commands/keys.js'),
  jobs: () => import('./commands/jobs.js'),
  nation: () => import('./commands/nation.js'),
  partition: () => import('./commands/partition.js'),
  simulate: () => import('./commands/simulate.js'),
};

// Subcommands copy the settings above when created, so register them last.
const asked = process.argv[2];
const loaders = asked && COMMANDS[asked] ? [COMMANDS[asked]] : Object.values(COMMANDS);
for (const m of await Promise.all(loaders.map((load) => load()))) m.register(program);

await program.parseAsync(process.argv);
