// The settle phase (after the last fault ends: heal, restart, resume and unclog everyone, so
// progress can be required) and the faults it leaves alone: those given `for: forever`. A
// forever fault is recorded here when it fires; an explicit undo in the schedule (restart,
// heal, resume, unclog) still ends it, the settle phase does not.
import type { FaultableWorld } from './faults.js';

/** What `for: forever` faults hold, by the ids the world gave them. */
export class ForeverFaults {
  readonly partitions = new Set<number>();
  /** Nodes crashed forever (an explicit restart takes a node out). */
  readonly down = new Set<number>();
  /** Pause layers that last forever. */
  readonly pauseLayers = new Set<number>();
  /** Nodes clogged forever (an explicit unclog takes a node out). */
  readonly clogged = new Set<number>();
  /** The loss rate was set forever. */
  loss = false;
  /** Message-fault rules that last forever. */
  readonly rules = new Set<string>();
  /** Link-fault windows that last forever. */
  readonly links = new Set<string>();
}

/** Heal everything but the forever faults; the ids of the nodes it restarted or resumed. */
export function settle(world: FaultableWorld): string[] {
  const forever = world.faultLevels.forever;
  if (forever.partitions.size === 0) world.healAll();
  else for (const id of world.partitionIds()) if (!forever.partitions.has(id)) world.healPartition(id);
  world.messageFaults.clearUnbounded(forever.rules);
  world.linkFaults.clear(forever.links);
  const levels = world.faultLevels;
  if (!forever.loss) {
    levels.loss.base = null;
    levels.loss.active.length = 0;
    world.setLoss(null);
  }
  for (const node of [...levels.clog.keys()]) if (!forever.clogged.has(node)) levels.clog.delete(node);
  const revived: string[] = [];
  for (const i of [...world.serverIndexes, ...world.clientIndexes]) {
    const host = world.hosts[i]!;
    if (!forever.clogged.has(i)) world.setClogged(i, false);
    if (host.status === 'down' && !forever.down.has(i)) {
      world.restart(i);
      revived.push(host.id);
    } else if (host.status === 'paused') {
      for (const layer of [...host.pauses]) if (!forever.pauseLayers.has(layer)) world.resume(i, layer);
      if (host.status !== 'paused') revived.push(host.id);
    }
  }
  return revived;
}
