import { AssistanceInputSchema, HouseholdFactsSchema, PolicyBodySchema, PolicyRecordSchema } from '@dixian/core';
import type { Command } from 'commander';
import { z } from 'zod';
import { action, CliError } from '../context.js';

/** The input formats as JSON Schema (draft 2020-12), generated from the zod schemas the program validates with. */
const SCHEMAS = {
  household: () => z.toJSONSchema(HouseholdFactsSchema, { io: 'input' }),
  assistance: () => z.toJSONSchema(AssistanceInputSchema, { io: 'input' }),
  policy: () => {
    const record = z.toJSONSchema(PolicyRecordSchema, { io: 'input' }) as Record<string, unknown>;
    return { ...record, $defs: { PolicyBody: z.toJSONSchema(PolicyBodySchema, { io: 'input' }) } };
  },
} as const;

export function register(program: Command): void {
  program
    .command('schema <name>')
    .description(
      `输出输入格式的 JSON Schema / print an input format as JSON Schema (${Object.keys(SCHEMAS).join(', ')})`,
    )
    .action(
      action(async (name: string) => {
        const make = SCHEMAS[name as keyof typeof SCHEMAS];
        if (!make) {
          throw new CliError(`未知格式 / unknown schema "${name}"; choose one of: ${Object.keys(SCHEMAS).join(', ')}`);
        }
        process.stdout.write(`${JSON.stringify(make(), null, 2)}\n`);
      }),
    );
}
