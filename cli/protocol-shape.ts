// Checking what a protocol module exports against the Protocol shape (sim/protocol.ts),
// field by field, so that a student's mistake is one line naming the field and what was
// expected, never a TypeError deep inside a run. Optional fields get the defaults a
// built-in protocol would spell out: no variants, no roles, no invariants, a flat message size.
import type { z } from 'zod';
import type { AnyProtocol } from '../sim/protocol.js';
import { UsageError } from './errors.js';

export interface ShapeContext {
  /** Names a module may not take: the built-in protocols'. */
  readonly builtins: readonly string[];
  /** The checker models `model` may name. */
  readonly models: readonly string[];
  /** The config schema of a protocol that declares none: no `config:` fields. */
  readonly emptyConfig: z.ZodType;
}

/** Bytes a message counts for in network statistics when the module gives no `messageBytes`. */
export const DEFAULT_MESSAGE_BYTES = 64;

type Fields = Record<string, unknown>;

const FUNCTIONS_OPTIONAL = ['createStats', 'epochOf', 'describeView', 'messageBytes'] as const;
const STRING_LISTS_OPTIONAL = ['roles', 'uniqueRoles', 'kinds', 'messageTypes'] as const;

/** The protocol object a module exports, checked; throws UsageError naming the first wrong field. */
export function checkProtocolShape(exported: Fields, file: string, context: ShapeContext): AnyProtocol {
  const value = exported['default'] ?? exported['protocol'];
  const fail = (field: string, expected: string, got: unknown): never => {
    throw new UsageError(`${file}: protocol.${field}: expected ${expected}, got ${describe(got)}`);
  };
  if (value === undefined) {
    const names = Object.keys(exported);
    throw new UsageError(
      `${file}: exports no protocol: expected \`export default { name, model, operations, createServer, createClient, ... }\` ` +
        `or \`export const protocol = ...\`${names.length > 0 ? ` (it exports ${names.join(', ')})` : ''}`,
    );
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return fail('', 'an object (the protocol)', value);
  const p = value as Fields;
  const name = p['name'];
  if (typeof name !== 'string' || !/^[a-z0-9][\w.-]*$/i.test(name)) return fail('name', 'a name such as "my-raft" (letters, digits, - _ .)', name);
  if (context.builtins.includes(name)) throw new UsageError(`${file}: protocol.name: "${name}" is a built-in protocol's name; choose another (e.g. "my-${name}")`);
  if (typeof p['model'] !== 'string' || !context.models.includes(p['model'])) {
    return fail('model', `a checker model (${context.models.join(', ')})`, p['model']);
  }
  if (!isStringList(p['operations']) || (p['operations'] as string[]).length === 0) {
    return fail('operations', 'a non-empty list of operation names, e.g. ["get", "put", "cas"]', p['operations']);
  }
  for (const field of ['createServer', 'createClient'] as const) {
    if (typeof p[field] !== 'function') return fail(field, 'a function (id, setup) => node', p[field]);
  }
  for (const field of FUNCTIONS_OPTIONAL) {
    if (p[field] !== undefined && typeof p[field] !== 'function') return fail(field, 'a function, or no such field', p[field]);
  }
  for (const field of STRING_LISTS_OPTIONAL) {
    if (p[field] !== undefined && !isStringList(p[field])) return fail(field, 'a list of names, or no such field', p[field]);
  }
  if (p['description'] !== undefined && typeof p['description'] !== 'string') return fail('description', 'text', p['description']);
  checkVariants(p['variants'], fail);
  checkInvariants(p['invariants'], fail);
  const schema = p['configSchema'];
  if (schema !== undefined && !isZodSchema(schema)) {
    return fail('configSchema', "a zod schema (import { z } from 'faultline'), or no such field", schema);
  }
  return {
    ...(p as unknown as AnyProtocol),
    description: typeof p['description'] === 'string' ? p['description'] : `protocol module ${file}`,
    configSchema: (schema ?? context.emptyConfig) as z.ZodType,
    variants: (p['variants'] ?? {}) as Record<string, string>,
    roles: (p['roles'] ?? []) as string[],
    invariants: (p['invariants'] ?? []) as AnyProtocol['invariants'],
    messageBytes: (p['messageBytes'] ?? (() => DEFAULT_MESSAGE_BYTES)) as AnyProtocol['messageBytes'],
  };
}

type Fail = (field: string, expected: string, got: unknown) => never;

function checkVariants(variants: unknown, fail: Fail): void {
  if (variants === undefined) return;
  if (typeof variants !== 'object' || variants === null || Array.isArray(variants)) {
    fail('variants', 'an object: variant name -> what it breaks', variants);
  }
  for (const [name, text] of Object.entries(variants as Fields)) {
    if (typeof text !== 'string') fail(`variants.${name}`, 'text saying what the variant breaks', text);
  }
}

function checkInvariants(invariants: unknown, fail: Fail): void {
  if (invariants === undefined) return;
  if (!Array.isArray(invariants)) fail('invariants', 'a list of invariants ({ name, description, create })', invariants);
  (invariants as unknown[]).forEach((inv, i) => {
    const fields = (typeof inv === 'object' && inv !== null ? inv : {}) as Fields;
    if (typeof fields['name'] !== 'string' || typeof fields['create'] !== 'function') {
      fail(`invariants[${i}]`, 'an invariant { name, description, create() }', inv);
    }
  });
}

function isStringList(value: unknown): boolean {
  return Array.isArray(value) && value.every((item) => typeof item === 'string');
}

function isZodSchema(value: unknown): boolean {
  return typeof value === 'object' && value !== null && typeof (value as Fields)['safeParse'] === 'function' && '_zod' in value;
}

function describe(value: unknown): string {
  if (value === undefined) return 'nothing (the field is missing)';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'function') return 'a function';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}...` : value);
  return `${typeof value} ${String(value)}`;
}
