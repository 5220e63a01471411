// The random nemesis: drawn entirely from the seed before the run starts, so the faults a
// run will suffer can be printed up front, written out as a schedule (--nemesis-out) and
// replayed exactly. Each draw becomes an ordinary scheduled fault with a duration (or
// `forever`); roles (`leader`) are still resolved when the fault fires.
import type { FaultAction, FaultSpec, MessageEffect, NemesisKindSpec, NemesisSpec, PartitionSpec, Target } from './scenario/types.js';
import { defaultTargets, drawTarget, type NemesisPopulation } from './nemesis-targets.js';
import { exponential, pickIndex, shuffled, uniformInt, type Uniform } from './rng.js';

export type { NemesisPopulation } from './nemesis-targets.js';

/** A disk draw loses at most this many synced writes. */
const LOST_WRITES_MAX = 3;
/** Bound on how many faults one nemesis may schedule. */
const NEMESIS_FAULTS_MAX = 10_000;

export function drawNemesis(spec: NemesisSpec, population: NemesisPopulation, random: Uniform): FaultSpec[] {
  const faults: FaultSpec[] = [];
  const totalWeight = spec.kinds.reduce((sum, k) => sum + k.weight, 0);
  let forevers = 0;
  let atUs = spec.startUs;
  while (faults.length < NEMESIS_FAULTS_MAX) {
    atUs += Math.max(1, Math.round(exponential(random, spec.intervalUs)));
    if (atUs >= spec.stopUs) break;
    const kind = pickKind(spec.kinds, totalWeight, random);
    const lengthUs = Math.min(uniformInt(random, spec.durationMinUs, spec.durationMaxUs), spec.stopUs - atUs);
    const candidates = kind.targets ?? defaultTargets(kind.kind);
    const target = (): Target => drawTarget(candidates ?? ['any'], population, random);
    if (kind.kind === 'membership') {
      faults.push({ atUs, action: drawMembershipChange(population, target, random), forUs: null });
      continue;
    }
    const action = drawAction(kind.kind, spec, population, candidates === null ? null : target, random);
    // A clock step or a corruption is an instant, undone by nothing: no length (as in a scenario file).
    const instant = action.kind === 'clock-step' || action.kind === 'corrupt';
    // The forever draw comes last, and only for kinds that may last forever: other draws keep.
    if (!instant && kind.foreverProbability > 0 && forevers < spec.foreverMax && random() < kind.foreverProbability) {
      forevers++;
      faults.push({ atUs, action, forUs: null, forever: true });
    } else {
      faults.push({ atUs, action, forUs: instant ? null : lengthUs });
    }
  }
  return faults;
}

/** A weighted draw; with equal weights, the same index as pickIndex (existing draws keep). */
function pickKind(kinds: readonly NemesisKindSpec[], totalWeight: number, random: Uniform): NemesisKindSpec {
  const r = random() * totalWeight;
  let sum = 0;
  for (const kind of kinds) {
    sum += kind.weight;
    if (r < sum) return kind;
  }
  return kinds[kinds.length - 1]!;
}

/**
 * Add any server (spares included) or remove one (its target; by default 30% the leader).
 * The protocol ignores a change that makes no sense when it arrives.
 */
function drawMembershipChange(population: NemesisPopulation, target: () => Target, random: Uniform): FaultAction {
  const servers = population.servers;
  if (random() < 0.5) return { kind: 'membership', change: 'add', target: servers[pickIndex(random, servers.length)]! };
  return { kind: 'membership', change: 'remove', target: target() };
}

function drawAction(
  kind: Exclude<NemesisKindSpec['kind'], 'membership'>,
  spec: NemesisSpec,
  population: NemesisPopulation,
  target: (() => Target) | null,
  random: Uniform,
): FaultAction {
  const aimed = (): Target => target!();
  switch (kind) {
    case 'partition':
      return { kind: 'partition', partition: drawPartition(population.servers, aimed, random) };
    case 'crash':
    case 'client-crash':
      return { kind: 'crash', targets: [aimed()] };
    case 'pause':
    case 'client-pause':
      return { kind: 'pause', targets: [aimed()] };
    case 'clog':
      return { kind: 'clog', targets: [aimed()] };
    case 'loss':
      return { kind: 'loss', drop: Math.round(random() * spec.lossMax * 1000) / 1000 };
    case 'clock':
    case 'client-clock': {
      const magnitude = random();
      if (random() < 0.5) {
        const stepUs = Math.round((magnitude * 2 - 1) * spec.clockStepMaxUs);
        return { kind: 'clock-step', targets: [aimed()], stepUs };
      }
      return { kind: 'drift', targets: [aimed()], driftPpm: Math.round((magnitude * 2 - 1) * spec.driftMaxPpm) };
    }
    case 'duplicate':
      return burst({ kind: 'duplicate' }, target);
    case 'reorder':
      return burst({ kind: 'reorder', withinUs: spec.reorderMaxUs }, target);
    case 'latency': {
      // A link fault over the window: the links to the target (or every link) take this latency.
      const latency = { dist: 'uniform', minUs: spec.latencyMinUs, maxUs: spec.latencyMaxUs } as const;
      return { kind: 'link', from: null, to: target === null ? null : [target()], settings: { latency } };
    }
    case 'disk':
      return drawDiskFault(aimed, random);
  }
}

/** Wipe the target's disk, lose its last 1..3 synced writes (both crash it), or corrupt one value. */
function drawDiskFault(target: () => Target, random: Uniform): FaultAction {
  const shape = pickIndex(random, 3);
  if (shape === 0) return { kind: 'wipe', targets: [target()] };
  if (shape === 1) return { kind: 'lose-synced', targets: [target()], writes: uniformInt(random, 1, LOST_WRITES_MAX) };
  return { kind: 'corrupt', targets: [target()], keyPrefix: '' };
}

/** A message fault over the fault's window: every message, or those to the drawn target. */
function burst(effect: MessageEffect, target: (() => Target) | null): FaultAction {
  const to = target === null ? null : [target()];
  return { kind: effect.kind, effect, filter: { from: null, to, type: null, where: {} }, count: null };
}

/** Partitions of every shape: isolate one node (the target), split in two, bridge, one-way. */
function drawPartition(servers: readonly string[], target: () => Target, random: Uniform): PartitionSpec {
  const shape = pickIndex(random, 4);
  if (shape === 0 || servers.length < 3) {
    return { shape: 'groups', groups: [[target()], ['rest']] };
  }
  if (shape === 1) {
    const order = shuffled(random, servers);
    const cut = 1 + pickIndex(random, servers.length - 1);
    return { shape: 'groups', groups: [order.slice(0, cut), order.slice(cut)] };
  }
  if (shape === 2) {
    const order = shuffled(random, servers);
    const via = order[0]!;
    const others = order.slice(1);
    const half = Math.ceil(others.length / 2);
    return { shape: 'bridge', via, sides: [others.slice(0, half), others.slice(half)] };
  }
  return { shape: 'oneway', from: [target()], to: ['rest'] };
}
