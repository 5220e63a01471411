// A scenario with its nemesis written out: the faults a seed drew join the schedule as plain
// entries and the nemesis goes, so the file runs the same faults (and the same trace hash)
// with no random draw left, ready to edit or shrink.
import { faultEntry } from './fault-entries.js';
import type { FaultSpec } from './types.js';

export function withDrawnFaults(doc: Readonly<Record<string, unknown>>, drawn: readonly FaultSpec[]): Record<string, unknown> {
  const { nemesis: _nemesis, faults, ...rest } = doc;
  // Scheduled entries first, then the draws: faults at the same time fire in that order, as in the run.
  const scheduled = Array.isArray(faults) ? faults : [];
  return { ...rest, faults: [...scheduled, ...drawn.map(faultEntry)] };
}
