// `--trace-node`, `--trace-kind`, `--trace-event`, `--trace-from`, `--trace-to`: which
// events to print. `--trace-event` matches an event's label: a protocol event's name
// (`became-leader`), a message type (`request-vote`), a fault kind (`clock-step`), a
// timer's name or an op's function.
import { TRACE_KINDS, type TraceEvent } from '../../sim/trace.js';
import { DURATION_EXPECTED, parseDurationUs } from '../../sim/units.js';
import { UsageError } from '../errors.js';

export interface TraceFilterOptions {
  readonly traceNode?: string;
  readonly traceKind?: string;
  readonly traceEvent?: string;
  readonly traceFrom?: string;
  readonly traceTo?: string;
}

const KINDS: readonly string[] = TRACE_KINDS;

function list(text: string | undefined): string[] | null {
  if (text === undefined) return null;
  return text.split(',').map((s) => s.trim()).filter((s) => s !== '');
}

function time(option: string, text: string | undefined): number | null {
  if (text === undefined) return null;
  const us = parseDurationUs(text);
  if (us === null) throw new UsageError(`${option}: expected ${DURATION_EXPECTED}, got "${text}"`);
  return us;
}

/** Which events to print; `unmatched()` names the `--trace-event` labels no event had (typos, or events that never happened). */
export interface TraceFilter {
  (e: TraceEvent): boolean;
  unmatched(): string[];
}

/** `nodeIds` are the run's servers and clients: --trace-node must name them. */
export function traceFilter(options: TraceFilterOptions, nodeIds: readonly string[]): TraceFilter {
  const nodes = list(options.traceNode);
  for (const node of nodes ?? []) {
    if (!nodeIds.includes(node)) throw new UsageError(`--trace-node: no node "${node}" in this scenario (nodes: ${nodeIds.join(', ')})`);
  }
  const kinds = list(options.traceKind);
  const labels = list(options.traceEvent);
  for (const kind of kinds ?? []) {
    if (!KINDS.includes(kind)) throw new UsageError(`--trace-kind: unknown kind "${kind}" (kinds: ${KINDS.join(', ')})`);
  }
  const fromUs = time('--trace-from', options.traceFrom);
  const toUs = time('--trace-to', options.traceTo);
  const seen = new Set<string>();
  const label = (e: TraceEvent): boolean => {
    if (labels === null) return true;
    if (!labels.includes(e.label)) return false;
    seen.add(e.label);
    return true;
  };
  const show = (e: TraceEvent): boolean =>
    (nodes === null || nodes.includes(e.node) || (e.peer !== undefined && nodes.includes(e.peer))) &&
    (kinds === null || kinds.includes(e.kind)) &&
    (fromUs === null || e.timeUs >= fromUs) &&
    (toUs === null || e.timeUs <= toUs) &&
    label(e);
  return Object.assign(show, { unmatched: () => (labels ?? []).filter((l) => !seen.has(l)) });
}
