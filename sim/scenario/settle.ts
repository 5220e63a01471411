// When the settle phase starts, and the one schedule it would make meaningless. The settle
// phase starts when the last fault ends (`at + for`, or `at` for a fault without `for:`)
// and heals every fault still standing except those given `for: forever`. A standing fault
// without `for:` that fires at that very moment would be undone at once: the run would not
// suffer it at all. That is refused at load, with the two ways to say what was meant.
import { FieldError } from './errors.js';
import { formatDurationUs } from '../durations.js';
import type { FaultAction, FaultSpec } from './types.js';
import type { Micros } from '../types.js';

/** The end of the fault schedule: when the settle phase starts (null without faults). */
export function settleStartUs(faults: readonly FaultSpec[]): Micros | null {
  if (faults.length === 0) return null;
  return Math.max(...faults.map((f) => f.atUs + (f.forUs ?? 0)));
}

/** Faults that hold until something undoes them, and that the settle phase heals. */
export function settleHeals(action: FaultAction): boolean {
  switch (action.kind) {
    case 'partition':
    case 'crash':
    case 'pause':
    case 'clog':
    case 'loss':
    case 'link':
    case 'connect':
    case 'wipe':
    case 'lose-synced':
      return true;
    case 'drop':
    case 'delay':
    case 'duplicate':
    case 'reorder':
      return action.count === null; // the settle phase clears windows, not the next-k faults
    default:
      return false;
  }
}

/**
 * Refuse a standing fault without `for:` at the last fault time (`faults` in file order).
 * Skipped with a nemesis: its draws, made at run time, may end later.
 */
export function checkNothingUndoneAtOnce(faults: readonly FaultSpec[], hasNemesis: boolean): void {
  const startUs = settleStartUs(faults);
  if (startUs === null || hasNemesis) return;
  faults.forEach((fault, i) => {
    if (fault.forUs !== null || fault.forever === true || fault.atUs < startUs || !settleHeals(fault.action)) return;
    throw new FieldError(
      ['faults', i],
      `${fault.action.kind} at ${formatDurationUs(fault.atUs)} is the last fault and has no for:, so the settle phase would undo it at once; ` +
        'give for: <duration>, or for: forever to keep it through the settle phase',
    );
  });
}
