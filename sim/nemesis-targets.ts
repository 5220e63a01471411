// Whom a nemesis fault hits: one candidate of the kind's `target` list, drawn from the seed.
// A set (servers, clients, everyone, a service group) gives one of its members, drawn now;
// a node id or a role is written as is (a role resolves when the fault fires, as in any
// schedule). `any`, the default of server faults, is the first nemesis's rule: the leader
// 30% of the time where the protocol has one, else a random server.
import { pickIndex, type Uniform } from './rng.js';
import type { NemesisKind, Target } from './scenario/types.js';
import type { NodeId } from './types.js';

/** A fault aims at the leader this often under `any`, when the protocol has one. */
const LEADER_TARGET_PROBABILITY = 0.3;

/** The nodes and names a draw may pick from. */
export interface NemesisPopulation {
  readonly servers: readonly NodeId[];
  readonly clients: readonly NodeId[];
  /** Service group name -> its servers. */
  readonly groups: Readonly<Record<string, readonly NodeId[]>>;
  readonly roles: readonly string[];
}

/** The kinds aimed at clients by default, and those that touch every link unless given a target. */
const CLIENT_KINDS: readonly NemesisKind[] = ['client-pause', 'client-crash', 'client-clock'];
export const NETWORK_KINDS: readonly NemesisKind[] = ['loss', 'duplicate', 'reorder', 'latency'];

/** The candidates of a kind without `target:`; null: network-wide. */
export function defaultTargets(kind: NemesisKind): readonly Target[] | null {
  if (CLIENT_KINDS.includes(kind)) return ['clients'];
  if (NETWORK_KINDS.includes(kind)) return null;
  return ['any'];
}

/** Draw one target from the candidates. */
export function drawTarget(candidates: readonly Target[], population: NemesisPopulation, random: Uniform): Target {
  const candidate = candidates.length === 1 ? candidates[0]! : candidates[pickIndex(random, candidates.length)]!;
  const one = (nodes: readonly NodeId[]) => nodes[pickIndex(random, nodes.length)]!;
  switch (candidate) {
    case 'any':
      return population.roles.includes('leader') && random() < LEADER_TARGET_PROBABILITY ? 'leader' : one(population.servers);
    case 'all':
    case 'servers':
      return one(population.servers);
    case 'clients':
      return one(population.clients);
    case 'everyone':
      return one([...population.servers, ...population.clients]);
    default: {
      const group = population.groups[candidate];
      return group !== undefined ? one(group) : candidate;
    }
  }
}
