// Determinism as a property: one scenario + one seed => one trace hash, run after run, with
// or without a trace sink, in this process or another. Random scenarios exercise every
// latency distribution, loss/dup/reorder, fifo, clocks, faults of every kind, a nemesis
// and both workload shapes, with a protocol (gossip) that uses every part of the node API.
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { runScenario, type RunResult } from '../../sim/run.js';
import type { Scenario } from '../../sim/scenario/types.js';
import { firstDifference, type TraceEvent } from '../../sim/trace.js';
import { gossipProtocol } from '../support/gossip-protocol.js';
import { historyProblems } from '../support/history-checks.js';
import { scenarioArb } from '../support/random-scenario.js';
import { makeScenario } from '../support/scenario.js';
import { NEMESIS_EXTRAS, plainKinds } from '../support/nemesis.js';

const here = dirname(fileURLToPath(import.meta.url));
const repoRoot = join(here, '..', '..');

/** Everything a run reports that must not depend on anything but the scenario. */
function fingerprint(r: RunResult) {
  return {
    verdict: r.verdict,
    reason: r.reason,
    traceHash: r.traceHash,
    history: r.history,
    drawn: r.drawn,
    error: r.error,
    stats: { ...r.stats, wallMs: null, speedup: null },
  };
}

function runWithSink(scenario: Scenario): { result: RunResult; events: TraceEvent[] } {
  const events: TraceEvent[] = [];
  const result = runScenario(scenario, gossipProtocol, { traceSink: (e) => events.push(e) });
  return { result, events };
}

/** A busy, fixed scenario (faults of several kinds, a nemesis, a workload). */
function busy(seed: number): Scenario {
  return makeScenario({
    protocol: 'test-gossip',
    config: {},
    seed,
    servers: ['n1', 'n2', 'n3', 'n4', 'n5'],
    clients: ['c1', 'c2', 'c3'],
    durationUs: 300_000,
    network: { latency: { dist: 'lognormal', medianUs: 1_000, p99Us: 10_000 }, drop: 0.02, duplicate: 0.02, reorder: 0.1 },
    clocks: { driftPpm: 50_000, offsetUs: 10_000, nodes: {} },
    workload: { ratePerSecond: 400, timeoutUs: 30_000 },
    faults: [
      { atUs: 50_000, forUs: 40_000, action: { kind: 'partition', partition: { shape: 'groups', groups: [['leader'], ['rest']] } } },
      { atUs: 120_000, forUs: 30_000, action: { kind: 'crash', targets: ['random'] } },
      { atUs: 160_000, forUs: 20_000, action: { kind: 'pause', targets: ['n2'] } },
    ],
    nemesis: {
      kinds: plainKinds('partition', 'crash', 'pause', 'clock', 'loss', 'clog'),
      ...NEMESIS_EXTRAS,
      intervalUs: 30_000,
      durationMinUs: 5_000,
      durationMaxUs: 30_000,
      startUs: 0,
      stopUs: 250_000,
      clockStepMaxUs: 20_000,
      driftMaxPpm: 100_000,
      lossMax: 0.5,
    },
  });
}

describe('determinism', () => {
  it('property: a random scenario run twice (once with a trace sink) gives the same hash, history and stats', () => {
    let sawFaults = 0;
    let sawNemesis = 0;
    let sawOps = 0;
    fc.assert(
      fc.property(scenarioArb(), (scenario) => {
        const plain = runScenario(scenario, gossipProtocol);
        const { result: traced, events } = runWithSink(scenario);
        expect(fingerprint(traced)).toEqual(fingerprint(plain));
        expect(events.length).toBe(plain.stats.traceEvents);
        expect(historyProblems(plain.history, Math.max(1, scenario.clients.length))).toEqual([]);
        // The simulator never throws and never hangs: some verdict always comes back.
        expect(['pass', 'no-progress', 'vacuous', 'budget-exhausted', 'error', 'violation']).toContain(plain.verdict);
        if (plain.stats.faults > 0) sawFaults++;
        if (plain.drawn.nemesis.length > 0) sawNemesis++;
        if (plain.stats.ops.invoked > 0) sawOps++;
      }),
      { numRuns: 50, seed: 20_260_101 },
    );
    // Not vacuous: the generator really produced faults, nemeses and workloads.
    expect(sawFaults).toBeGreaterThan(10);
    expect(sawNemesis).toBeGreaterThan(5);
    expect(sawOps).toBeGreaterThan(10);
  });

  it('property: two traces of the same run are identical event for event', () => {
    fc.assert(
      fc.property(scenarioArb({ durationUsMax: 150_000 }), (scenario) => {
        const a = runWithSink(scenario).events;
        const b = runWithSink(scenario).events;
        expect(firstDifference(a, b)).toBeNull();
      }),
      { numRuns: 10, seed: 7 },
    );
  });

  it('a separate process computes the same hashes', () => {
    const scenarios = fc.sample(scenarioArb(), { numRuns: 10, seed: 99 });
    scenarios.push(busy(1), busy(2));
    const here = scenarios.map((s) => {
      const r = runScenario(s, gossipProtocol);
      return { traceHash: r.traceHash, events: r.stats.events, verdict: r.verdict };
    });
    const child = spawnSync(process.execPath, [join(repoRoot, 'dist/test/support/trace-hash-child.js')], {
      cwd: repoRoot,
      input: JSON.stringify(scenarios),
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(child.stderr).not.toMatch(/Error/);
    expect(child.status).toBe(0);
    const there = JSON.parse(child.stdout.trim().split('\n').pop()!) as unknown;
    expect(there).toEqual(here);
    expect(new Set(here.map((h) => h.traceHash)).size).toBe(scenarios.length);
  });

  it('different seeds give different hashes', () => {
    const hashes = Array.from({ length: 20 }, (_, k) => runScenario(busy(k + 1), gossipProtocol).traceHash);
    expect(new Set(hashes).size).toBe(20);
  });

  it('attaching a trace sink does not change the hash, and the trace shows the first divergence between seeds', () => {
    const plain = runScenario(busy(5), gossipProtocol);
    const { result, events } = runWithSink(busy(5));
    expect(result.traceHash).toBe(plain.traceHash);
    expect(events.length).toBeGreaterThan(1_000);
    expect(new Set(events.map((e) => e.kind))).toEqual(
      new Set(['start', 'fault', 'deliver', 'drop', 'duplicate', 'timer', 'log', 'invoke', 'complete', 'crash', 'restart', 'pause', 'resume']),
    );
    const other = runWithSink(busy(6)).events;
    const diff = firstDifference(events, other);
    expect(diff).not.toBeNull();
    expect(diff!.index).toBeLessThan(events.length);
  });

  it('changing one part of a scenario does not perturb the draws of the others (named streams)', () => {
    const base = busy(3);
    const a = runScenario(base, gossipProtocol);
    const b = runScenario({ ...base, network: { ...base.network, drop: 0.3 }, workload: { ...base.workload, ratePerSecond: 50 } }, gossipProtocol);
    expect(b.drawn).toEqual(a.drawn);
    expect(b.traceHash).not.toBe(a.traceHash);
  });

  it('the hash reflects what happened: the same run with one fault moved by 1us hashes differently', () => {
    const base = busy(4);
    const moved = { ...base, faults: base.faults.map((f, k) => (k === 0 ? { ...f, atUs: f.atUs + 1 } : f)) };
    expect(runScenario(moved, gossipProtocol).traceHash).not.toBe(runScenario(base, gossipProtocol).traceHash);
  });
});
