import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const here = path.dirname(fileURLToPath(import.meta.url));
const guards = path.resolve(here, '../../src/http/process-guards.ts');

describe('a serving process survives what slips past every handler (issue 12 §1)', () => {
  it('an unhandled rejection and an error event nobody listens to are logged, and the process goes on', () => {
    // a child process, so the failures are real and vitest's own handlers play no part
    const script = `
      import { EventEmitter } from 'node:events';
      const { installProcessGuards } = await import(${JSON.stringify(guards)});
      const logged = [];
      installProcessGuards({ error: (o, m) => logged.push(m + ': ' + (o.err && o.err.message)) });
      void Promise.reject(new Error('spool gone'));
      setTimeout(() => new EventEmitter().emit('error', new Error('stream broke')), 10);
      setTimeout(() => { console.log(JSON.stringify(logged)); console.log('still serving'); }, 200);
    `;
    const run = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      encoding: 'utf8',
      cwd: path.resolve(here, '../..'),
    });
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toContain('still serving');
    expect(run.stdout).toContain('unhandled promise rejection (the server goes on): spool gone');
    expect(run.stdout).toContain('uncaught exception (the server goes on): stream broke');
  });
});
