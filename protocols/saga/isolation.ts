// The isolation measure: sagas commit each local step at once, so a saga can read what
// another saga holds before that saga is over. A dirty read here: an inventory request of
// saga B (a reservation, or a refusal for want of stock) ran while saga A held a
// reservation that A later gave back (compensated). B saw stock that was never really
// sold; if B was refused, it lost a sale to it. Counted from the services' events.
type Fields = Readonly<Record<string, unknown>>;

export class DirtyReads {
  /** Sagas holding stock whose order is not yet COMPLETED -> the sagas that read the stock meanwhile. */
  private readonly open = new Map<string, Set<string>>();
  private readonly refusedSagas = new Set<string>();
  private readonly dirtySagas = new Set<string>();
  private dirtyRefusals = 0;

  onEvent(name: string, fields: Fields): void {
    const saga = fields['saga'] as string;
    if (name === 'stock' && (fields['delta'] as number) > 0) {
      this.read(saga);
      this.open.set(saga, new Set());
    } else if (name === 'stock') {
      this.compensated(saga);
    } else if (name === 'refused' && fields['service'] === 'inventory') {
      this.refusedSagas.add(saga);
      this.read(saga);
    } else if (name === 'order' && fields['state'] === 'COMPLETED') {
      this.open.delete(saga);
    }
  }

  private read(saga: string): void {
    for (const [holder, readers] of this.open) if (holder !== saga) readers.add(saga);
  }

  private compensated(holder: string): void {
    const readers = this.open.get(holder);
    this.open.delete(holder);
    if (readers === undefined) return;
    for (const reader of readers) {
      if (this.dirtySagas.has(reader)) continue;
      this.dirtySagas.add(reader);
      if (this.refusedSagas.has(reader)) this.dirtyRefusals++;
    }
  }

  result(): Record<string, number> {
    return { dirtyReads: this.dirtySagas.size, salesLostToDirtyReads: this.dirtyRefusals };
  }
}
