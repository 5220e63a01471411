// The isolation measure: sagas commit each local step at once, so a saga can read what
// another saga holds before that saga is over. A dirty read here: an inventory request of
// saga B (a reservation, or a refusal for want of stock) ran while saga A held a
// reservation that A later gave back (compensated). B saw stock that was never really
// sold; if B was refused, it lost a sale to it. Counted from the services' events.
//
// Incremental: the stock reads are numbered in order; a holder's hold covers the reads
// from its reservation to its release, and a release marks the readers of the reads it
// covers that no earlier release covered (`covered`: disjoint ranges, in order), so each
// read is looked at once however many holds overlap it. A holder's own reads are never
// inside its hold (its reservation is read before the hold starts, and a saga holding
// stock is not refused by the inventory), so they are not counted.
type Fields = Readonly<Record<string, unknown>>;

export class DirtyReads {
  /** The sagas of the stock reads, in order. */
  private readonly reads: string[] = [];
  /** Sagas holding stock whose order is not yet COMPLETED -> the index of the first read of their hold. */
  private readonly open = new Map<string, number>();
  /** Ranges [from, to) of reads already covered by a release, disjoint and in order. */
  private readonly covered: { from: number; to: number }[] = [];
  private readonly refusedSagas = new Set<string>();
  private readonly dirtySagas = new Set<string>();
  private dirtyRefusals = 0;

  onEvent(name: string, fields: Fields): void {
    if (name === 'stock') {
      const saga = fields['saga'] as string;
      if ((fields['delta'] as number) > 0) {
        this.reads.push(saga);
        this.open.set(saga, this.reads.length);
      } else {
        this.compensated(saga);
      }
    } else if (name === 'refused') {
      if (fields['service'] !== 'inventory') return;
      const saga = fields['saga'] as string;
      this.refusedSagas.add(saga);
      this.reads.push(saga);
    } else if (name === 'order' && fields['state'] === 'COMPLETED') {
      this.open.delete(fields['saga'] as string);
    }
  }

  /** `holder` gave its stock back: every read during its hold was dirty. */
  private compensated(holder: string): void {
    const from = this.open.get(holder);
    this.open.delete(holder);
    if (from === undefined) return;
    const to = this.reads.length;
    // The covered ranges reaching into [from, to) are the last ones (ranges end by now).
    let first = this.covered.length;
    while (first > 0 && this.covered[first - 1]!.to >= from) first--;
    let cursor = from;
    for (let k = first; k < this.covered.length; k++) {
      const range = this.covered[k]!;
      if (range.from > cursor) this.mark(cursor, range.from);
      cursor = Math.max(cursor, range.to);
    }
    this.mark(cursor, to);
    const mergedFrom = first < this.covered.length ? Math.min(from, this.covered[first]!.from) : from;
    this.covered.length = first;
    if (to > mergedFrom) this.covered.push({ from: mergedFrom, to });
  }

  private mark(from: number, to: number): void {
    for (let i = from; i < to; i++) {
      const reader = this.reads[i]!;
      if (this.dirtySagas.has(reader)) continue;
      this.dirtySagas.add(reader);
      if (this.refusedSagas.has(reader)) this.dirtyRefusals++;
    }
  }

  result(): Record<string, number> {
    return { dirtyReads: this.dirtySagas.size, salesLostToDirtyReads: this.dirtyRefusals };
  }
}
