// Each client process's open invocation while a history is read in order: every reader
// of a history pairs invocations with completions by process (the checker's prepare, the
// measures' pairOps), once per entry, so this lookup is on their hot path.

/**
 * Each process's open invocation (its slot), by process. Numbered processes below
 * PROCESS_SLOTS_MAX (every simulated run's, most Jepsen ones') index an array; others
 * (names, huge numbers) use a Map.
 */
export class OpenOps {
  private readonly byNumber: number[] = [];
  private readonly byName = new Map<number | string, number>();

  get(p: number | string): number | undefined {
    if (numbered(p)) {
      const slot = this.byNumber[p];
      return slot === undefined || slot < 0 ? undefined : slot;
    }
    return this.byName.get(p);
  }

  set(p: number | string, slot: number): void {
    if (numbered(p)) {
      while (this.byNumber.length <= p) this.byNumber.push(-1);
      this.byNumber[p] = slot;
    } else this.byName.set(p, slot);
  }

  delete(p: number | string): void {
    if (numbered(p)) this.byNumber[p] = -1;
    else this.byName.delete(p);
  }
}

/** Numbered processes tracked in OpenOps's array (a few KB at most). */
const PROCESS_SLOTS_MAX = 4096;

/** Whether process `p` is kept in the array. */
function numbered(p: number | string): p is number {
  return typeof p === 'number' && p >= 0 && p < PROCESS_SLOTS_MAX && Number.isInteger(p);
}
