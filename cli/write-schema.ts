// Regenerate scenarios/faultline.schema.json for the registered protocols:
// `npx tsx cli/write-schema.ts` (run from the repository root; test/scenario checks the
// committed file is current).
import { writeFileSync } from 'node:fs';
import { PROTOCOLS } from '../protocols/registry.js';
import { scenarioJsonSchemaText, SCHEMA_FILE } from '../sim/scenario/json-schema.js';

writeFileSync(SCHEMA_FILE, scenarioJsonSchemaText(PROTOCOLS));
process.stdout.write(`wrote ${SCHEMA_FILE}\n`);
