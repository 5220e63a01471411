// Same scenario + same seed = the same run, for both Paxos protocols under their random
// nemesis: the trace hash, the history and the figures agree run after run, with or without
// a trace sink attached; different seeds differ.
import { describe, expect, it } from 'vitest';
import { PROTOCOLS } from '../../../protocols/registry.js';
import { runScenario } from '../../../sim/run.js';
import { loadScenarioIn } from '../raft/sweep.js';

describe.each(['random-faults', 'multi-paxos-random-faults'])('%s determinism', (name) => {
  const scenario = loadScenarioIn('scenarios/paxos', name);
  const protocol = PROTOCOLS.get(scenario.protocol)!;
  const run = (seed: number, sink: boolean) =>
    runScenario({ ...scenario, seed }, protocol, sink ? { traceSink: () => {} } : {});

  it('runs twice (once with a trace sink) to the same hash, history and figures', () => {
    for (const seed of [1, 2]) {
      const a = run(seed, false);
      const b = run(seed, true);
      expect(b.traceHash).toBe(a.traceHash);
      expect(b.history).toEqual(a.history);
      expect(b.stats.protocol).toEqual(a.stats.protocol);
      expect(b.verdict).toBe(a.verdict);
    }
  });

  it('different seeds give different runs', () => {
    expect(run(3, false).traceHash).not.toBe(run(4, false).traceHash);
  });
});
