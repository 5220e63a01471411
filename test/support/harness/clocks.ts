// True time for a hand-driven cluster, and each node's local clock as a fixed rate error
// (local = true * (1 + ppm / 1e6)), so timers set in local time fire at the right true time.
import type { NodeId } from '../../../sim/types.js';
import type { FakeContext } from '../fake-context.js';

export interface ClockOptions {
  /** Per-node clock rate error in ppm (default 0 for every node). */
  readonly driftPpm?: Readonly<Record<NodeId, number>>;
}

export class Clocks {
  nowUs = 0;
  constructor(private readonly options: ClockOptions) {}

  localTime(id: NodeId, trueUs: number): number {
    return Math.floor(trueUs * this.rate(id));
  }

  /** The true time at which `id`'s local clock reads `localUs`. */
  trueTime(id: NodeId, localUs: number): number {
    return Math.ceil(localUs / this.rate(id));
  }

  /** Set a context's clock to the present. */
  set(id: NodeId, ctx: FakeContext<never> | FakeContext<any>): void {
    ctx.nowUs = this.localTime(id, this.nowUs);
  }

  advanceTo(trueUs: number, ctxs: ReadonlyMap<NodeId, FakeContext<any>>): void {
    if (trueUs < this.nowUs) throw new Error(`time going back from ${this.nowUs} to ${trueUs}`);
    this.nowUs = trueUs;
    for (const [id, ctx] of ctxs) this.set(id, ctx);
  }

  private rate(id: NodeId): number {
    return 1 + (this.options.driftPpm?.[id] ?? 0) / 1_000_000;
  }
}
