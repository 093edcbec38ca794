import { Command } from 'commander';
import { register as registerAudit } from './commands/audit.js';
import { register as registerFeed } from './commands/feed.js';
import { register as registerAssess } from './commands/assess.js';
import { register as registerMigrate } from './commands/migrate.js';
import { register as registerPolicy } from './commands/policy.js';
import { register as registerRegions } from './commands/regions.js';
import { register as registerSchema } from './commands/schema.js';
import { register as registerSeed } from './commands/seed.js';
import { register as registerStart } from './commands/start.js';
import { register as registerUser } from './commands/user.js';
import { register as registerScreen } from './commands/screen.js';

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

// Subcommands copy the settings above when created, so register them last.
registerStart(program);
registerMigrate(program);
registerRegions(program);
registerSeed(program);
registerAssess(program);
registerSchema(program);
registerPolicy(program);
registerFeed(program);
registerUser(program);
registerAudit(program);
registerScreen(program);

await program.parseAsync(process.argv);
