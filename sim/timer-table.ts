// A node's pending timers by id, for its host: an open-addressing table over typed arrays
// (linear probing, backward-shift deletion, at most half full). A Map here cost an entry
// object per timer plus a new backing table whenever it emptied or filled with deleted
// entries, and protocols set and cancel a timer for nearly every message (an election
// timer reset, a resend timer armed and cancelled). Ids are the host's increasing counter
// (never 0, which marks an empty cell), so `id & mask` spreads them without a hash.
import type { Micros, TimerId } from './types.js';

const EMPTY = 0;

export class TimerTable {
  private ids = new Float64Array(8);
  private targets = new Float64Array(8);
  private names: (string | undefined)[] = new Array<string | undefined>(8).fill(undefined);
  private mask = 7;
  private count = 0;

  get size(): number {
    return this.count;
  }

  /** Add a timer (its id must not be in the table). */
  set(id: TimerId, name: string, targetLocalUs: Micros): void {
    if ((this.count + 1) * 2 > this.mask + 1) this.grow();
    let k = id & this.mask;
    while (this.ids[k] !== EMPTY) k = (k + 1) & this.mask;
    this.ids[k] = id;
    this.targets[k] = targetLocalUs;
    this.names[k] = name;
    this.count++;
  }

  /** The cell of timer `id`, or -1 when it is not pending. */
  find(id: TimerId): number {
    const ids = this.ids;
    const mask = this.mask;
    for (let k = id & mask; ; k = (k + 1) & mask) {
      const at = ids[k]!;
      if (at === EMPTY) return -1; // first, so that id 0 (never a timer's) is never found
      if (at === id) return k;
    }
  }

  nameAt(cell: number): string {
    return this.names[cell]!;
  }

  targetAt(cell: number): Micros {
    return this.targets[cell]!;
  }

  delete(id: TimerId): void {
    const cell = this.find(id);
    if (cell >= 0) this.deleteAt(cell);
  }

  /** Remove the timer in `cell`, shifting later cells of its probe chain back (no tombstones). */
  deleteAt(cell: number): void {
    const ids = this.ids;
    const mask = this.mask;
    let hole = cell;
    for (let j = (cell + 1) & mask; ids[j] !== EMPTY; j = (j + 1) & mask) {
      const home = ids[j]! & mask;
      // Move j into the hole unless its home lies cyclically in (hole, j].
      if (hole <= j ? home > hole && home <= j : home > hole || home <= j) continue;
      ids[hole] = ids[j]!;
      this.targets[hole] = this.targets[j]!;
      this.names[hole] = this.names[j];
      hole = j;
    }
    ids[hole] = EMPTY;
    this.names[hole] = undefined;
    this.count--;
  }

  clear(): void {
    this.ids.fill(EMPTY);
    this.names.fill(undefined);
    this.count = 0;
  }

  /** The pending timers' ids and local targets, in the order they were set (ids increase). */
  inOrder(): { readonly id: TimerId; readonly targetLocalUs: Micros }[] {
    const out: { id: TimerId; targetLocalUs: Micros }[] = [];
    for (let k = 0; k <= this.mask; k++) if (this.ids[k] !== EMPTY) out.push({ id: this.ids[k]!, targetLocalUs: this.targets[k]! });
    return out.sort((a, b) => a.id - b.id);
  }

  private grow(): void {
    const ids = this.ids;
    const targets = this.targets;
    const names = this.names;
    const capacity = (this.mask + 1) * 2;
    this.ids = new Float64Array(capacity);
    this.targets = new Float64Array(capacity);
    this.names = new Array<string | undefined>(capacity).fill(undefined);
    this.mask = capacity - 1;
    this.count = 0;
    for (let k = 0; k < ids.length; k++) if (ids[k] !== EMPTY) this.set(ids[k]!, names[k]!, targets[k]!);
  }
}
