// What a hand-driven cluster is built from, and its servers' ids and service groups.
import type { NodeId } from '../../../sim/types.js';
import type { ClockOptions } from './clocks.js';

export interface HarnessOptions extends ClockOptions {
  /** Servers n1..nN (default 3); or `services` instead. */
  readonly servers?: number;
  /** Service groups: name -> count (ids `<name>-1..`), each of the protocol's kind of that name. */
  readonly services?: Readonly<Record<string, number>>;
  /** Clients c1..cN built by the protocol's createClient (default 0). */
  readonly clients?: number;
  /** The `config:` block, parsed with the protocol's schema (defaults filled in). */
  readonly config?: Record<string, unknown>;
  readonly variant?: string | null;
  /** Seeds the latencies and every node's random stream (default 7). */
  readonly seed?: number;
  /** Latency for run(): uniform in [min, max] microseconds (default 1-5 ms). */
  readonly latencyUs?: readonly [number, number];
  /** Feed events to the protocol's invariants (default true). */
  readonly invariants?: boolean;
  /** Throw when a handler throws (default), or record it in `errors`. */
  readonly recordErrors?: boolean;
}

export interface Layout {
  readonly ids: NodeId[];
  readonly groupOf: Map<NodeId, string>;
  /** Group name -> server ids, as ProtocolSetup.services (empty without services). */
  readonly services: Record<string, NodeId[]>;
}

/** Servers n1..nN, or `<group>-1..` per service group in declaration order. */
export function layOut(options: HarnessOptions): Layout {
  const layout: Layout = { ids: [], groupOf: new Map(), services: {} };
  if (options.services === undefined) {
    for (let i = 1; i <= (options.servers ?? 3); i++) layout.ids.push(`n${i}`);
    return layout;
  }
  for (const [group, count] of Object.entries(options.services)) {
    const ids = Array.from({ length: count }, (_, k) => `${group}-${k + 1}`);
    layout.services[group] = ids;
    for (const id of ids) {
      layout.ids.push(id);
      layout.groupOf.set(id, group);
    }
  }
  return layout;
}
