// The kernel's seams, proven on the toy protocol (test/support/toy-protocol.ts; the other
// seams on the same toy: seams-targets, seams-disk, captures, message-faults): a client
// program of several ops from the protocol's own generator, structured results (a lock
// token), ops of two histories, and the history formats round-tripping all of it.
import { describe, expect, it } from 'vitest';
import { historyToEdn, historyToJson, parseHistory } from '../../checkers/formats/history-io.js';
import type { HistoryOp } from '../../checkers/history.js';
import type { AnyProtocol } from '../../sim/protocol.js';
import type { WorkloadOp } from '../../sim/types.js';
import { runScenario } from '../../sim/run.js';
import { loadScenarioFile, parseScenarioText } from '../../sim/scenario/load.js';
import { PROTOCOLS as REGISTRY } from '../../protocols/registry.js';
import { toyProtocol } from '../support/toy-protocol.js';

const PROTOCOLS = new Map<string, AnyProtocol>([['toy', toyProtocol]]);

function toyScenario(extra = '') {
  const text = `protocol: toy\nnodes: 1\nclients: 3\nduration: 2s\nworkload: { rate: 200/s }\n${extra}`;
  return parseScenarioText(text, 'toy.yaml', { protocols: PROTOCOLS });
}

/** The ops of one client process, invocations only, in order. */
function programOf(history: readonly HistoryOp[], client: string): string[] {
  return history.filter((op) => op.client === client && op.type === 'invoke').map((op) => op.f);
}

describe('toy protocol: a client program from the protocol generator', () => {
  const scenario = toyScenario();
  const result = runScenario(scenario, toyProtocol);

  it('uses the protocol default generator', () => {
    expect(scenario.workload.generator).toBe('default');
  });

  it('runs acquire, write, read, release in order on the client that holds the lock', () => {
    const completions = result.history.filter((op) => op.type !== 'invoke');
    const firstGranted = completions.find((op) => op.f === 'acquire' && op.type === 'ok')!;
    expect(firstGranted).toBeDefined();
    const program = programOf(result.history, firstGranted.client!);
    const start = program.indexOf('acquire', program.findIndex((f) => f === 'write') - 1);
    expect(program.slice(start, start + 4)).toEqual(['acquire', 'write', 'read', 'release']);
  });

  it('returns the token as a structured result, and releases with that token', () => {
    const grants = result.history.filter((op) => op.f === 'acquire' && op.type === 'ok');
    expect(grants.length).toBeGreaterThan(2);
    const tokens = grants.map((op) => (op.value as { token: number }).token);
    expect(tokens).toEqual([...tokens].sort((a, b) => a - b));
    for (const grant of grants) {
      const token = (grant.value as { token: number }).token;
      const release = result.history.find((op) => op.type === 'invoke' && op.f === 'release' && op.client === grant.client && op.index > grant.index);
      if (release !== undefined) expect(release.value).toBe(token);
    }
  });

  it('names the client of every op and the server of every completion it heard from', () => {
    for (const op of result.history) expect(op.client).toMatch(/^c[123]$/);
    const answered = result.history.filter((op) => op.type === 'ok' || op.type === 'fail');
    expect(answered.length).toBeGreaterThan(0);
    for (const op of answered) expect(op.server).toBe('n1');
    expect(result.history.filter((op) => op.type === 'invoke').every((op) => op.server === undefined)).toBe(true);
  });

  it('tags the resource ops with their history', () => {
    const resource = result.history.filter((op) => op.history === 'resource');
    expect(new Set(resource.map((op) => op.f))).toEqual(new Set(['write', 'read']));
    expect(result.history.filter((op) => op.f === 'acquire').every((op) => op.history === undefined)).toBe(true);
  });

  it('round-trips the history through EDN and JSON, structured values included', () => {
    const strip = (ops: readonly HistoryOp[]) => ops.map(({ line: _line, ...op }) => op);
    const edn = historyToEdn(result.history);
    expect(edn).toMatch(/:value \{:token 1\}/);
    expect(edn).toMatch(/:client "c\d", :server "n1"/);
    expect(strip(parseHistory(edn).ops)).toEqual(strip(result.history));
    expect(strip(parseHistory(historyToJson(result.history)).ops)).toEqual(strip(result.history));
  });
});

describe('toy protocol: every check inside run()', () => {
  it('checks each history against its own model, with no checker passed in', () => {
    const result = runScenario(toyScenario(), toyProtocol);
    expect(result.verdict, result.reason).toBe('pass');
    expect(result.histories.map((h) => [h.history, h.model, h.verdict])).toEqual([
      ['main', 'lock', 'linearizable'],
      ['resource', 'register', 'linearizable'],
    ]);
    expect(result.histories.every((h) => h.steps > 0 && h.elapsedMs === null)).toBe(true);
  });

  it('catches a lost write in the resource history while the lock history stays linearizable', () => {
    const result = runScenario(toyScenario('variant: lose-writes\n'), toyProtocol);
    expect(result.verdict).toBe('violation');
    expect(result.violations.map((v) => v.check)).toEqual(['linearizability']);
    expect(result.violations[0]!.message).toMatch(/^resource history \(register\): /);
    expect(result.histories.map((h) => h.verdict)).toEqual(['linearizable', 'not-linearizable']);
  });

  it('only reports a report-only check, and then judges the measures bounds instead', () => {
    const within = runScenario(
      toyScenario('variant: lose-writes\nchecks: { linearizability: report }\nexpect: { measures: { okFraction: { min: 20% } } }\n'),
      toyProtocol,
    );
    expect(within.verdict, within.reason).toBe('pass');
    expect(within.reported.map((v) => v.check)).toEqual(['linearizability']);
    expect(within.histories.map((h) => h.mode)).toEqual(['report', 'report']);
    const outside = runScenario(
      toyScenario('variant: lose-writes\nchecks: { linearizability: report }\nexpect: { measures: { okFraction: { max: 10% } } }\n'),
      toyProtocol,
    );
    expect(outside.verdict).toBe('violation');
    expect(outside.violations).toEqual([
      { check: 'measures', message: `okFraction = ${outside.measures['okFraction']} is above its maximum 0.1`, eventIndex: null, timeUs: null },
    ]);
  });

  it('lets a scenario choose the model of a history', () => {
    const result = runScenario(toyScenario('checks: { models: { main: mutex } }\n'), toyProtocol);
    expect(result.histories[0]!.model).toBe('mutex');
    expect(() => toyScenario('checks: { models: { nope: register } }\n')).toThrow(/checks\.models\.nope: toy records no history "nope"/);
    expect(() => toyScenario('checks: { model: regster }\n')).toThrow(/checks\.model: unknown model "regster" \(did you mean register\?/);
  });

  it('gives an unknown verdict, deterministically, when the step budget runs out', () => {
    // The budget is looked at every 1024 steps and between partitions: a kv history has one per key.
    const file = 'scenarios/raft/happy-path.yaml';
    const scenario = loadScenarioFile(file, { protocols: REGISTRY, overrides: ['checks.searchSteps=1'] });
    const result = runScenario(scenario, REGISTRY.get('raft')!);
    expect(result.verdict).toBe('unknown');
    expect(result.histories[0]!.unknownReason).toBe('steps');
    expect(result.reason).toMatch(/ran out of budget: search stopped: more than checks.searchSteps steps/);
  });
});

describe('toy protocol: the drain', () => {
  it('lets the ops open at the end complete, and states how long that took', () => {
    const slow = 'network: { latency: 40ms }\n';
    const without = runScenario(toyScenario(slow), toyProtocol);
    const drained = runScenario(toyScenario(slow + 'drain: 1s\n'), toyProtocol);
    expect(without.history.filter((op) => op.error === 'run ended').length).toBeGreaterThan(0);
    expect(drained.history.filter((op) => op.error === 'run ended')).toEqual([]);
    expect(drained.drain.configuredUs).toBe(1_000_000);
    expect(drained.drain.usedUs).toBeGreaterThan(0);
    expect(drained.drain.usedUs).toBeLessThan(1_000_000);
    expect(drained.stats.virtualTimeUs).toBe(without.stats.virtualTimeUs + drained.drain.usedUs);
    expect(without.drain).toEqual({ configuredUs: 0, usedUs: 0 });
  });
});

describe('toy protocol: a generator is protocol code', () => {
  /** The toy with its generator replaced. */
  function withGenerator(next: () => WorkloadOp | null, completed?: () => void): AnyProtocol {
    return { ...toyProtocol, workloads: { default: () => ({ next, ...(completed ? { completed } : {}) }) } };
  }

  it('ends the run with verdict error, naming the client and where, when the generator throws', () => {
    const broken = withGenerator(() => {
      throw new Error('no more programs');
    });
    const result = runScenario(toyScenario(), broken);
    expect(result.verdict).toBe('error');
    expect(result.error).toMatchObject({ node: 'c1', handler: 'workload next', message: 'no more programs' });
    const late = runScenario(toyScenario(), withGenerator(() => ({ f: 'read', key: null, value: null }), () => {
      throw new Error('cannot count');
    }));
    expect(late.error).toMatchObject({ handler: 'workload completed', message: 'cannot count' });
  });

  it('reports ops that name a history the protocol does not declare', () => {
    const result = runScenario(toyScenario(), withGenerator(() => ({ f: 'read', key: null, value: null, history: 'audit' })));
    expect(result.verdict).toBe('violation');
    expect(result.violations.map((v) => [v.check, v.message])).toEqual([['histories', 'ops name history "audit", which toy does not declare (Protocol.histories)']]);
  });

  it('reports ops their model cannot read, naming the history entry', () => {
    const result = runScenario(toyScenario(), withGenerator(() => ({ f: 'read', key: null, value: null })));
    expect(result.verdict).toBe('violation');
    expect(result.violations.map((v) => [v.check, v.message])).toEqual([
      ['histories', 'the main history does not fit model lock: expected an operation of model lock (acquire, release), found :read (entry 0)'],
    ]);
  });

  it('lets a client with nothing to do sit out: its arrivals go to the others', () => {
    const result = runScenario(toyScenario(), {
      ...toyProtocol,
      workloads: { default: () => ({ next: (client) => (client.id === 'c2' ? null : { f: 'read', key: null, value: null, history: 'resource' }) }) },
    });
    expect(result.verdict, result.reason).toBe('pass');
    expect(result.history.some((op) => op.client === 'c2')).toBe(false);
    expect(result.history.filter((op) => op.type === 'invoke').length).toBeGreaterThan(300);
  });
});
