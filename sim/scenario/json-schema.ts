// The JSON Schema of the scenario FILE format (what people write, units as text), for
// editors: `# yaml-language-server: $schema=../faultline.schema.json` at the top of a
// scenario gives completion, hover docs and checks. Generated from file-schema.ts;
// scenarios/faultline.schema.json is this output (`faultline schema --out scenarios/faultline.schema.json`; a test keeps it current).
import { z } from 'zod';
import { scenarioFileSchema } from './file-schema.js';

/** Where the committed copy lives, relative to the repository root. */
export const SCHEMA_FILE = 'scenarios/faultline.schema.json';

/** JSON Schema (draft-07, the dialect yaml-language-server knows best) of a scenario file. */
export function scenarioJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(scenarioFileSchema, {
    io: 'input',
    target: 'draft-07',
    unrepresentable: 'any',
  }) as Record<string, unknown>;
  const { $schema, ...rest } = schema;
  return { $schema, $id: 'https://faultline.dev/schema/scenario.json', ...rest };
}

/** The schema as the committed file holds it: 2-space JSON and a final newline. */
export function scenarioJsonSchemaText(): string {
  return `${JSON.stringify(scenarioJsonSchema(), null, 2)}\n`;
}
