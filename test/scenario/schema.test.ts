// The JSON Schema of the file format: the committed copy is current, it describes the
// format the loader accepts, and `faultline schema` prints it.
import { describe, expect, it, vi } from 'vitest';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { parse } from 'yaml';
import { registerSchemaCommand } from '../../cli/commands/schema.js';
import { ScenarioError, scenarioJsonSchema, scenarioJsonSchemaText, SCHEMA_FILE } from '../../sim/scenario/index.js';
import { scenarioFileSchema } from '../../sim/scenario/file-schema.js';
import { PROTOCOLS as PROTOCOLS_REGISTERED } from '../../protocols/registry.js';
import { FULL } from './full-scenario.js';
import { load } from './helpers.js';
import { validate } from './json-schema-check.js';
import { scenarioFiles } from '../support/shipped-scenarios.js';

type JsonSchema = Record<string, unknown> & {
  properties?: Record<string, JsonSchema>;
  anyOf?: JsonSchema[];
  definitions?: Record<string, JsonSchema>;
};

const schema = scenarioJsonSchema() as JsonSchema;
const REGISTERED = PROTOCOLS_REGISTERED;

/** The object schema of a section (sections may also be null). */
function objectOf(s: JsonSchema): JsonSchema {
  return s.anyOf?.find((branch) => branch.type === 'object') ?? s;
}

describe('scenarios/faultline.schema.json', () => {
  it('is up to date (regenerate: npx faultline schema --out scenarios/faultline.schema.json)', () => {
    expect(readFileSync(SCHEMA_FILE, 'utf8')).toBe(scenarioJsonSchemaText(REGISTERED));
  });

  it('knows each registered protocol: protocol and variant enums, config typed per protocol, module files allowed', () => {
    const known = scenarioJsonSchema(REGISTERED) as JsonSchema;
    const check = (doc: unknown) => validate(known, doc, known);
    expect(check({ protocol: 'raft', variant: 'figure8-commit', config: { preVote: false, reads: 'lease' } })).toEqual([]);
    expect(check({ protocol: 'primary-backup', config: { batchMax: 8 } })).toEqual([]);
    expect(check({ protocol: './protocols/my-lock.js' })).toEqual([]);
    expect(check({ protocol: 'rafft' }).join()).toMatch(/\$\.protocol: anyOf/);
    // The variant enum is the protocol's own: raft's variant under primary-backup is refused.
    expect(check({ protocol: 'raft', variant: 'figure8-comit' }).join()).toMatch(/variant/);
    expect(check({ protocol: 'primary-backup', variant: 'figure8-commit' }).join()).toMatch(/variant/);
    // Config fields are raft's under raft, primary-backup's under primary-backup.
    expect(check({ protocol: 'raft', config: { preVot: true } }).join()).toMatch(/config/);
    expect(check({ protocol: 'raft', config: { reads: 'sometimes' } }).join()).toMatch(/config/);
    expect(check({ protocol: 'primary-backup', config: { preVote: true } }).join()).toMatch(/config/);
    expect(check({ protocol: 'raft', services: { a: { kind: 'server' } } })).toEqual([]);
    expect(check({ protocol: 'raft', services: { a: { kind: 'shard' } } }).join()).toMatch(/kind: enum/);
  });

  it('is a draft-07 schema of the file format with only protocol required', () => {
    expect(schema.$schema).toBe('http://json-schema.org/draft-07/schema#');
    expect(schema.title).toBe('Faultline scenario');
    expect(schema.type).toBe('object');
    expect(schema.additionalProperties).toBe(false);
    expect(schema.required).toStrictEqual(['protocol']);
    expect(Object.keys(schema.properties!)).toStrictEqual(Object.keys(scenarioFileSchema.shape));
  });

  it('describes units as text with patterns, and shows defaults as written in files', () => {
    const duration = schema.properties!.duration!;
    expect(duration.type).toStrictEqual(['string', 'number']);
    expect(duration.default).toBe('10s');
    const pattern = new RegExp(duration.pattern as string);
    expect(pattern.test('150ms')).toBe(true);
    expect(pattern.test('1.5 s')).toBe(true);
    expect(pattern.test('10 parsecs')).toBe(false);
    const network = objectOf(schema.properties!.network!);
    expect(network.additionalProperties).toBe(false);
    expect(network.properties!.drop!.default).toBe(0);
    expect(network.properties!.latency!.default).toBe('1ms..3ms');
    expect(new RegExp(network.properties!.drop!.pattern as string).test('0.5%')).toBe(true);
    expect(Object.keys(schema.definitions!).sort()).toStrictEqual(['latency', 'simpleLatency']);
  });

  it('documents every top-level field and every field of each section', () => {
    for (const [name, field] of Object.entries(schema.properties!)) {
      const described = JSON.stringify(field).includes('"description"');
      expect(described, `${name} has a description`).toBe(true);
    }
    for (const section of ['network', 'clocks', 'disk', 'workload', 'expect', 'limits']) {
      for (const [name, field] of Object.entries(objectOf(schema.properties![section]!).properties!)) {
        expect(JSON.stringify(field).includes('"description"'), `${section}.${name} has a description`).toBe(true);
      }
    }
  });

  it('its defaults are the loader defaults', () => {
    const props = schema.properties!;
    const doc: Record<string, unknown> = { protocol: 'raft' };
    for (const key of ['nodes', 'clients', 'seed', 'duration', 'settle', 'description']) doc[key] = props[key]!.default;
    expect(load(JSON.stringify(doc))).toStrictEqual(load('protocol: raft\n'));
  });
});

describe('faultline schema', () => {
  it('prints the schema', async () => {
    const program = new Command().exitOverride();
    registerSchemaCommand(program);
    const writes: string[] = [];
    const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      writes.push(String(chunk));
      return true;
    });
    try {
      await program.parseAsync(['schema'], { from: 'user' });
    } finally {
      spy.mockRestore();
    }
    expect(writes.join('')).toBe(scenarioJsonSchemaText(REGISTERED));
  });

  it('writes it with --out', async () => {
    const program = new Command().exitOverride();
    registerSchemaCommand(program);
    const out = join(mkdtempSync(join(tmpdir(), 'faultline-schema-')), 'schema.json');
    const spy = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      await program.parseAsync(['schema', '--out', out], { from: 'user' });
    } finally {
      spy.mockRestore();
    }
    expect(readFileSync(out, 'utf8')).toBe(scenarioJsonSchemaText(REGISTERED));
  });
});

describe('the JSON Schema agrees with the loader', () => {
  const root = scenarioJsonSchema();
  const problems = (doc: unknown) => validate(root, doc, root);

  it('accepts the every-field fixture and the shipped scenarios', () => {
    expect(problems(parse(FULL))).toStrictEqual([]);
    const files = scenarioFiles();
    expect(files.length).toBeGreaterThan(0);
    for (const file of files) expect(problems(parse(readFileSync(file, 'utf8'))), file).toStrictEqual([]);
    // And against the schema that knows the registered protocols (their configs and variants).
    const known = scenarioJsonSchema(REGISTERED);
    for (const file of files) expect(validate(known, parse(readFileSync(file, 'utf8')), known), file).toStrictEqual([]);
  });

  it('accepts the student template\'s grading scenarios, which name a protocol module (protocol: ../raft.js)', () => {
    const known = scenarioJsonSchema(REGISTERED);
    const files = scenarioFiles('templates/student-raft/scenarios');
    expect(files.length).toBeGreaterThanOrEqual(4);
    for (const file of files) expect(validate(known, parse(readFileSync(file, 'utf8')), known), file).toStrictEqual([]);
    expect(validate(known, parse('protocol: raftt\n'), known).length).toBeGreaterThan(0);
  });

  it('accepts shorthands, nulls for empty sections, and both checks forms', () => {
    for (const text of [
      'protocol: raft\nnetwork: {latency: 0}\n',
      'protocol: raft\nnetwork: {latency: 1ms..3ms}\nclocks:\nfaults:\n',
      'protocol: raft\nchecks: [invariants]\nnemesis: true\n',
      'protocol: raft\nchecks: {searchSteps: 5000, linearizability: report, model: kv}\nnemesis: {kinds: [crash]}\nworkload: {rate: null, mix: {get: 3}}\n',
      'protocol: raft\nfaults: [{at: 1s, partition: {bridge: n1, sides: [[n2], n3]}}, {at: 2s, heal: true}]\n',
      'protocol: raft\nfaults: [{at: 1s, link: {from: n1, to: [n2, leader], latency: 200ms..400ms, drop: 20%, duplicate: 5%}, for: 3s}, {at: 1s, link: {latency: {dist: exponential, mean: 3ms}}}]\n',
      'protocol: raft\nfaults: [{at: 1s, connect: [[n1, n2], [n2, n3], {from: n1, to: [n3]}], for: 1s}]\n',
      'protocol: raft\nfaults: [{at: 1s, wipe: n1, for: 1s}, {at: 2s, loseSynced: {node: [n2], writes: 3}}, {at: 3s, corrupt: {node: leader, key: raft/log/}}, {at: 3s, corrupt: {node: n3}}]\n',
    ]) {
      expect(problems(parse(text)), text).toStrictEqual([]);
      load(text);
    }
  });

  it.each([
    'nodes: 3',
    'protocol: raft\nnode: 3',
    'protocol: raft\nduration: 10 parsecs',
    'protocol: raft\nduration: 5',
    'protocol: raft\nnetwork: {latency: 2}',
    'protocol: raft\nnodes: 0',
    'protocol: raft\nnetwork: {latncy: 1ms}',
    'protocol: raft\nnetwork: {latency: {dist: gamma}}',
    'protocol: raft\nnetwork: {drop: 5 percent}',
    'protocol: raft\nfaults: [{at: 1s, crash: n1, fore: 1s}]',
    'protocol: raft\nfaults: [{at: 1s, heal: some}]',
    'protocol: raft\nclocks: {drift: 100 ppm/s}',
    'protocol: raft\nexpect: {verdict: fail}',
    'protocol: raft\nfaults: [{at: 1s, link: {from: n1, drop: 2}}]',
    'protocol: raft\nfaults: [{at: 1s, link: {from: n1, latncy: 2ms}}]',
    'protocol: raft\nfaults: [{at: 1s, connect: [{from: n1}]}]',
    'protocol: raft\nfaults: [{at: 1s, loseSynced: {node: n1, writes: 0}}]',
    'protocol: raft\nfaults: [{at: 1s, corrupt: {node: n1, bits: 2}}]',
  ])('rejects what the loader rejects: %s', (text) => {
    expect(problems(parse(text)).length).toBeGreaterThan(0);
    expect(() => load(text)).toThrow(ScenarioError);
  });
});
