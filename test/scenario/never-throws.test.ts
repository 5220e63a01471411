// Whatever the input, the loader throws nothing but a one-line ScenarioError, and what it
// does accept satisfies the Scenario's own rules.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parse, stringify } from 'yaml';
import { parseScenarioText, ScenarioError } from '../../sim/scenario/index.js';
import type { Scenario } from '../../sim/scenario/types.js';
import { PROTOCOLS } from './fake-protocol.js';
import { FULL } from './full-scenario.js';

const FILE = 'fuzz.yaml';

/** Load and check the outcome: a valid Scenario (returned) or a well-formed ScenarioError (its message). */
function check(text: string, overrides: readonly string[] = [], seed?: number): Scenario | string {
  let scenario: Scenario;
  try {
    scenario = parseScenarioText(text, FILE, { protocols: PROTOCOLS, overrides, ...(seed === undefined ? {} : { seed }) });
  } catch (error) {
    if (!(error instanceof ScenarioError)) throw new Error(`threw a non-ScenarioError: ${String(error)}`);
    expect(error.message).not.toMatch(/[\r\n\u2028\u2029]/);
    expect(error.message.startsWith(`${FILE}:`)).toBe(true);
    expect(error.message).not.toContain('unexpected error while loading');
    return error.message;
  }
  checkScenario(scenario);
  return scenario;
}

function checkScenario(s: Scenario): void {
  const ids = [...s.servers, ...s.clients];
  expect(new Set(ids).size).toBe(ids.length);
  expect(s.servers.length).toBeGreaterThan(0);
  expect(s.clients.length).toBeGreaterThan(0);
  expect(Number.isSafeInteger(s.seed) && s.seed >= 0).toBe(true);
  expect(s.durationUs).toBeGreaterThan(0);
  for (const p of [s.network.drop, s.network.duplicate, s.network.reorder]) expect(p >= 0 && p <= 1).toBe(true);
  for (let i = 0; i < s.faults.length; i++) {
    const fault = s.faults[i]!;
    expect(fault.atUs).toBeLessThan(s.durationUs);
    if (i > 0) expect(fault.atUs).toBeGreaterThanOrEqual(s.faults[i - 1]!.atUs);
  }
  const weights = Object.values(s.workload.mix);
  if (weights.length > 0) expect(Math.abs(weights.reduce((a, b) => a + b, 0) - 1)).toBeLessThan(1e-9);
  expect(s.workload.concurrency).toBeLessThanOrEqual(s.clients.length);
  expect(s.workload.startUs).toBeLessThan(s.workload.stopUs);
  expect(s.workload.stopUs).toBeLessThanOrEqual(s.durationUs);
  if (s.nemesis) expect(s.nemesis.startUs).toBeLessThan(s.nemesis.stopUs);
}

/** Text made of YAML's punctuation, the format's words and units: likelier to parse than noise. */
const yamlish = fc
  .array(
    fc.constantFrom(
      '\n', '  ', ' ', ':', ': ', '- ', '[', ']', '{', '}', ',', '#', '&a', '*a', '!', '|', '>', '"', "'", '%', '---',
      'protocol', 'raft', 'nodes', 'faults', 'at', 'crash', 'partition', 'leader', 'rest', 'network', 'latency',
      'dist', 'lognormal', 'bimodal', 'workload', 'mix', 'get', 'nemesis', 'true', 'null', '5', '-1', '1.5',
      '2s', '10ms', '50%', '100ppm', '1ms..3ms', '200/s', 'n1', 'n9', 'config', 'preVote', '__proto__', '$schema',
    ),
    { maxLength: 60 },
  )
  .map((parts) => parts.join(''));

const scalar = fc.oneof(
  fc.constantFrom(
    '1s', '0s', '-1ms', '10 parsecs', '50%', '150%', '100ppm', '1ms..3ms', '3ms..1ms', '200/s', '0/s', 'n1', 'n9',
    'leader', 'rest', 'all', '*', '', 'figure8-commit', 'lognormal', 'bimodal', 'zipfian', 'violation', '__proto__',
  ),
  fc.constantFrom(0, -1, 1, 2.5, 1e308, -0, Number.MAX_SAFE_INTEGER, 1001, 0.5),
  fc.boolean(),
  fc.constant(null),
  fc.string({ maxLength: 12 }),
);

const jsonish: fc.Arbitrary<unknown> = fc.oneof(
  { depthSize: 'small' },
  scalar,
  fc.jsonValue({ maxDepth: 3 }),
  fc.array(scalar, { maxLength: 4 }),
  fc.dictionary(fc.constantFrom('at', 'dist', 'from', 'to', 'node', 'x', 'crash', 'heal', 'median', 'p99'), scalar, { maxKeys: 3 }),
);

type Path = (string | number)[];

function paths(value: unknown, prefix: Path = [], out: Path[] = []): Path[] {
  out.push(prefix);
  if (Array.isArray(value)) value.forEach((v, i) => paths(v, [...prefix, i], out));
  else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) paths(v, [...prefix, k], out);
  }
  return out;
}

interface Mutation {
  readonly pick: number;
  readonly kind: 'replace' | 'delete' | 'add-key';
  readonly key: string;
  readonly value: unknown;
}

function mutate(doc: unknown, mutations: readonly Mutation[]): unknown {
  let root = structuredClone(doc);
  for (const m of mutations) {
    const all = paths(root);
    const path = all[m.pick % all.length]!;
    if (path.length === 0) {
      if (m.kind === 'replace') root = structuredClone(m.value);
      continue;
    }
    let parent = root as Record<string | number, unknown>;
    for (const seg of path.slice(0, -1)) parent = parent[seg] as Record<string | number, unknown>;
    const last = path[path.length - 1]!;
    if (m.kind === 'replace') parent[last] = structuredClone(m.value);
    else if (m.kind === 'delete') {
      if (Array.isArray(parent)) parent.splice(Number(last), 1);
      else delete parent[last];
    } else {
      const target = parent[last];
      if (target !== null && typeof target === 'object' && !Array.isArray(target)) {
        (target as Record<string, unknown>)[m.key] = structuredClone(m.value);
      }
    }
  }
  return root;
}

const mutation: fc.Arbitrary<Mutation> = fc.record({
  pick: fc.nat(),
  kind: fc.constantFrom('replace', 'delete', 'add-key'),
  key: fc.constantFrom('at', 'for', 'crash', 'dist', 'latency', 'x', 'nodes', 'step', 'sides', 'oneway', 'violation'),
  value: jsonish,
}) as fc.Arbitrary<Mutation>;

const overrideText = fc.oneof(
  fc.string({ maxLength: 20 }),
  fc
    .tuple(
      fc.constantFrom('network.drop', 'faults.0.at', 'faults.9.at', 'nodes', 'config.preVote', 'workload.mix', 'nodes.x', 'a..b', 'faults[0]', ''),
      fc.constantFrom('1%', '3s', 'false', '7', '{get: 50%, put: 50%}', '{', '[1,', '', '*x', 'n9'),
    )
    .map(([p, v]) => `${p}=${v}`),
);

const BASE_DOC = parse(FULL) as unknown;

describe('the loader never throws anything but a one-line ScenarioError', () => {
  it('on arbitrary strings', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (text) => void check(text)), { numRuns: 300 });
  });

  it('on YAML-looking strings', () => {
    fc.assert(fc.property(yamlish, (text) => void check(text)), { numRuns: 600 });
    fc.assert(fc.property(yamlish, (text) => void check(`protocol: raft\n${text}`)), { numRuns: 600 });
  });

  it('on arbitrary JSON values, as JSON and as YAML', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        check(JSON.stringify(value) ?? 'null');
        check(stringify(value));
      }),
      { numRuns: 300 },
    );
  });

  it('on mutations of a valid document', () => {
    check(stringify(BASE_DOC)); // the unmutated document loads
    fc.assert(
      fc.property(fc.array(mutation, { minLength: 1, maxLength: 4 }), (mutations) => {
        check(stringify(mutate(BASE_DOC, mutations)));
      }),
      { numRuns: 500 },
    );
  });

  it('on arbitrary --set overrides and seeds', () => {
    fc.assert(
      fc.property(
        fc.array(overrideText, { maxLength: 3 }),
        fc.option(fc.oneof(fc.nat(), fc.integer(), fc.double()), { nil: undefined }),
        (overrides, seed) => void check(FULL, overrides, seed),
      ),
      { numRuns: 500 },
    );
  });

  it('on pathological YAML: deep nesting, alias bombs, huge numbers, binary tags', () => {
    check(`protocol: raft\nconfig: ${'['.repeat(5000)}${']'.repeat(5000)}\n`);
    check(`protocol: raft\nconfig: {a: ${'{a: '.repeat(200)}1${'}'.repeat(200)}}\n`);
    const bomb = ['a: &a [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 12; i++) bomb.push(`${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(10).fill(`*${String.fromCharCode(96 + i)}`).join(', ')}]`);
    check(`${bomb.join('\n')}\nprotocol: raft\n`);
    check('protocol: raft\nduration: 1e400\n');
    check('protocol: raft\nnodes: .nan\n');
    check('protocol: raft\nname: !!binary aGVsbG8=\n');
    check('protocol: raft\n? [a, b]\n: c\n');
    check('\uFEFFprotocol: raft\n');
    check('protocol: raft\nfaults: [{at: 9007199254740993ms, heal: all}]\n');
    check('protocol: raft\nduration: 99999999999999999h\n');
  });
});

/** Small but touching every construct: each of its values is swapped for each tricky one. */
const COMPACT = {
  protocol: 'raft',
  config: { preVote: false, electionTimeout: '100ms..200ms' },
  variant: 'figure8-commit',
  nodes: 3,
  spares: 1,
  clients: ['c1', 'c2'],
  seed: 1,
  duration: '10s',
  network: {
    latency: { dist: 'bimodal', fast: '1ms', slow: { dist: 'lognormal', median: '2ms', p99: '9ms' }, slowProbability: '1%' },
    drop: '1%',
    links: [{ from: 'n1', to: '*', latency: { dist: 'uniform', min: '1ms', max: '2ms' }, drop: 0.1 }],
    inFlight: 'drop',
  },
  clocks: { drift: '10ppm', nodes: { n1: { drift: 5, offset: '-1ms' } } },
  disk: { loseUnsyncedWrites: true, syncLatency: '1ms' },
  workload: { mix: { get: '50%', put: 1 }, rate: '10/s', concurrency: 2, start: '1s', stop: '9s' },
  faults: [
    { at: '1s', partition: [['leader'], 'rest'], for: '1s' },
    { at: '2s', partition: { oneway: { from: 'n1', to: ['n2'] } } },
    { at: '2s', partition: { bridge: 'n2', sides: [['n1'], ['n3']] } },
    { at: '3s', crash: ['n1', 'leader'] },
    { at: '4s', clock: { node: 'n1', step: '-1s' } },
    { at: '4s', drift: { node: 'n2', ppm: '5ppm' }, for: '1s' },
    { at: '5s', loss: '5%', for: '1s' },
    { at: '6s', heal: 'all' },
  ],
  nemesis: { kinds: ['crash'], duration: '1s..2s', stop: '6s' },
  checks: { searchSteps: 5000, linearizability: 'report' },
  expect: { violation: 'election-safety', sometimes: ['became-leader'] },
  limits: { events: 100 },
};

const TRICKY: readonly unknown[] = [
  null, true, false, 0, -1, 0.5, 1.5, 1e308, 1001, '', ' ', '0s', '1s', '-1s', '1e3s', '50%', '101%', '1ms..0ms',
  '0/s', '-5ppm', 'n9', 'rest', 'all', '*', 'leader', [], [null], {}, { x: 1 }, [[]], { dist: 'bimodal' },
];

describe('every value of a compact document, swapped for each tricky value or removed', () => {
  it('loads unmutated, with every construct it touches', () => {
    const loaded = check(JSON.stringify(COMPACT));
    if (typeof loaded === 'string') throw new Error(`the unmutated document was refused: ${loaded}`);
    expect(loaded.servers).toEqual(['n1', 'n2', 'n3', 'n4']);
    expect(loaded.spares).toEqual(['n4']);
    expect(loaded.syncLatency).toEqual({ dist: 'constant', valueUs: 1_000 });
    expect(loaded.faults).toHaveLength(COMPACT.faults.length);
    expect(loaded.nemesis?.kinds.map((k) => k.kind)).toEqual(['crash']);
    expect(loaded.expect).toEqual({ verdict: 'violation', violation: 'election-safety', sometimes: ['became-leader'], measures: {}, emptyCapture: 'vacuous' });
    expect(loaded.checks).toMatchObject({ linearizability: true, reportOnly: ['linearizability'], searchStepsMax: 5000 });
  });

  it('never throws anything else', () => {
    const all = paths(COMPACT).filter((p) => p.length > 0);
    expect(all.length).toBeGreaterThan(80);
    for (const path of all) {
      for (const value of TRICKY) {
        check(JSON.stringify(mutate(COMPACT, [{ pick: paths(COMPACT).findIndex((p) => p.join('.') === path.join('.')), kind: 'replace', key: '', value }])));
      }
      check(JSON.stringify(mutate(COMPACT, [{ pick: paths(COMPACT).findIndex((p) => p.join('.') === path.join('.')), kind: 'delete', key: '', value: null }])));
    }
  });
});
