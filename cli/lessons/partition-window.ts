// Who a partition cuts off, and how available they were while it lasted. The cut-off
// clients are those named in a group of the scenario's first partition that holds fewer
// than a majority of the servers (the minority side); the reachable clients are the
// others. Availability is the kernel's per-client per-window measure (ok / invoked in
// each availability window), averaged over the windows in which a client invoked
// something and that lie wholly inside the partition, ending at least one op timeout
// before it heals: every op of those windows ended (ok, fail or timed out) while the
// partition lasted, so an ok there was served during the partition, not after the heal.
import type { RunResult } from '../../sim/run.js';
import type { Scenario } from '../../sim/scenario/types.js';

export interface PartitionWindow {
  readonly startUs: number;
  readonly endUs: number;
  /** Windows count when they end by this: the heal less one op timeout. */
  readonly countedUntilUs: number;
  readonly cutOff: readonly string[];
  readonly reachable: readonly string[];
}

/** The first partition by groups: when it starts and ends, and which clients it cuts off. */
export function partitionWindow(scenario: Scenario): PartitionWindow | null {
  const faults = [...scenario.faults].sort((a, b) => a.atUs - b.atUs);
  const index = faults.findIndex((f) => f.action.kind === 'partition' && f.action.partition.shape === 'groups');
  const fault = faults[index];
  if (fault === undefined || fault.action.kind !== 'partition' || fault.action.partition.shape !== 'groups') return null;
  const heal = faults.slice(index + 1).find((f) => f.action.kind === 'heal');
  const endUs = fault.forUs !== null ? fault.atUs + fault.forUs : heal !== undefined ? heal.atUs : scenario.durationUs;
  const servers = new Set(scenario.servers);
  const clients = new Set(scenario.clients);
  const cutOff: string[] = [];
  for (const group of fault.action.partition.groups) {
    const serversIn = group.filter((t) => servers.has(t)).length;
    if (2 * serversIn < servers.size) cutOff.push(...group.filter((t) => clients.has(t)));
  }
  const countedUntilUs = endUs - scenario.workload.timeoutUs;
  return { startUs: fault.atUs, endUs, countedUntilUs, cutOff, reachable: scenario.clients.filter((c) => !cutOff.includes(c)) };
}

/** Mean of the clients' availability windows wholly inside the partition (null: none had ops). */
export function partitionAvailability(result: RunResult, window: PartitionWindow, clients: readonly string[]): number | null {
  const availability = result.breakdown?.availability;
  if (availability === undefined || clients.length === 0) return null;
  const widthUs = availability.windowUs;
  let sum = 0;
  let count = 0;
  for (const client of clients) {
    const windows = availability.byClient[client] ?? [];
    windows.forEach((value, w) => {
      const inside = w * widthUs >= window.startUs && (w + 1) * widthUs <= window.countedUntilUs;
      if (inside && value !== null) {
        sum += value;
        count += 1;
      }
    });
  }
  return count === 0 ? null : sum / count;
}
