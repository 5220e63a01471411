// Named captures: `{ at: 3s, capture: { L: leader, F: random-follower } }` binds names to
// the nodes a target resolves to at that moment. Later faults use the names like node ids
// (they resolve through the world's group lookup); a name keeps its nodes even when roles
// move. A capture that resolves to nothing is remembered: the run's verdict says so.
import { pickIndex } from './rng.js';
import { resolveTargets, type TargetWorld } from './targets.js';
import type { Micros } from './types.js';

/** `random-<role>`: one holder of the role, picked from the seeded fault stream. */
export const RANDOM_ROLE_PREFIX = 'random-';

/** A capture that bound nothing, for the verdict. */
export interface EmptyCapture {
  readonly name: string;
  readonly target: string;
  readonly atUs: Micros;
}

export class Captures {
  private readonly bound = new Map<string, readonly number[]>();
  readonly empty: EmptyCapture[] = [];

  /** The nodes a name was bound to, or undefined before its capture fired. */
  get(name: string): readonly number[] | undefined {
    return this.bound.get(name);
  }

  /** Bind each name now; returns the bindings as node ids, for the trace. */
  capture(world: TargetWorld, bindings: Readonly<Record<string, string>>, nowUs: Micros): Record<string, string[]> {
    const shown: Record<string, string[]> = {};
    for (const [name, target] of Object.entries(bindings)) {
      const nodes = resolveCapture(world, target);
      this.bound.set(name, nodes);
      if (nodes.length === 0) this.empty.push({ name, target, atUs: nowUs });
      shown[name] = nodes.map((i) => world.hosts[i]!.id);
    }
    return shown;
  }
}

function resolveCapture(world: TargetWorld, target: string): number[] {
  if (!target.startsWith(RANDOM_ROLE_PREFIX)) return resolveTargets(world, [target]);
  const holders = resolveTargets(world, [`every:${target.slice(RANDOM_ROLE_PREFIX.length)}`]);
  return holders.length === 0 ? [] : [holders[pickIndex(world.faultRandom, holders.length)]!];
}
