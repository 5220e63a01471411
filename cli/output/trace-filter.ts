// `--trace-node`, `--trace-kind`, `--trace-from`, `--trace-to`: which events to print.
import { TRACE_KINDS, type TraceEvent } from '../../sim/trace.js';
import { parseDurationUs } from '../../sim/units.js';
import { UsageError } from '../errors.js';

export interface TraceFilterOptions {
  readonly traceNode?: string;
  readonly traceKind?: string;
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
  if (us === null) throw new UsageError(`${option}: expected a duration like 1.5s or 200ms, got "${text}"`);
  return us;
}

export function traceFilter(options: TraceFilterOptions): (e: TraceEvent) => boolean {
  const nodes = list(options.traceNode);
  const kinds = list(options.traceKind);
  for (const kind of kinds ?? []) {
    if (!KINDS.includes(kind)) throw new UsageError(`--trace-kind: unknown kind "${kind}" (kinds: ${KINDS.join(', ')})`);
  }
  const fromUs = time('--trace-from', options.traceFrom);
  const toUs = time('--trace-to', options.traceTo);
  return (e) =>
    (nodes === null || nodes.includes(e.node) || (e.peer !== undefined && nodes.includes(e.peer))) &&
    (kinds === null || kinds.includes(e.kind)) &&
    (fromUs === null || e.timeUs >= fromUs) &&
    (toUs === null || e.timeUs <= toUs);
}
