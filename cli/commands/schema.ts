// `faultline schema`: print the JSON Schema of scenario files (for editors), or write it.
import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { PROTOCOLS } from '../../protocols/registry.js';
import { scenarioJsonSchemaText, SCHEMA_FILE } from '../../sim/scenario/json-schema.js';
import { UsageError } from '../errors.js';
import { out, err } from '../output/stdio.js';

export function registerSchemaCommand(program: Command): void {
  program
    .command('schema')
    .description(
      `print the JSON Schema of scenario files (the committed copy is ${SCHEMA_FILE}); ` +
        'point an editor at it with "# yaml-language-server: $schema=<path>"',
    )
    .option('-o, --out <file>', 'write it to this file instead of printing it')
    .action((options: { out?: string }) => {
      const text = scenarioJsonSchemaText(PROTOCOLS);
      if (options.out === undefined) {
        out(text);
      } else {
        try {
          writeFileSync(options.out, text);
        } catch (error) {
          const code = (error as { code?: unknown } | null)?.code;
          throw new UsageError(`--out ${options.out}: cannot write file (${typeof code === 'string' ? code : 'error'})`);
        }
        err(`wrote ${options.out}\n`);
      }
    });
}
