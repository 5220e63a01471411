// Properties every run must have, whatever the scenario: time never goes back, no handler
// runs on a node that is down or paused, no message arrives before it was sent, no message
// comes from nowhere, and the history obeys Jepsen's rules.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { runScenario } from '../../sim/run.js';
import type { TraceEvent } from '../../sim/trace.js';
import { gossipProtocol } from '../support/gossip-protocol.js';
import { historyProblems } from '../support/history-checks.js';
import { scenarioArb, withoutFaultKinds } from '../support/random-scenario.js';

/** What the trace says went wrong, one line per problem (empty when all is well). */
function traceProblems(events: readonly TraceEvent[]): string[] {
  const problems: string[] = [];
  const status = new Map<string, 'up' | 'down' | 'paused'>();
  let lastUs = 0;
  for (const e of events) {
    const at = `event ${e.index} (${e.kind} ${e.label} at ${e.node}, ${e.timeUs}us)`;
    if (e.timeUs < lastUs) problems.push(`${at}: time went back from ${lastUs}us`);
    lastUs = e.timeUs;
    switch (e.kind) {
      case 'start':
      case 'restart':
      case 'resume':
        status.set(e.node, 'up');
        break;
      case 'crash':
        status.set(e.node, 'down');
        break;
      case 'pause':
        status.set(e.node, 'paused');
        break;
      case 'deliver':
      case 'timer':
      case 'log':
      case 'invoke':
        if (status.get(e.node) !== 'up') problems.push(`${at}: the node is ${status.get(e.node) ?? 'not started'}`);
        if (e.kind === 'deliver' && !((e.detail!['sentAtUs'] as number) < e.timeUs)) {
          problems.push(`${at}: sent at ${String(e.detail!['sentAtUs'])}us, not before its arrival`);
        }
        break;
      default:
        break;
    }
  }
  return problems;
}

describe('kernel invariants over random scenarios', () => {
  it('property: time, node status, causality, message accounting and history hold in every run', () => {
    fc.assert(
      fc.property(scenarioArb(), (scenario) => {
        const events: TraceEvent[] = [];
        const result = runScenario(scenario, gossipProtocol, { traceSink: (e) => events.push(e) });
        expect(traceProblems(events)).toEqual([]);
        const m = result.stats.messages;
        expect(m.delivered + m.dropped).toBeLessThanOrEqual(m.sent + m.duplicated);
        expect(events.filter((e) => e.kind === 'deliver').length).toBe(m.delivered);
        expect(historyProblems(result.history, Math.max(1, scenario.clients.length))).toEqual([]);
        expect(result.error).toBeNull(); // the gossip protocol never throws
      }),
      { numRuns: 60, seed: 4_242 },
    );
  });

  it('property: with fifo, every link delivers in send order, through clogs and pauses too', () => {
    let links = 0;
    fc.assert(
      fc.property(scenarioArb(), (generated) => {
        const scenario = { ...generated, network: { ...generated.network, fifo: true } };
        const lastSentAt = new Map<string, number>();
        runScenario(scenario, gossipProtocol, {
          traceSink: (e) => {
            if (e.kind !== 'deliver') return;
            const link = `${e.peer!}>${e.node}`;
            const sentAt = e.detail!['sentAtUs'] as number;
            expect(sentAt, `${link} at ${e.timeUs}us`).toBeGreaterThanOrEqual(lastSentAt.get(link) ?? -1);
            lastSentAt.set(link, sentAt);
          },
        });
        links += lastSentAt.size;
      }),
      { numRuns: 40, seed: 777 },
    );
    expect(links).toBeGreaterThan(100);
  });

  it('the trace checker itself catches a handler on a down node and time going back', () => {
    const e = (index: number, kind: TraceEvent['kind'], node: string, timeUs: number, detail?: Record<string, unknown>): TraceEvent => ({
      index,
      kind,
      node,
      timeUs,
      label: kind,
      ...(detail ? { detail } : {}),
    });
    expect(traceProblems([e(0, 'start', 'n1', 0), e(1, 'crash', 'n1', 5), e(2, 'timer', 'n1', 6)]).join()).toMatch(/node is down/);
    expect(traceProblems([e(0, 'start', 'n1', 9), e(1, 'log', 'n1', 3)]).join()).toMatch(/time went back/);
    expect(traceProblems([e(0, 'start', 'n1', 0), e(1, 'deliver', 'n1', 4, { sentAtUs: 4 })]).join()).toMatch(/not before its arrival/);
    expect(traceProblems([e(0, 'start', 'n1', 0), e(1, 'pause', 'n1', 1), e(2, 'deliver', 'n1', 4, { sentAtUs: 2 })]).join()).toMatch(/paused/);
  });
});
