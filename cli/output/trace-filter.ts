// `--trace-node`, `--trace-kind`, `--trace-name`, `--trace-from`, `--trace-to`: which events to print.
import { closest } from '../../sim/scenario/errors.js';
import type { AnyProtocol } from '../../sim/protocol.js';
import { TRACE_KINDS, type TraceEvent } from '../../sim/trace.js';
import { parseDurationUs } from '../../sim/units.js';
import { UsageError } from '../errors.js';

export interface TraceFilterOptions {
  readonly traceNode?: string;
  readonly traceKind?: string;
  readonly traceName?: string;
  readonly traceFrom?: string;
  readonly traceTo?: string;
}

const KINDS: readonly string[] = TRACE_KINDS;
/** The kinds whose label is a protocol event or a message type. */
const NAMED_KINDS: ReadonlySet<string> = new Set(['log', 'deliver', 'drop', 'duplicate']);

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

/**
 * `--trace-name`: protocol events (log records) and message types (deliveries, drops,
 * duplicates) by name. Checked against what the protocol declares, when it declares them.
 */
function names(text: string | undefined, protocol: AnyProtocol | null): string[] | null {
  const wanted = list(text);
  if (wanted === null || protocol === null || (protocol.events === undefined && protocol.messageTypes === undefined)) return wanted;
  const known = [...Object.keys(protocol.events ?? {}), ...(protocol.messageTypes ?? [])];
  for (const name of wanted) {
    if (known.includes(name)) continue;
    const hint = closest(name, known);
    throw new UsageError(
      `--trace-name: ${protocol.name} has no event or message type "${name}"${hint === null ? '' : ` (did you mean ${hint}?)`}; ` +
        `events: ${Object.keys(protocol.events ?? {}).join(', ')}; messages: ${(protocol.messageTypes ?? []).join(', ')}`,
    );
  }
  return wanted;
}

export function traceFilter(options: TraceFilterOptions, protocol: AnyProtocol | null = null): (e: TraceEvent) => boolean {
  const nodes = list(options.traceNode);
  const kinds = list(options.traceKind);
  const labels = names(options.traceName, protocol);
  for (const kind of kinds ?? []) {
    if (!KINDS.includes(kind)) throw new UsageError(`--trace-kind: unknown kind "${kind}" (kinds: ${KINDS.join(', ')})`);
  }
  const fromUs = time('--trace-from', options.traceFrom);
  const toUs = time('--trace-to', options.traceTo);
  return (e) =>
    (nodes === null || nodes.includes(e.node) || (e.peer !== undefined && nodes.includes(e.peer))) &&
    (kinds === null || kinds.includes(e.kind)) &&
    (labels === null || (NAMED_KINDS.has(e.kind) && labels.includes(e.label))) &&
    (fromUs === null || e.timeUs >= fromUs) &&
    (toUs === null || e.timeUs <= toUs);
}
