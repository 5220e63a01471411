// One way to describe a trace event in words, shared by `--trace`, `diff` and reports.
import chalk from 'chalk';
import type { TraceEvent } from '../../sim/trace.js';

const DETAIL_CHARS_MAX = 160;

/** `1.234567s`: true time with microsecond precision, fixed width for columns. */
export function formatTime(us: number): string {
  return `${(us / 1_000_000).toFixed(6)}s`.padStart(12);
}

/** Compact `k=v` rendering of a record, capped in length. */
export function compactFields(fields: Readonly<Record<string, unknown>> | undefined, skip: readonly string[] = []): string {
  if (fields === undefined) return '';
  const parts: string[] = [];
  for (const [key, value] of Object.entries(fields)) {
    if (skip.includes(key) || value === undefined) continue;
    parts.push(`${key}=${compactValue(value)}`);
  }
  const text = parts.join(' ');
  return text.length > DETAIL_CHARS_MAX ? `${text.slice(0, DETAIL_CHARS_MAX - 3)}...` : text;
}

function compactValue(value: unknown): string {
  if (typeof value === 'string') return /\s/.test(value) || value === '' ? JSON.stringify(value) : value;
  if (value === null || typeof value !== 'object') return String(value);
  const json = JSON.stringify(value);
  return json.length > 60 ? `${json.slice(0, 57)}...` : json;
}

/** One line, without the time column: what happened, where. */
export function describeEvent(e: TraceEvent): string {
  const d = e.detail;
  switch (e.kind) {
    case 'deliver':
      return `${e.node} <- ${e.peer} ${e.label} ${compactFields(d?.['msg'] as Record<string, unknown> | undefined, ['type'])}`.trimEnd();
    case 'drop':
      return `${e.node} x- ${e.peer} ${e.label} dropped (${String(d?.['reason'] ?? '?')}${d?.['fault'] !== undefined ? ` ${String(d['fault'])}` : ''})`;
    case 'duplicate':
      return `${e.node} <= ${e.peer} ${e.label} duplicated${d?.['fault'] !== undefined ? ` by ${String(d['fault'])}` : ''}`;
    case 'delay':
      return `${e.node} <~ ${e.peer} ${e.label} held by ${String(d?.['fault'] ?? '?')} until ${String(d?.['arrivalUs'] ?? '?')}us`;
    case 'timer':
      return `${e.node} timer ${e.label}`;
    case 'fault':
      return `fault ${e.label} ${compactFields(d)}`.trimEnd();
    case 'log':
      return `${e.node} ${e.label} ${compactFields(d)}`.trimEnd();
    case 'invoke':
      return `${e.node} invoke ${e.label} ${compactFields(d, ['op'])}`.trimEnd();
    case 'complete':
      return `${e.node} ${String(d?.['type'] ?? 'complete')} ${e.label} ${compactFields(d, ['op', 'type'])}`.trimEnd();
    case 'error':
      return `${e.node} THREW in ${e.label}: ${String(d?.['message'] ?? '')}`;
    default:
      return `${e.node} ${e.kind} ${compactFields(d)}`.trimEnd();
  }
}

const COLOUR: Partial<Record<TraceEvent['kind'], (text: string) => string>> = {
  deliver: chalk.dim,
  drop: chalk.red,
  duplicate: chalk.yellow,
  timer: chalk.blue,
  fault: chalk.magenta.bold,
  log: chalk.cyan,
  crash: chalk.red.bold,
  restart: chalk.green,
  pause: chalk.yellow,
  resume: chalk.green,
  invoke: chalk.white,
  complete: chalk.white.bold,
  error: chalk.bgRed.white,
};

/** A full trace line: time, then the description, coloured by kind (chalk drops colour off a terminal). */
export function formatEvent(e: TraceEvent): string {
  const colour = COLOUR[e.kind] ?? ((t: string) => t);
  return `${chalk.dim(formatTime(e.timeUs))} ${colour(describeEvent(e))}`;
}
