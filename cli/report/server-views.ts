// Servers' views over time: what each server's inspect() said, kept as a snapshot whenever
// it changed. Reports draw role and term lanes and the state-at-time panel from these;
// `run --state-at` prints them. Views are read from a trace sink, between handlers, so
// reading them never changes the run.
import type { NodeView } from '../../sim/types.js';
import type { ServerSnapshot } from './model.js';

/** term, ballot or epoch: whichever a protocol reports as its era number. */
const ERA_FIELDS = ['term', 'ballot', 'epoch'] as const;
const SHOWN_SEPARATELY = new Set<string>(['role', 'commitIndex', 'lastIndex', 'logTerms', ...ERA_FIELDS]);

function numberOrNull(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

/** A view reduced to what reports show: role, era, commit and log shape, other scalars. */
/** The era field a view reports (`term`, `ballot`, `epoch`), or null. */
export function eraFieldOf(view: NodeView): string | null {
  return ERA_FIELDS.find((field) => numberOrNull(view[field]) !== null) ?? null;
}

export function reduceView(view: NodeView, timeUs: number): ServerSnapshot {
  const era = eraFieldOf(view);
  const term = era === null ? null : numberOrNull(view[era]);
  const logTerms = Array.isArray(view['logTerms']) && view['logTerms'].every((x) => typeof x === 'number') ? (view['logTerms'] as number[]) : null;
  const fields: Record<string, string | number | boolean | null> = {};
  for (const [name, value] of Object.entries(view)) {
    if (SHOWN_SEPARATELY.has(name)) continue;
    if (value === null || typeof value === 'number' || typeof value === 'boolean') fields[name] = value;
    else if (typeof value === 'string') fields[name] = value;
  }
  return {
    timeUs,
    role: typeof view.role === 'string' ? view.role : '?',
    term,
    commitIndex: numberOrNull(view['commitIndex']),
    lastIndex: numberOrNull(view['lastIndex']),
    logTerms,
    fields,
  };
}

function sameNumbers(a: readonly number[] | null, b: readonly number[] | null): boolean {
  if (a === null || b === null) return a === b;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function sameFields(a: ServerSnapshot['fields'], b: ServerSnapshot['fields']): boolean {
  const keys = Object.keys(a);
  if (keys.length !== Object.keys(b).length) return false;
  for (const key of keys) if (a[key] !== b[key]) return false;
  return true;
}

/** Compared field by field: this runs once or twice per trace event. */
function sameState(a: ServerSnapshot, b: ServerSnapshot): boolean {
  return (
    a.role === b.role &&
    a.term === b.term &&
    a.commitIndex === b.commitIndex &&
    a.lastIndex === b.lastIndex &&
    sameNumbers(a.logTerms, b.logTerms) &&
    sameFields(a.fields, b.fields)
  );
}

/** Snapshots per server, appended only when the view changed, up to `snapshotsMax` in all. */
export class ServerViews {
  readonly snapshots: Record<string, ServerSnapshot[]> = {};
  /** Changes seen, kept or not. */
  total = 0;
  kept = 0;
  /** The era field the views report (first seen), `term` until one is seen. */
  eraName = 'term';
  private eraSeen = false;

  constructor(
    readonly servers: readonly string[],
    private readonly viewOf: (server: string) => NodeView,
    private readonly snapshotsMax: number,
    /** Keep only each server's latest view (`run --state-at` needs no history). */
    private readonly latestOnly = false,
  ) {
    for (const id of servers) this.snapshots[id] = [];
  }

  /** Look at one server now; record a snapshot if its view changed. */
  look(server: string, timeUs: number): void {
    const list = this.snapshots[server];
    if (list === undefined) return;
    const view = this.viewOf(server);
    if (!this.eraSeen) {
      const era = eraFieldOf(view);
      if (era !== null) [this.eraName, this.eraSeen] = [era, true];
    }
    const snap = reduceView(view, timeUs);
    const last = list[list.length - 1];
    if (last !== undefined && sameState(last, snap)) return;
    this.total++;
    if (this.kept >= this.snapshotsMax) return;
    this.kept++;
    // A copy of the log's shape: the view may hand out an array the node keeps changing.
    const kept = snap.logTerms === null ? snap : { ...snap, logTerms: snap.logTerms.slice() };
    // Several changes at one instant: keep the last one only.
    if (last !== undefined && (last.timeUs === timeUs || this.latestOnly)) list[list.length - 1] = kept;
    else list.push(kept);
  }

  lookAll(timeUs: number): void {
    for (const id of this.servers) this.look(id, timeUs);
  }
}
