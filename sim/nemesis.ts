// The random nemesis: drawn entirely from the seed before the run starts, so the faults a
// run will suffer can be printed up front and replayed exactly. Each draw becomes an
// ordinary scheduled fault with a duration; roles (`leader`) are still resolved when the
// fault fires.
import type { FaultAction, FaultSpec, NemesisKind, NemesisSpec, PartitionSpec } from './scenario/types.js';
import { exponential, pickIndex, shuffled, uniformInt, type Uniform } from './rng.js';
import type { NodeId } from './types.js';

/** A fault aims at the leader this often, when the protocol has one. */
const LEADER_TARGET_PROBABILITY = 0.3;
/** Bound on how many faults one nemesis may schedule. */
const NEMESIS_FAULTS_MAX = 10_000;

export function drawNemesis(
  spec: NemesisSpec,
  servers: readonly NodeId[],
  roles: readonly string[],
  random: Uniform,
): FaultSpec[] {
  const faults: FaultSpec[] = [];
  const hasLeader = roles.includes('leader');
  const someServer = (): string =>
    hasLeader && random() < LEADER_TARGET_PROBABILITY ? 'leader' : servers[pickIndex(random, servers.length)]!;
  let atUs = spec.startUs;
  while (faults.length < NEMESIS_FAULTS_MAX) {
    atUs += Math.max(1, Math.round(exponential(random, spec.intervalUs)));
    if (atUs >= spec.stopUs) break;
    const kind: NemesisKind = spec.kinds[pickIndex(random, spec.kinds.length)]!;
    const lengthUs = Math.min(uniformInt(random, spec.durationMinUs, spec.durationMaxUs), spec.stopUs - atUs);
    if (kind === 'membership') {
      faults.push({ atUs, action: drawMembershipChange(servers, someServer, random), forUs: null });
      continue;
    }
    faults.push({ atUs, action: drawAction(kind, spec, servers, someServer, random), forUs: lengthUs });
  }
  return faults;
}

/**
 * Add any server (spares included) or remove one (30% the leader). The protocol ignores a
 * change that makes no sense when it arrives (adding a member, removing a non-member).
 */
function drawMembershipChange(servers: readonly NodeId[], someServer: () => string, random: Uniform): FaultAction {
  if (random() < 0.5) return { kind: 'membership', change: 'add', target: servers[pickIndex(random, servers.length)]! };
  return { kind: 'membership', change: 'remove', target: someServer() };
}

function drawAction(
  kind: Exclude<NemesisKind, 'membership'>,
  spec: NemesisSpec,
  servers: readonly NodeId[],
  someServer: () => string,
  random: Uniform,
): FaultAction {
  switch (kind) {
    case 'partition':
      return { kind: 'partition', partition: drawPartition(servers, someServer, random) };
    case 'crash':
      return { kind: 'crash', targets: [someServer()] };
    case 'pause':
      return { kind: 'pause', targets: [someServer()] };
    case 'clog':
      return { kind: 'clog', targets: [someServer()] };
    case 'loss':
      return { kind: 'loss', drop: Math.round(random() * spec.lossMax * 1000) / 1000 };
    case 'clock': {
      const magnitude = random();
      if (random() < 0.5) {
        const stepUs = Math.round((magnitude * 2 - 1) * spec.clockStepMaxUs);
        return { kind: 'clock-step', targets: [someServer()], stepUs };
      }
      return { kind: 'drift', targets: [someServer()], driftPpm: Math.round((magnitude * 2 - 1) * spec.driftMaxPpm) };
    }
  }
}

/** Partitions of every shape: isolate one node, split in two, bridge, one-way. */
function drawPartition(servers: readonly NodeId[], someServer: () => string, random: Uniform): PartitionSpec {
  const shape = pickIndex(random, 4);
  if (shape === 0 || servers.length < 3) {
    return { shape: 'groups', groups: [[someServer()], ['rest']] };
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
  return { shape: 'oneway', from: [someServer()], to: ['rest'] };
}
