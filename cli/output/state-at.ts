// `run --state-at 3.3s`: each server's view at a moment, as a table: role, term, commit
// index, log (runs of terms) and the view's other fields. The view is the one after the
// last event at or before that moment (read between handlers, so the run is unchanged).
import Table from 'cli-table3';
import type { TraceEvent } from '../../sim/trace.js';
import { DURATION_EXPECTED, parseDurationUs } from '../../sim/units.js';
import type { World } from '../../sim/world.js';
import { UsageError } from '../errors.js';
import type { ServerSnapshot } from '../report/model.js';
import { ServerViews } from '../report/server-views.js';

export function parseStateAt(text: string): number {
  const us = parseDurationUs(text);
  if (us === null) throw new UsageError(`--state-at: expected ${DURATION_EXPECTED}, got "${text}"`);
  return us;
}

/** `t1 1..3, t2 4..9`: the log as runs of terms, from Raft-style logTerms. */
export function describeLogTerms(s: ServerSnapshot): string {
  if (s.logTerms === null || s.lastIndex === null) return '-';
  if (s.lastIndex === 0 || s.logTerms.length === 0) return 'empty';
  const runs: string[] = [];
  for (let k = 0; k + 1 < s.logTerms.length; k += 2) {
    const from = s.logTerms[k]!;
    const to = k + 2 < s.logTerms.length ? s.logTerms[k + 2]! - 1 : s.lastIndex;
    if (to >= from) runs.push(`t${s.logTerms[k + 1]} ${from === to ? from : `${from}..${to}`}`);
  }
  return runs.join(', ');
}

export class StateAtWatcher {
  private views: ServerViews | null = null;
  private previous: TraceEvent | null = null;
  private frozen = false;
  /** The last event at or before the moment. */
  lastEvent: TraceEvent | null = null;

  constructor(
    private readonly servers: readonly string[],
    readonly atUs: number,
  ) {}

  readonly onWorld = (world: World): void => {
    const ids = world.hosts.map((h) => h.id);
    this.views = new ServerViews(this.servers, (id) => world.hosts[ids.indexOf(id)]!.view(), Infinity, true);
    this.views.lookAll(0);
  };

  readonly sink = (e: TraceEvent): void => {
    if (this.frozen) return;
    const prev = this.previous;
    if (prev !== null) this.views?.look(prev.node, prev.timeUs);
    if (e.timeUs > this.atUs) {
      this.frozen = true;
      return;
    }
    this.previous = e;
    this.lastEvent = e;
  };

  /** After the run: a moment past its end shows the state at the end. */
  finish(): void {
    if (!this.frozen && this.previous !== null) this.views?.look(this.previous.node, this.previous.timeUs);
    this.frozen = true;
  }

  table(): string {
    const snaps = this.servers.map((id) => this.views?.snapshots[id]?.[0] ?? null);
    const fieldNames = [...new Set(snaps.flatMap((s) => (s === null ? [] : Object.keys(s.fields))))];
    const table = new Table({ head: ['server', 'role', this.views?.eraName ?? 'term', 'commit', 'last index', ...fieldNames, 'log (term runs)'], style: { head: [], border: [] } });
    const text = (v: unknown) => (v === null || v === undefined ? '-' : String(v));
    this.servers.forEach((id, i) => {
      const s = snaps[i];
      if (s === null || s === undefined) table.push([id, 'not started', '', '', '', ...fieldNames.map(() => ''), '']);
      else table.push([id, s.role, text(s.term), text(s.commitIndex), text(s.lastIndex), ...fieldNames.map((f) => text(s.fields[f])), describeLogTerms(s)]);
    });
    return table.toString();
  }

  /** `--json`'s `stateAt`: the moment, the last event at or before it, each server's view. */
  json(): Record<string, unknown> {
    const servers: Record<string, ServerSnapshot | null> = {};
    for (const id of this.servers) servers[id] = this.views?.snapshots[id]?.[0] ?? null;
    return { atUs: this.atUs, afterEvent: this.lastEvent?.index ?? null, servers };
  }

  heading(): string {
    const e = this.lastEvent;
    const after = e === null ? 'before any event' : `after event ${e.index} at ${(e.timeUs / 1e6).toFixed(6)}s`;
    return `state at ${(this.atUs / 1e6).toFixed(6)}s (${after})`;
  }
}
