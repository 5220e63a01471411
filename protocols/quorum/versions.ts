// Versions of a key. A replica keeps a list of siblings: with last-write-wins exactly one,
// the one with the greatest (timestamp, coordinator) stamp; with vector clocks every
// version no other version descends from (concurrent writes are all kept, and a client's
// next write, carrying the merged clock it read, supersedes them). A delete is a sibling
// too: a tombstone, so that it can win against older values.
import type { KvValue } from '../kv/commands.js';
import type { NodeId, Micros } from '../../sim/types.js';

/** One vector clock entry: a coordinator, its counter, and its local time at the last increment. */
export interface ClockEntry {
  readonly node: NodeId;
  readonly counter: number;
  readonly stampUs: Micros;
}

/** Entries sorted by node id. Immutable. */
export type VectorClock = readonly ClockEntry[];

export interface Sibling {
  readonly value: KvValue;
  readonly deleted: boolean;
  /** LWW: the coordinator's local clock when it accepted the write, and its id to break ties. */
  readonly stampUs: Micros;
  readonly coordinator: NodeId;
  /** Vector clock (vclock mode); empty under LWW. */
  readonly clock: VectorClock;
}

export type Order = 'before' | 'after' | 'equal' | 'concurrent';

/** How clock a relates to clock b. */
export function compareClocks(a: VectorClock, b: VectorClock): Order {
  let aBigger = false;
  let bBigger = false;
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    const ea = a[i];
    const eb = b[j];
    if (eb === undefined || (ea !== undefined && ea.node < eb.node)) {
      if (ea!.counter > 0) aBigger = true;
      i++;
    } else if (ea === undefined || eb.node < ea.node) {
      if (eb.counter > 0) bBigger = true;
      j++;
    } else {
      if (ea.counter > eb.counter) aBigger = true;
      if (eb.counter > ea.counter) bBigger = true;
      i++;
      j++;
    }
  }
  if (aBigger && bBigger) return 'concurrent';
  if (aBigger) return 'after';
  if (bBigger) return 'before';
  return 'equal';
}

/** The pointwise maximum of clocks. */
export function mergeClocks(clocks: readonly VectorClock[]): VectorClock {
  const byNode = new Map<NodeId, ClockEntry>();
  for (const clock of clocks) {
    for (const e of clock) {
      const seen = byNode.get(e.node);
      if (seen === undefined || e.counter > seen.counter) byNode.set(e.node, e);
    }
  }
  return [...byNode.values()].sort((a, b) => (a.node < b.node ? -1 : a.node > b.node ? 1 : 0));
}

/**
 * `clock` with `node`'s counter incremented past both its entry in `clock` and `floor` (the
 * highest counter the coordinator ever gave: two blind writes through one coordinator must
 * not get the same clock), stamped with the coordinator's local time.
 */
export function incrementClock(clock: VectorClock, node: NodeId, nowUs: Micros, floor = 0): VectorClock {
  const current = Math.max(floor, clock.find((e) => e.node === node)?.counter ?? 0);
  return mergeClocks([clock.filter((e) => e.node !== node), [{ node, counter: current + 1, stampUs: nowUs }]]);
}

/** Drop the least recently incremented entries beyond `entriesMax` (Riak's pruning). */
export function pruneClock(clock: VectorClock, entriesMax: number): VectorClock {
  if (entriesMax <= 0 || clock.length <= entriesMax) return clock;
  const keep = [...clock].sort((a, b) => b.stampUs - a.stampUs || (a.node < b.node ? -1 : 1)).slice(0, entriesMax);
  return mergeClocks([keep]);
}

/** LWW order: greater stamp wins; equal stamps are ordered by coordinator id. */
export function lwwNewer(a: Sibling, b: Sibling): boolean {
  return a.stampUs > b.stampUs || (a.stampUs === b.stampUs && a.coordinator > b.coordinator);
}

/**
 * Combine what a replica holds with what it received. LWW keeps the newest; vclock keeps
 * every sibling that no other sibling descends from. Returns `current` itself when nothing
 * changes, so callers can skip a disk write.
 */
export function reconcile(current: readonly Sibling[], incoming: readonly Sibling[], vclock: boolean): readonly Sibling[] {
  let result = current;
  for (const s of incoming) result = vclock ? addConcurrent(result, s) : addLww(result, s);
  return result;
}

function addLww(current: readonly Sibling[], s: Sibling): readonly Sibling[] {
  const held = current[0];
  return held === undefined || lwwNewer(s, held) ? [s] : current;
}

function addConcurrent(current: readonly Sibling[], s: Sibling): readonly Sibling[] {
  for (const held of current) {
    const order = compareClocks(s.clock, held.clock);
    // Equal clocks name the same write (a coordinator never reuses a counter).
    if (order === 'before' || order === 'equal') return current;
  }
  return [...current.filter((held) => compareClocks(held.clock, s.clock) !== 'before'), s];
}

/** What a client sees: null when nothing or only tombstones; one value; or sorted siblings. */
export function visibleValue(siblings: readonly Sibling[]): KvValue | KvValue[] {
  const live = siblings.filter((s) => !s.deleted).map((s) => s.value);
  if (live.length === 0) return null;
  if (live.length === 1) return live[0]!;
  return [...live].sort((a, b) => (String(a) < String(b) ? -1 : String(a) > String(b) ? 1 : 0));
}

/** The clock a client sends back on its next write to supersede every sibling it saw. */
export function contextOf(siblings: readonly Sibling[]): VectorClock {
  return mergeClocks(siblings.map((s) => s.clock));
}

/** A cheap digest of a key's versions, for anti-entropy. */
export function versionDigest(siblings: readonly Sibling[]): string {
  let text = '';
  for (const s of siblings) {
    text += `${s.deleted ? 'x' : 'v'}${s.stampUs}.${s.coordinator}`;
    for (const e of s.clock) text += `|${e.node}:${e.counter}`;
    text += ';';
  }
  return text;
}

export function isTombstoneOnly(siblings: readonly Sibling[]): boolean {
  return siblings.length > 0 && siblings.every((s) => s.deleted);
}
