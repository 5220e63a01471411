// --nemesis-out's promise: a scenario whose nemesis is written out as plain faults replays
// to the same trace hash, for any seed, any protocol, and every nemesis kind (weights,
// targets and forever draws included). The written file goes through YAML and back.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PROTOCOLS } from '../../protocols/registry.js';
import { runScenario } from '../../sim/run.js';
import { withDrawnFaults } from '../../sim/scenario/explicit.js';
import { parseScenarioText, readScenarioDocument, scenarioFromDocument } from '../../sim/scenario/index.js';
import { scenarioYaml } from '../../cli/output/scenario-yaml.js';

const FILES = [
  'scenarios/raft/random-faults.yaml',
  'scenarios/paxos/multi-paxos-random-faults.yaml',
  'scenarios/2pc/random-faults.yaml',
  'scenarios/quorum/random-faults.yaml',
  'scenarios/redlock/random-faults.yaml',
];

/** Every kind, with weights, set and node targets, and forever draws. */
const EVERY_KIND = {
  partition: 2,
  crash: { weight: 1, target: ['any', 'servers'], forever: '30%' },
  pause: { target: 'servers', forever: '30%' },
  clock: 1,
  loss: { weight: 0.5 },
  clog: 1,
  'client-pause': 1,
  'client-crash': { target: 'clients' },
  'client-clock': 1,
  duplicate: 1,
  reorder: { target: 'servers' },
  latency: 1,
  disk: { target: 'servers', forever: '20%' },
};

/** A short run of the file's scenario, its nemesis kept (or given every kind). */
function shortDocument(file: string, seed: number, everyKind: boolean): Record<string, unknown> {
  const doc = readScenarioDocument(file, { protocols: PROTOCOLS, seed });
  const nemesis: Record<string, unknown> = { ...(doc['nemesis'] as Record<string, unknown>), start: '300ms', stop: '2500ms', interval: '250ms', foreverMax: 2 };
  if (everyKind) nemesis['kinds'] = EVERY_KIND;
  return { ...doc, duration: '4s', nemesis };
}

function hashOf(doc: Record<string, unknown>, file: string) {
  const scenario = scenarioFromDocument(doc, file, { protocols: PROTOCOLS });
  return runScenario(scenario, PROTOCOLS.get(scenario.protocol)!);
}

describe('--nemesis-out', () => {
  it('the written-out schedule replays to the same trace hash (seeds x protocols x kinds)', () => {
    fc.assert(
      fc.property(fc.constantFrom(...FILES), fc.integer({ min: 0, max: 1_000_000 }), fc.boolean(), (file, seed, everyKind) => {
        const doc = shortDocument(file, seed, everyKind);
        const drawnRun = hashOf(doc, file);
        expect(drawnRun.drawn.nemesis.length).toBeGreaterThan(0);
        const text = scenarioYaml(withDrawnFaults(doc, drawnRun.drawn.nemesis), ['written out']);
        const explicit = parseScenarioText(text, 'written.yaml', { protocols: PROTOCOLS });
        expect(explicit.nemesis).toBeNull();
        const replay = runScenario(explicit, PROTOCOLS.get(explicit.protocol)!);
        expect(replay.traceHash, `${file} --seed ${seed}${everyKind ? ' (every kind)' : ''}`).toBe(drawnRun.traceHash);
        expect(replay.verdict).toBe(drawnRun.verdict);
      }),
      { numRuns: 14, seed: 17 },
    );
  });
});
