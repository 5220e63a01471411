// Applying link faults (sim/link-faults.ts), connectivity graphs and disk faults
// (sim/disk.ts): targets resolve when the fault fires, like every other fault's.
import type { AppliedFault, FaultableWorld, KernelAction } from './faults.js';
import type { ConnectEntry, FaultAction } from './scenario/types.js';
import { resolveTargets } from './targets.js';

type LinkDiskAction =
  | Extract<FaultAction, { kind: 'link' | 'connect' | 'wipe' | 'lose-synced' | 'corrupt' }>
  | Extract<KernelAction, { kind: 'end-link-fault' }>;

export function applyLinkOrDiskFault(world: FaultableWorld, action: LinkDiskAction, timed: boolean): AppliedFault {
  const ids = (nodes: readonly number[]) => nodes.map((i) => world.hosts[i]!.id);
  const everyone = [...world.serverIndexes, ...world.clientIndexes];
  switch (action.kind) {
    case 'link': {
      const from = action.from === null ? everyone : resolveTargets(world, action.from);
      const to = action.to === null ? everyone : resolveTargets(world, action.to);
      const pairs = from.flatMap((a) => to.filter((b) => b !== a).map((b) => [a, b] as const));
      const id = world.linkFaults.add(pairs, action.settings);
      return {
        detail: { id, fromNodes: ids(from), toNodes: ids(to), links: pairs.length, ...action.settings },
        undo: timed ? { kind: 'end-link-fault', id } : null,
      };
    }
    case 'end-link-fault':
      world.linkFaults.remove(action.id);
      return { detail: { id: action.id }, undo: null };
    case 'connect': {
      const { cut, groups } = connectCuts(world, action.links);
      const partitionId = world.partition(cut);
      return {
        detail: { graph: groups.map((g) => ('group' in g ? ids(g.group) : { from: ids(g.from), to: ids(g.to) })), cut: cut.length },
        undo: timed ? { kind: 'heal-partition', partitionId } : null,
        holds: partitionId,
      };
    }
    case 'wipe':
    case 'lose-synced': {
      const nodes = resolveTargets(world, action.targets);
      const lost: Record<string, number> = {};
      for (const i of nodes) {
        lost[world.hosts[i]!.id] = action.kind === 'wipe' ? world.wipeDisk(i) : world.loseSyncedWrites(i, action.writes);
      }
      const counted = action.kind === 'wipe' ? { erasedKeys: lost } : { lostSynced: lost };
      return {
        detail: { nodes: ids(nodes), ...counted },
        undo: timed && nodes.length > 0 ? { kind: 'restart', targets: ids(nodes) } : null,
      };
    }
    case 'corrupt': {
      const nodes = resolveTargets(world, action.targets);
      const keys: Record<string, string | null> = {};
      for (const i of nodes) keys[world.hosts[i]!.id] = world.corruptDisk(i, action.keyPrefix);
      return { detail: { nodes: ids(nodes), keys }, undo: null };
    }
  }
}

/** A resolved graph entry. */
type ResolvedEntry = { readonly group: number[] } | { readonly from: number[]; readonly to: number[] };

/**
 * The directed links a graph cuts: among the servers and the clients it names, every link
 * it does not list. Clients it does not name keep all their links.
 */
export function connectCuts(world: FaultableWorld, entries: readonly ConnectEntry[]): {
  cut: [number, number][];
  groups: ResolvedEntry[];
} {
  const groups: ResolvedEntry[] = entries.map((e) =>
    'group' in e ? { group: resolveTargets(world, e.group) } : { from: resolveTargets(world, e.from), to: resolveTargets(world, e.to) },
  );
  const n = world.hosts.length;
  const kept = new Set<number>();
  const keep = (a: number, b: number) => kept.add(a * n + b);
  const listed = new Set(world.serverIndexes);
  for (const g of groups) {
    const [from, to] = 'group' in g ? [g.group, g.group] : [g.from, g.to];
    for (const i of [...from, ...to]) listed.add(i);
    for (const a of from) for (const b of to) if (a !== b) keep(a, b);
  }
  const governed = [...listed];
  const cut: [number, number][] = [];
  for (const a of governed) for (const b of governed) if (a !== b && !kept.has(a * n + b)) cut.push([a, b]);
  return { cut, groups };
}
