// Each protocol's declared events and message types hold for real runs: every event its
// nodes log is declared, with the declared field types, and every message is of a
// declared type. (The compiler checks the call sites; this checks what actually ran.)
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { eventProblems } from '../../sim/events.js';
import { parseScenarioText } from '../../sim/scenario/index.js';
import { PROTOCOLS } from '../../protocols/registry.js';
import { runTraced } from '../support/traced.js';

const RUNS = [
  'scenarios/raft/snapshot-catch-up.yaml',
  'scenarios/raft/leader-crash.yaml',
  'scenarios/raft/truncate-on-stale-append.yaml',
  'scenarios/primary-backup/failover-loses-writes.yaml',
  'scenarios/saga/partitioned-service.yaml',
  'scenarios/saga/choreographed-service-crash.yaml',
];

describe('declared events and message types', () => {
  for (const file of RUNS) {
    it(`${file}: every log event and message is declared, with its field types`, () => {
      const scenario = parseScenarioText(readFileSync(file, 'utf8'), file, { protocols: PROTOCOLS });
      const protocol = PROTOCOLS.get(scenario.protocol)!;
      const { events } = runTraced(scenario, protocol);
      const logged = events.filter((e) => e.kind === 'log');
      expect(logged.length).toBeGreaterThan(0);
      const problems = new Set(logged.flatMap((e) => eventProblems(protocol.events!, e.label, e.detail ?? {})));
      expect([...problems]).toEqual([]);
      const types = new Set(events.filter((e) => e.kind === 'deliver').map((e) => e.label));
      expect([...types].filter((t) => !protocol.messageTypes!.includes(t))).toEqual([]);
    });
  }

  it('the check itself finds an undeclared event, a missing or extra field, and a wrong type', () => {
    const catalog = { commit: { index: 'number', leader: 'string|null' } } as const;
    expect(eventProblems(catalog, 'commit', { index: 3, leader: null })).toEqual([]);
    expect(eventProblems(catalog, 'comit', {})).toEqual(['event "comit" is not declared']);
    expect(eventProblems(catalog, 'commit', { index: '3', leader: 'n1', extra: 1 })).toEqual([
      'commit.index: expected number, got "3"',
      'commit.extra: not declared',
    ]);
    expect(eventProblems(catalog, 'commit', { leader: 'n1' })).toEqual(['commit.index: expected number, got undefined']);
  });
});
