// The summary figures of a saga run, from the events nodes log: sagas completed and
// compensated, retries, deliveries per broker message (1.0 = no redelivery), dead
// letters, services answering from their processed-message table, and saga latency
// (start to end at the orchestrator, its own clock) p50/p99.
import { percentile } from '../../checkers/measures/op-stats.js';
import type { ProtocolStats } from '../../sim/protocol.js';
import type { NodeId } from '../../sim/types.js';

export class SagaStats implements ProtocolStats {
  private completed = 0;
  private compensated = 0;
  private retries = 0;
  private deliveries = 0;
  private deadLetters = 0;
  private duplicates = 0;
  private resumed = 0;
  private readonly messages = new Set<string>();
  private readonly latenciesUs: number[] = [];

  onEvent(_node: NodeId, name: string, fields: Readonly<Record<string, unknown>>): void {
    switch (name) {
      case 'ended':
        if (fields['completed'] === true) this.completed++;
        else this.compensated++;
        this.latenciesUs.push(fields['latencyUs'] as number);
        return;
      case 'retried':
        this.retries++;
        return;
      case 'delivered':
        this.deliveries++;
        this.messages.add(fields['id'] as string);
        return;
      case 'dead-lettered':
        this.deadLetters++;
        return;
      case 'duplicate':
        this.duplicates++;
        return;
      case 'resumed':
        this.resumed += fields['sagas'] as number;
        return;
      default:
        return;
    }
  }

  result(): Record<string, number> {
    const latencies = Float64Array.from(this.latenciesUs).sort();
    return {
      sagasCompleted: this.completed,
      sagasCompensated: this.compensated,
      retries: this.retries,
      deliveriesPerMessage: this.messages.size === 0 ? 0 : this.deliveries / this.messages.size,
      deadLetters: this.deadLetters,
      duplicatesAnswered: this.duplicates,
      sagasResumed: this.resumed,
      sagaLatencyP50Us: percentile(latencies, 0.5) ?? 0,
      sagaLatencyP99Us: percentile(latencies, 0.99) ?? 0,
    };
  }
}

export const SAGA_STAT_LABELS: Readonly<Record<string, string>> = {
  sagasCompleted: 'sagas completed',
  sagasCompensated: 'sagas compensated',
  retries: 'retries',
  deliveriesPerMessage: 'deliveries per message',
  deadLetters: 'dead letters',
  duplicatesAnswered: 'duplicates answered from the table',
  sagasResumed: 'sagas resumed after a crash',
  sagaLatencyP50Us: 'saga latency p50',
  sagaLatencyP99Us: 'saga latency p99',
};
