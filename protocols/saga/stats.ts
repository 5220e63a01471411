// The summary figures of a saga run, from the events nodes log: sagas completed and
// compensated, retries, deliveries per broker message (1.0 = no redelivery), dead
// letters and redrives, services answering from their processed-message table, saga
// latency (start to end at the node that ran it, its own clock) p50/p99, the circuit
// breakers over time (breaker-stats.ts) and the dirty reads (isolation.ts).
import { percentile } from '../../checkers/measures/op-stats.js';
import type { ProtocolStats } from '../../sim/protocol.js';
import type { NodeId } from '../../sim/types.js';
import { BreakerTimeline } from './breaker-stats.js';
import { DirtyReads } from './isolation.js';

/** Events counted as they are: event name -> figure. */
const COUNTED: Readonly<Record<string, string>> = {
  retried: 'retries',
  'dead-lettered': 'deadLetters',
  redriven: 'redriven',
  duplicate: 'duplicatesAnswered',
  'short-circuited': 'shortCircuited',
};

export class SagaStats implements ProtocolStats {
  private completed = 0;
  private compensated = 0;
  private deliveries = 0;
  private resumed = 0;
  private readonly counts = new Map<string, number>(Object.values(COUNTED).map((figure) => [figure, 0]));
  /** Messages delivered (first deliveries). */
  private messages = 0;
  private readonly latenciesUs: number[] = [];
  private readonly breakers = new BreakerTimeline();
  private readonly dirtyReads = new DirtyReads();

  onEvent(node: NodeId, name: string, fields: Readonly<Record<string, unknown>>, timeUs: number): void {
    switch (name) {
      case 'deliveries':
        this.messages += fields['messages'] as number;
        this.deliveries += (fields['messages'] as number) + (fields['redeliveries'] as number);
        return;
      case 'ended':
        if (fields['completed'] === true) this.completed++;
        else this.compensated++;
        this.latenciesUs.push(fields['latencyUs'] as number);
        return;
      case 'resumed':
        this.resumed += fields['sagas'] as number;
        return;
      case 'stock':
      case 'refused':
      case 'order':
        return this.dirtyReads.onEvent(name, fields);
      case 'breaker':
      case 'crash':
        return this.breakers.onEvent(node, name, fields, timeUs);
    }
    const counted = COUNTED[name];
    if (counted !== undefined) this.counts.set(counted, this.counts.get(counted)! + 1);
  }

  result(endUs: number): Record<string, number> {
    const latencies = Float64Array.from(this.latenciesUs).sort();
    return {
      sagasCompleted: this.completed,
      sagasCompensated: this.compensated,
      ...Object.fromEntries(this.counts),
      deliveriesPerMessage: this.messages === 0 ? 0 : this.deliveries / this.messages,
      sagasResumed: this.resumed,
      sagaLatencyP50Us: percentile(latencies, 0.5) ?? 0,
      sagaLatencyP99Us: percentile(latencies, 0.99) ?? 0,
      ...this.breakers.result(endUs),
      ...this.dirtyReads.result(),
    };
  }
}

export const SAGA_STAT_LABELS: Readonly<Record<string, string>> = {
  sagasCompleted: 'sagas completed',
  sagasCompensated: 'sagas compensated',
  retries: 'retries',
  deadLetters: 'dead letters',
  redriven: 'dead letters redriven',
  duplicatesAnswered: 'duplicates answered from the table',
  shortCircuited: 'calls refused by an open breaker',
  deliveriesPerMessage: 'deliveries per message',
  sagasResumed: 'sagas resumed after a crash',
  sagaLatencyP50Us: 'saga latency p50',
  sagaLatencyP99Us: 'saga latency p99',
  breakerOpenings: 'breaker openings',
  breakerOpenUs: 'time breakers were open (summed)',
  breakerHalfOpenUs: 'time breakers were half-open (summed)',
  breakerFirstOpenUs: 'first breaker opening (-1: none)',
  breakerLastClosedUs: 'last breaker closing (-1: none)',
  dirtyReads: 'sagas that read a reservation later compensated',
  salesLostToDirtyReads: 'of those, refused for want of stock',
};
