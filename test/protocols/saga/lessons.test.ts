// The saga lessons measure what they say: the isolation scenario observes dirty reads
// (and fails when nothing is compensated, so its check can fail), the retry storm costs
// more retries without backoff and the breaker cuts them, a dead letter nobody redrives
// is reported, a partitioned service opens its breaker.
import { describe, expect, test } from 'vitest';
import { runScenario } from '../../../sim/run.js';
import { PROTOCOLS } from '../../../protocols/registry.js';
import { loadSaga, runSaga } from './sweep-support.js';

function figures(file: string, seed: number, set: readonly string[] = []) {
  const scenario = loadSaga(file, set);
  const result = runScenario({ ...scenario, seed }, PROTOCOLS.get(scenario.protocol)!, { measures: false });
  return { verdict: result.verdict, reason: result.reason, sent: result.stats.messages.sent, p: result.stats.protocol };
}

describe('saga lessons', () => {
  test('isolation: two sagas on the same stock show dirty reads, and sales lost to them, on every seed tried', () => {
    for (const seed of [1, 2, 3]) {
      const f = figures('isolation-dirty-read.yaml', seed);
      expect(f.verdict, f.reason).toBe('pass');
      expect(f.p['dirtyReads']).toBeGreaterThan(0);
      expect(f.p['salesLostToDirtyReads']).toBeGreaterThan(0);
      expect(f.p['salesLostToDirtyReads']).toBeLessThanOrEqual(f.p['dirtyReads']!);
    }
  });

  test('isolation: with no payment declined nothing is compensated, so no dirty read, and the lesson fails', () => {
    const f = figures('isolation-dirty-read.yaml', 1, ['config.declineAbove=1000', 'config.stock=100000']);
    expect(f.p['dirtyReads']).toBe(0);
    expect(f.verdict).toBe('violation');
    expect(f.reason).toMatch(/dirtyReads = 0 is below its minimum 1/);
  });

  test('retry storm: without backoff the same outage costs more retries and messages; the breaker cuts both', () => {
    for (const seed of [1, 2]) {
      const storm = figures('retry-storm.yaml', seed);
      const jitter = figures('retry-storm.yaml', seed, ['config.retryBackoff=full-jitter']);
      const breaker = figures('retry-storm-backoff.yaml', seed);
      for (const f of [storm, jitter, breaker]) expect(f.verdict, f.reason).toBe('pass');
      expect(storm.p['retries']).toBeGreaterThan(2 * jitter.p['retries']!);
      expect(storm.sent).toBeGreaterThan(jitter.sent);
      expect(breaker.p['breakerOpenings']).toBeGreaterThan(0);
      expect(breaker.p['shortCircuited']).toBeGreaterThan(0);
      expect(breaker.p['retries']).toBeLessThan(jitter.p['retries']!);
      expect(storm.p['breakerOpenings']).toBe(0);
    }
  });

  test('dead letters: redriven they are accounted for; never redriven, the check names one', () => {
    expect(runSaga('choreographed-service-crash.yaml', 1).verdict).toBe('pass');
    const lost = runSaga('choreographed-service-crash.yaml', 1, ['config.deadLetterRedriveUs=0', 'expect.sometimes=[dead-lettered]']);
    expect(lost.violated).toContain('dead-letters-accounted-for');
  });

  test('a partitioned service opens its breaker, which closes again after the heal', () => {
    const f = figures('partitioned-service.yaml', 1);
    expect(f.verdict, f.reason).toBe('pass');
    expect(f.p['breakerOpenings']).toBeGreaterThan(0);
    expect(f.p['breakerOpenUs']).toBeGreaterThan(0);
    expect(f.p['breakerLastClosedUs']).toBeGreaterThan(f.p['breakerFirstOpenUs']!);
  });

  test('a broker that keeps its queues in memory loses confirmed events in a crash; the durable one, and the orchestrator, do not', () => {
    const passing = ['expect.verdict=pass', 'expect.violation=null'];
    const orchestrated = ['protocol=saga-orchestrated', 'services={broker: {count: 1}, orchestrator: {count: 1}, order: {count: 1}, inventory: {count: 1}, payment: {count: 1}}'];
    expect(runSaga('choreographed-broker-not-durable.yaml', 1).violated).toContain('semantic-atomicity');
    expect(runSaga('choreographed-broker-not-durable.yaml', 1, ['config.brokerDurable=true', ...passing]).verdict).toBe('pass');
    expect(runSaga('choreographed-broker-not-durable.yaml', 1, [...orchestrated, ...passing]).verdict).toBe('pass');
  });

  test('expect.measures takes the protocol\'s own figures; a misspelt one is one line naming the known ones', () => {
    expect(loadSaga('isolation-dirty-read.yaml').expect.measures['dirtyReads']).toEqual({ min: 1, max: null });
    expect(() => loadSaga('isolation-dirty-read.yaml', ['expect.measures={dirtyRead: {min: 1}}'])).toThrow(
      /^scenarios\/saga\/isolation-dirty-read\.yaml: expect\.measures\.dirtyRead: unknown measure "dirtyRead" \(did you mean dirtyReads\?/,
    );
  });
});
