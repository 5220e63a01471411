// Regenerate scenarios/faultline.schema.json: `npx tsx sim/scenario/write-schema.ts`
// (run from the repository root; test/scenario checks the committed file is current).
import { writeFileSync } from 'node:fs';
import { scenarioJsonSchemaText, SCHEMA_FILE } from './json-schema.js';

writeFileSync(SCHEMA_FILE, scenarioJsonSchemaText());
process.stdout.write(`wrote ${SCHEMA_FILE}\n`);
