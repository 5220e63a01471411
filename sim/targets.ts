// Fault targets, resolved to node indexes at the moment a fault fires: node ids, service
// groups, keywords (`all`, `servers`, `clients`, `everyone`, `random`, `rest`) and roles
// read from the nodes' inspect() (servers' and clients' alike). The names a scenario may
// write are checked at load (sim/scenario/targets.ts); this file gives them their meaning.
import type { Host } from './host.js';
import type { Epoch } from './protocol.js';
import { pickIndex, type Uniform } from './rng.js';
import { parseRoleTarget } from './scenario/targets.js';
import type { Target } from './scenario/types.js';
import type { NodeView } from './types.js';

/** What target resolution reads from the world. */
export interface TargetWorld {
  readonly hosts: readonly Host[];
  readonly serverIndexes: readonly number[];
  readonly clientIndexes: readonly number[];
  readonly faultRandom: Uniform;
  indexOf(id: string): number | undefined;
  /** The server indexes of a service group (spares included), or undefined for no such group. */
  groupIndexes(name: string): readonly number[] | undefined;
  /** Roles a bare target resolves to one holder of (the newest epoch). */
  readonly uniqueRoles: ReadonlySet<string>;
  /** Order two views by epoch: negative when `a` is older than `b`. */
  compareEpochs(a: NodeView, b: NodeView): number;
}

/** Order epochs element by element (a number is a tuple of one); a missing element is older. */
export function compareEpochs(a: Epoch, b: Epoch): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  const x = typeof a === 'number' ? [a] : a;
  const y = typeof b === 'number' ? [b] : b;
  for (let k = 0; k < Math.max(x.length, y.length); k++) {
    if (k >= x.length) return -1;
    if (k >= y.length) return 1;
    if (x[k] !== y[k]) return x[k]! - y[k]!;
  }
  return 0;
}

/** Does the view report `role`, as its `role` or among its `roles`? */
export function holdsRole(view: NodeView, role: string): boolean {
  return view.role === role || (view.roles !== undefined && view.roles.includes(role));
}

/** Resolve targets to node indexes, each once, in the order met. A role with no holder resolves to nothing. */
export function resolveTargets(world: TargetWorld, targets: readonly Target[], rest: readonly number[] = []): number[] {
  const out: number[] = [];
  const add = (i: number) => {
    if (!out.includes(i)) out.push(i);
  };
  for (const target of targets) {
    const direct = world.indexOf(target);
    if (direct !== undefined) {
      add(direct);
      continue;
    }
    switch (target) {
      case 'all':
      case 'servers':
        world.serverIndexes.forEach(add);
        break;
      case 'clients':
        world.clientIndexes.forEach(add);
        break;
      case 'everyone':
        world.serverIndexes.forEach(add);
        world.clientIndexes.forEach(add);
        break;
      case 'rest':
        rest.forEach(add);
        break;
      case 'random': {
        const up = world.serverIndexes.filter((i) => world.hosts[i]!.status !== 'down');
        if (up.length > 0) add(up[pickIndex(world.faultRandom, up.length)]!);
        break;
      }
      default: {
        const group = world.groupIndexes(target);
        if (group !== undefined) group.forEach(add);
        else roleHolders(world, target).forEach(add);
      }
    }
  }
  return out;
}

/**
 * Nodes (servers, then clients) that are not down and report the role, newest epoch
 * first (ties in node order). `one:<role>` or a unique role keeps the first only.
 */
function roleHolders(world: TargetWorld, target: Target): number[] {
  const { role, count } = parseRoleTarget(target);
  const holders: { i: number; view: NodeView }[] = [];
  for (const indexes of [world.serverIndexes, world.clientIndexes]) {
    for (const i of indexes) {
      const host = world.hosts[i]!;
      if (host.status === 'down') continue;
      const view = host.view();
      if (holdsRole(view, role)) holders.push({ i, view });
    }
  }
  holders.sort((x, y) => world.compareEpochs(y.view, x.view) || x.i - y.i);
  const one = count === 'one' || (count === 'default' && world.uniqueRoles.has(role));
  return (one ? holders.slice(0, 1) : holders).map((h) => h.i);
}
