// Link faults: `{ at: 2s, link: { from: n1, to: [n3, n4], latency: 200ms..400ms, drop: 20% }, for: 3s }`
// sets latency, drop, duplicate or reorder on the directed links from -> to for a window,
// over the network's own settings (network, network.links). Each fault is a layer, like
// the other timed faults: windows may overlap, and for each field a link takes the value
// of the newest window that sets it (the one that fired last; same `at`: later in the
// file). A field no window sets keeps the network's value. Targets resolve when it fires.
import type { LinkSpec } from './scenario/types.js';

/** The fields a link fault may set (any subset). */
export type LinkSettings = Partial<LinkSpec>;

/** Where link faults take effect: the network (sim/network.ts). */
export interface LinkOverrides {
  /** Set the fault settings of one directed link (null: back to the network's own). */
  overrideLink(from: number, to: number, settings: LinkSettings | null, faultIds: string): void;
}

interface LinkFault {
  /** `l1`, `l2`, ...: the name drop and duplicate records of its links carry. */
  readonly id: string;
  readonly pairs: readonly (readonly [number, number])[];
  /** The same links as keys (linkKey), to find the windows covering a link. */
  readonly links: ReadonlySet<number>;
  readonly settings: LinkSettings;
}

const linkKey = (from: number, to: number) => from * 1_048_576 + to;

/** The most link faults active at once: a schedule that piles up more is a bug. */
export const LINK_FAULTS_MAX = 1_000;

export class LinkFaults {
  private readonly active: LinkFault[] = [];
  private nextId = 1;

  constructor(private readonly network: LinkOverrides) {}

  /** Start a window on these directed links; returns its id (for its end and the trace). */
  add(pairs: readonly (readonly [number, number])[], settings: LinkSettings): string {
    if (this.active.length >= LINK_FAULTS_MAX) throw new Error(`more than ${LINK_FAULTS_MAX} link faults active at once`);
    const links = new Set(pairs.map(([from, to]) => linkKey(from, to)));
    const fault = { id: `l${this.nextId++}`, pairs, links, settings };
    this.active.push(fault);
    this.refresh(pairs);
    return fault.id;
  }

  /** End one window: its links fall back to the windows still active, or to the network's settings. */
  remove(id: string): void {
    const k = this.active.findIndex((f) => f.id === id);
    if (k < 0) return;
    const [fault] = this.active.splice(k, 1);
    this.refresh(fault!.pairs);
  }

  /** The settle phase: every link fault ends, but those in `keep` (given `for: forever`). */
  clear(keep: ReadonlySet<string>): void {
    const ended = this.active.filter((f) => !keep.has(f.id));
    const kept = this.active.filter((f) => keep.has(f.id));
    this.active.splice(0, this.active.length, ...kept);
    for (const fault of ended) this.refresh(fault.pairs);
  }

  /** Recompute the settings of these links from the windows covering them, oldest first. */
  private refresh(pairs: readonly (readonly [number, number])[]): void {
    for (const [from, to] of pairs) {
      let merged: LinkSettings | null = null;
      const ids: string[] = [];
      for (const fault of this.active) {
        if (!fault.links.has(linkKey(from, to))) continue;
        merged = { ...(merged ?? {}), ...fault.settings };
        ids.push(fault.id);
      }
      this.network.overrideLink(from, to, merged, ids.join('+'));
    }
  }
}
