// Applying faults: resolve targets (sim/targets.ts) at the moment a fault fires, turn
// partitions of every shape into cut links, and say how to undo a fault that was given a
// duration (`for:`).
import type { FaultAction, PartitionSpec, Target } from './scenario/types.js';
import type { Captures } from './captures.js';
import { applyLinkOrDiskFault } from './link-disk-fault-actions.js';
import type { LinkFaults } from './link-faults.js';
import { applyMessageFault } from './message-fault-actions.js';
import type { MessageFaults } from './message-faults.js';
import { ForeverFaults, settle } from './settle-phase.js';
import { resolveTargets, type TargetWorld } from './targets.js';
import type { AdminCommand, Micros } from './types.js';

export { resolveTargets } from './targets.js';

/** Actions the kernel adds to the ones scenario files can write. */
export type KernelAction =
  | FaultAction
  | { readonly kind: 'heal-partition'; readonly partitionId: number }
  /** The end of one timed loss / drift / clog fault: removes that fault's layer only. */
  | { readonly kind: 'restore-loss'; readonly layer: number }
  | { readonly kind: 'restore-drift'; readonly nodes: readonly number[]; readonly layer: number }
  | { readonly kind: 'end-clog'; readonly nodes: readonly number[]; readonly layer: number }
  /** The end of one timed pause: ends that pause only (pauses of one node nest). */
  | { readonly kind: 'resume'; readonly targets: readonly Target[]; readonly layer: number }
  /** The end of a link fault's window: that layer only. */
  | { readonly kind: 'end-link-fault'; readonly id: string }
  /** The end of a message fault's window: that rule only. */
  | { readonly kind: 'end-message-fault'; readonly rule: string }
  /** After the last fault: heal, restart, resume and unclog everyone, so progress can be required. */
  | { readonly kind: 'settle' };

/** What the fault layer may do to the world. */
export interface FaultableWorld extends TargetWorld {
  /** The levels of drift, loss and clogs under timed faults (this world's own). */
  readonly faultLevels: FaultLevels;
  crash(node: number): void;
  restart(node: number): void;
  /** Add pause `layer` to the node: it stays paused until every layer on it has ended. */
  pause(node: number, layer: number): void;
  /** End pause `layer`, or every pause of the node when null (an explicit `resume`). */
  resume(node: number, layer: number | null): void;
  stepClock(node: number, stepUs: Micros): void;
  setDrift(node: number, driftPpm: number): void;
  /** Cut the directed links; returns an id to heal exactly this partition later. */
  partition(pairs: readonly (readonly [number, number])[]): number;
  healPartition(partitionId: number): void;
  healAll(): void;
  /** The partitions in force, by id. */
  partitionIds(): readonly number[];
  setLoss(rate: number | null): void;
  setClogged(node: number, clogged: boolean): void;
  /** The active link faults (settings per directed link, for a window). */
  readonly linkFaults: LinkFaults;
  /** Disk faults: each crashes the node (if up) first; they return how many keys were erased or lost. */
  wipeDisk(node: number): number;
  loseSyncedWrites(node: number, writes: number): number;
  /** Change one durable value with the prefix; returns its key, or null when there is none. */
  corruptDisk(node: number, keyPrefix: string): string | null;
  /** The active message faults (drop, delay, duplicate, reorder by filter). */
  readonly messageFaults: MessageFaults;
  readonly captures: Captures;
  readonly nowUs: Micros;
  /** Hand an operator's request to every server that is up. */
  admin(command: AdminCommand): void;
}

export interface AppliedFault {
  /** For the trace and reports: which nodes it hit, and anything else it resolved. */
  readonly detail: Record<string, unknown>;
  /** The action that undoes it, when the fault had a duration. */
  readonly undo: KernelAction | null;
  /** The partition id or pause layer it holds (for `for: forever`), kept out of the trace. */
  readonly holds?: number;
}

/** The directed links a partition cuts. */
export function partitionPairs(world: FaultableWorld, spec: PartitionSpec): {
  pairs: [number, number][];
  groups: number[][];
} {
  const pairs: [number, number][] = [];
  const cutBetween = (a: readonly number[], b: readonly number[], bothWays: boolean) => {
    for (const x of a) {
      for (const y of b) {
        if (x === y) continue;
        pairs.push([x, y]);
        if (bothWays) pairs.push([y, x]);
      }
    }
  };
  switch (spec.shape) {
    case 'groups': {
      // Resolve explicit targets first, then `rest` = servers named in no group.
      const explicit = spec.groups.map((g) => resolveTargets(world, g.filter((t) => t !== 'rest')));
      const named = new Set(explicit.flat());
      const rest = world.serverIndexes.filter((i) => !named.has(i));
      const groups = spec.groups.map((g, k) => (g.includes('rest') ? [...explicit[k]!, ...rest] : explicit[k]!));
      for (let i = 0; i < groups.length; i++) {
        for (let j = i + 1; j < groups.length; j++) cutBetween(groups[i]!, groups[j]!, true);
      }
      return { pairs, groups };
    }
    case 'oneway': {
      const from = resolveTargets(world, spec.from);
      const fromSet = new Set(from);
      const to = resolveTargets(world, spec.to, world.serverIndexes.filter((i) => !fromSet.has(i)));
      cutBetween(from, to, false);
      return { pairs, groups: [from, to] };
    }
    case 'bridge': {
      const via = resolveTargets(world, [spec.via]);
      const others = world.serverIndexes.filter((i) => !via.includes(i));
      const sides =
        spec.sides !== undefined
          ? spec.sides.map((side) => resolveTargets(world, side).filter((i) => !via.includes(i)))
          : [others.slice(0, Math.ceil(others.length / 2)), others.slice(Math.ceil(others.length / 2))];
      for (let i = 0; i < sides.length; i++) {
        for (let j = i + 1; j < sides.length; j++) cutBetween(sides[i]!, sides[j]!, true);
      }
      return { pairs, groups: [...sides, via] };
    }
  }
}

/**
 * Timed faults on a level (a node's drift, the loss rate, a node's clog) may overlap: the
 * nemesis often starts one while another of the same kind holds. Each timed fault is a
 * layer; its end removes only its own layer, and the level returns to the newest layer
 * still active, or to its base (what it was outside timed faults). A fault without `for`
 * sets the base and ends the layers under it; an explicit `unclog` ends every clog.
 */
interface Layered<V> {
  base: V;
  readonly active: { readonly layer: number; readonly value: V }[];
}

export class FaultLevels {
  nextLayer = 1;
  readonly drift = new Map<number, Layered<number>>();
  readonly loss: Layered<number | null> = { base: null, active: [] };
  readonly clog = new Map<number, Layered<boolean>>();
  /** What `for: forever` faults hold: the settle phase leaves it. */
  readonly forever = new ForeverFaults();
}

function current<V>(level: Layered<V>): V {
  const top = level.active[level.active.length - 1];
  return top === undefined ? level.base : top.value;
}

/** Remove one layer (if still there): the level's value afterwards, and whether it changed. */
function removeLayer<V>(level: Layered<V>, layer: number): { changed: boolean; value: V } {
  const before = current(level);
  const k = level.active.findIndex((l) => l.layer === layer);
  if (k >= 0) level.active.splice(k, 1);
  const value = current(level);
  return { changed: value !== before, value };
}

/** A timed fault adds a layer on top; an untimed one sets the base and clears the layers. */
function setLayer<V>(level: Layered<V>, layer: number, value: V, timed: boolean): void {
  if (timed) level.active.push({ layer, value });
  else {
    level.base = value;
    level.active.length = 0;
  }
}

/** The node's level in `byNode`, created with `base` on first use. */
function levelOf<V>(byNode: Map<number, Layered<V>>, node: number, base: () => V): Layered<V> {
  let level = byNode.get(node);
  if (level === undefined) {
    level = { base: base(), active: [] };
    byNode.set(node, level);
  }
  return level;
}

/** Apply one action now; a `forever` fault is also recorded for the settle phase to leave. */
export function applyFault(world: FaultableWorld, action: KernelAction, forUs: Micros | null, forever = false): AppliedFault {
  const applied = applyAction(world, action, forUs);
  if (forever) holdForever(world, action, applied);
  return applied;
}

function holdForever(world: FaultableWorld, action: KernelAction, applied: AppliedFault): void {
  const forever = world.faultLevels.forever;
  const nodes = (applied.detail['nodes'] ?? []) as readonly string[];
  const indexes = nodes.map((id) => world.indexOf(id)!);
  switch (action.kind) {
    case 'partition':
    case 'connect':
      forever.partitions.add(applied.holds!);
      break;
    case 'crash':
    case 'wipe':
    case 'lose-synced':
      indexes.forEach((i) => forever.down.add(i));
      break;
    case 'link':
      forever.links.add(applied.detail['id'] as string);
      break;
    case 'pause':
      forever.pauseLayers.add(applied.holds!);
      break;
    case 'clog':
      indexes.forEach((i) => forever.clogged.add(i));
      break;
    case 'loss':
      forever.loss = true;
      break;
    case 'drop':
    case 'delay':
    case 'duplicate':
    case 'reorder':
      forever.rules.add(applied.detail['rule'] as string);
      break;
    default:
      break; // drift: the settle phase never restores it; the rest are instants
  }
}

function applyAction(world: FaultableWorld, action: KernelAction, forUs: Micros | null): AppliedFault {
  const ids = (nodes: readonly number[]) => nodes.map((i) => world.hosts[i]!.id);
  const timed = forUs !== null;
  switch (action.kind) {
    case 'drop':
    case 'delay':
    case 'duplicate':
    case 'reorder':
    case 'end-message-fault':
      return applyMessageFault(world, action, timed);
    case 'link':
    case 'end-link-fault':
    case 'connect':
    case 'wipe':
    case 'lose-synced':
    case 'corrupt':
      return applyLinkOrDiskFault(world, action, timed);
    case 'capture':
      return { detail: { bindings: world.captures.capture(world, action.bindings, world.nowUs) }, undo: null };
    case 'partition': {
      const { pairs, groups } = partitionPairs(world, action.partition);
      const partitionId = world.partition(pairs);
      return {
        detail: { shape: action.partition.shape, groups: groups.map(ids), links: pairs.length },
        undo: timed ? { kind: 'heal-partition', partitionId } : null,
        holds: partitionId,
      };
    }
    case 'heal-partition':
      world.healPartition(action.partitionId);
      return { detail: { partition: action.partitionId }, undo: null };
    case 'heal':
      world.healAll();
      world.faultLevels.forever.partitions.clear();
      return { detail: {}, undo: null };
    case 'crash': {
      const nodes = resolveTargets(world, action.targets);
      for (const i of nodes) world.crash(i);
      return {
        detail: { nodes: ids(nodes) },
        undo: timed && nodes.length > 0 ? { kind: 'restart', targets: ids(nodes) } : null,
      };
    }
    case 'pause': {
      const nodes = resolveTargets(world, action.targets);
      const layer = world.faultLevels.nextLayer++;
      for (const i of nodes) world.pause(i, layer);
      return {
        detail: { nodes: ids(nodes) },
        undo: timed && nodes.length > 0 ? { kind: 'resume', targets: ids(nodes), layer } : null,
        holds: layer,
      };
    }
    case 'clog': {
      const nodes = resolveTargets(world, action.targets);
      const levels = world.faultLevels;
      const layer = levels.nextLayer++;
      for (const i of nodes) {
        setLayer(levelOf(levels.clog, i, () => false), layer, true, timed);
        world.setClogged(i, true);
      }
      return {
        detail: { nodes: ids(nodes) },
        undo: timed && nodes.length > 0 ? { kind: 'end-clog', nodes, layer } : null,
      };
    }
    case 'end-clog': {
      const levels = world.faultLevels;
      for (const i of action.nodes) {
        const level = levels.clog.get(i);
        if (level === undefined) continue;
        const after = removeLayer(level, action.layer);
        if (after.changed) world.setClogged(i, after.value);
      }
      return { detail: { nodes: ids(action.nodes) }, undo: null };
    }
    case 'restart':
    case 'resume':
    case 'unclog': {
      const nodes = resolveTargets(world, action.targets);
      for (const i of nodes) {
        if (action.kind === 'restart') {
          world.faultLevels.forever.down.delete(i); // an explicit restart ends even a forever crash
          world.restart(i);
        } else if (action.kind === 'resume') world.resume(i, 'layer' in action ? action.layer : null);
        else {
          world.faultLevels.clog.delete(i); // every clog of the node ends, forever ones too
          world.faultLevels.forever.clogged.delete(i);
          world.setClogged(i, false);
        }
      }
      return { detail: { nodes: ids(nodes) }, undo: null };
    }
    case 'membership': {
      // One server: a role resolves to its one holder; a group or keyword to its first.
      const node = resolveTargets(world, [action.target])[0];
      if (node !== undefined) world.admin({ name: 'membership', change: action.change, node: world.hosts[node]!.id });
      return { detail: { change: action.change, node: node === undefined ? null : world.hosts[node]!.id }, undo: null };
    }
    case 'clock-step': {
      const nodes = resolveTargets(world, action.targets);
      for (const i of nodes) world.stepClock(i, action.stepUs);
      return { detail: { nodes: ids(nodes), stepUs: action.stepUs }, undo: null };
    }
    case 'drift': {
      const nodes = resolveTargets(world, action.targets);
      const levels = world.faultLevels;
      const layer = levels.nextLayer++;
      for (const i of nodes) {
        setLayer(levelOf(levels.drift, i, () => world.hosts[i]!.clock.driftPpm), layer, action.driftPpm, timed);
        world.setDrift(i, action.driftPpm);
      }
      return {
        detail: { nodes: ids(nodes), driftPpm: action.driftPpm },
        undo: timed ? { kind: 'restore-drift', nodes, layer } : null,
      };
    }
    case 'restore-drift': {
      const levels = world.faultLevels;
      for (const i of action.nodes) {
        const level = levels.drift.get(i);
        if (level === undefined) continue;
        const after = removeLayer(level, action.layer);
        if (after.changed) world.setDrift(i, after.value);
      }
      return { detail: { nodes: ids(action.nodes) }, undo: null };
    }
    case 'loss': {
      const levels = world.faultLevels;
      const layer = levels.nextLayer++;
      setLayer(levels.loss, layer, action.drop, timed);
      world.setLoss(action.drop);
      return { detail: { drop: action.drop }, undo: timed ? { kind: 'restore-loss', layer } : null };
    }
    case 'restore-loss': {
      const after = removeLayer(world.faultLevels.loss, action.layer);
      if (after.changed) world.setLoss(after.value);
      return { detail: {}, undo: null };
    }
    case 'settle':
      return { detail: { revived: settle(world) }, undo: null };
  }
}
