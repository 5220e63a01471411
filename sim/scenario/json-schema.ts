// The JSON Schema of the scenario FILE format (what people write, units as text), for
// editors: `# yaml-language-server: $schema=../faultline.schema.json` at the top of a
// scenario gives completion, hover docs and checks. Generated from file-schema.ts and the
// protocols it is given: `protocol` and `variant` become enums, and `config` is typed per
// protocol (if protocol is raft, config is Raft's config), so editors complete `config:`.
// scenarios/faultline.schema.json is this output for the registered protocols
// (`faultline schema --out scenarios/faultline.schema.json`; a test keeps it current).
import { z } from 'zod';
import { serverKinds, type AnyProtocol } from '../protocol.js';
import { scenarioFileSchema } from './file-schema.js';

/** Where the committed copy lives, relative to the repository root. */
export const SCHEMA_FILE = 'scenarios/faultline.schema.json';

/**
 * A protocol named by a module file rather than by a registered name (`./my-protocol.js`):
 * the schema accepts it so the enum does not lock external protocols out; whoever loads
 * the scenario must have loaded the module.
 */
export const PROTOCOL_MODULE_PATTERN = String.raw`^(\.{1,2}/|/).+\.(m?js|ts)$`;

/**
 * Does a `protocol:` value name a module file? Wider than the pattern editors check (any
 * path separator, or a .js/.mjs/.ts ending), so `my-raft.js` is a file, never a typo of a name.
 */
export function isModuleSpec(value: string): boolean {
  return /[/\\]/.test(value) || /\.[cm]?[jt]s$/.test(value);
}

type JsonObject = Record<string, unknown>;

function toJson(schema: z.ZodType): JsonObject {
  const { $schema: _, ...rest } = z.toJSONSchema(schema, { io: 'input', target: 'draft-07', unrepresentable: 'any' }) as JsonObject;
  return rest;
}

/** JSON Schema (draft-07, the dialect yaml-language-server knows best) of a scenario file. */
export function scenarioJsonSchema(protocols: ReadonlyMap<string, AnyProtocol> = new Map()): JsonObject {
  const schema = z.toJSONSchema(scenarioFileSchema, {
    io: 'input',
    target: 'draft-07',
    unrepresentable: 'any',
  }) as JsonObject;
  const { $schema, ...rest } = schema;
  const out: JsonObject = { $schema, $id: 'https://faultline.dev/schema/scenario.json', ...rest };
  if (protocols.size > 0) knowProtocols(out, [...protocols.values()]);
  return out;
}

/** Enums for protocol and variant, and one if/then per protocol typing its config, variant and node kinds. */
function knowProtocols(schema: JsonObject, protocols: readonly AnyProtocol[]): void {
  const properties = schema['properties'] as Record<string, JsonObject>;
  const names = protocols.map((p) => p.name);
  properties['protocol'] = {
    description: `the protocol to run: ${names.join(', ')} (faultline list), or a protocol module file (./my-protocol.js)`,
    anyOf: [{ type: 'string', enum: names }, { type: 'string', pattern: PROTOCOL_MODULE_PATTERN }],
  };
  const variants = [...new Set(protocols.flatMap((p) => Object.keys(p.variants)))];
  properties['variant'] = {
    description: 'a named bug switch of the protocol, or null',
    anyOf: [{ type: 'string', enum: variants }, { type: 'null' }],
  };
  schema['allOf'] = protocols.map((protocol) => ({
    if: { properties: { protocol: { const: protocol.name } }, required: ['protocol'] },
    then: { properties: protocolProperties(protocol) },
  }));
}

function protocolProperties(protocol: AnyProtocol): JsonObject {
  const config = { ...toJson(protocol.configSchema), description: `${protocol.name} settings` };
  const variants = Object.keys(protocol.variants);
  return {
    config: { anyOf: [config, { type: 'null' }] },
    variant: variants.length === 0 ? { type: 'null' } : { anyOf: [{ type: 'string', enum: variants }, { type: 'null' }] },
    services: {
      type: 'object',
      additionalProperties: { type: 'object', properties: { kind: { type: 'string', enum: [...serverKinds(protocol)] } } },
    },
  };
}

/** The schema as the committed file holds it: 2-space JSON and a final newline. */
export function scenarioJsonSchemaText(protocols: ReadonlyMap<string, AnyProtocol> = new Map()): string {
  return `${JSON.stringify(scenarioJsonSchema(protocols), null, 2)}\n`;
}
