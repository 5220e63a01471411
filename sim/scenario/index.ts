// Scenario files: loading (YAML/JSON -> Scenario), errors, and the file format's JSON Schema.
export { ScenarioError } from './errors.js';
export { loadScenarioFile, parseScenarioText, readScenarioDocument, scenarioDocument, scenarioFromDocument, type LoadOptions } from './load.js';
export { scenarioJsonSchema, scenarioJsonSchemaText, SCHEMA_FILE } from './json-schema.js';
export { defaultName, LINEARIZABILITY } from './resolve.js';
export type * from './types.js';
