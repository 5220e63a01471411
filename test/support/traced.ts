// Run a scenario with a trace sink attached and hand back every trace event with the result.
import type { AnyProtocol } from '../../sim/protocol.js';
import { runScenario, type RunOptions, type RunResult } from '../../sim/run.js';
import type { Scenario } from '../../sim/scenario/types.js';
import type { TraceEvent } from '../../sim/trace.js';

export interface TracedRun {
  readonly result: RunResult;
  readonly events: readonly TraceEvent[];
}

export function runTraced(scenario: Scenario, protocol: AnyProtocol, options: Omit<RunOptions, 'traceSink'> = {}): TracedRun {
  const events: TraceEvent[] = [];
  const result = runScenario(scenario, protocol, { ...options, traceSink: (e) => events.push(e) });
  return { result, events };
}

/** A delivered message as the trace shows it (the world records sentAtUs and msg when a sink is attached). */
export interface Delivery {
  readonly index: number;
  readonly atUs: number;
  readonly from: string;
  readonly to: string;
  readonly sentAtUs: number;
  readonly msg: Record<string, unknown>;
}

export function deliveries(events: readonly TraceEvent[]): Delivery[] {
  return events
    .filter((e) => e.kind === 'deliver')
    .map((e) => ({
      index: e.index,
      atUs: e.timeUs,
      from: e.peer!,
      to: e.node,
      sentAtUs: e.detail!['sentAtUs'] as number,
      msg: e.detail!['msg'] as Record<string, unknown>,
    }));
}

export interface Drop {
  readonly atUs: number;
  readonly from: string;
  readonly to: string;
  readonly reason: string;
  readonly msg: Record<string, unknown>;
}

export function drops(events: readonly TraceEvent[]): Drop[] {
  return events
    .filter((e) => e.kind === 'drop')
    .map((e) => ({
      atUs: e.timeUs,
      from: e.peer!,
      to: e.node,
      reason: e.detail!['reason'] as string,
      msg: e.detail!['msg'] as Record<string, unknown>,
    }));
}

/** Protocol log events of one name. */
export function logs(events: readonly TraceEvent[], name: string, node?: string): TraceEvent[] {
  return events.filter((e) => e.kind === 'log' && e.label === name && (node === undefined || e.node === node));
}

/** Group by directed link `from>to`. */
export function byLink<T extends { from: string; to: string }>(items: readonly T[]): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of items) {
    const key = `${item.from}>${item.to}`;
    const list = out.get(key) ?? [];
    list.push(item);
    out.set(key, list);
  }
  return out;
}
