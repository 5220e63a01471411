// A compact terminal rendering of a result: a few plain lines (the CLI adds colour).

import { formatValue } from '../values.js';
import type { Counterexample, LinearizabilityResult, OpSummary } from './check.js';

export interface RenderOptions {
  /** Concurrent ops listed before "+N more" (default 4). */
  readonly maxConcurrent?: number;
  /** Ops of the linearized prefix shown, the last ones (default 3). */
  readonly maxPrefix?: number;
}

/** "p2 read -> 3 (line 14)" */
export function renderOp(op: OpSummary): string {
  const where = op.line !== undefined ? `line ${op.line}` : `#${op.invokeIndex}`;
  return `p${String(op.process)} ${op.text} (${where})`;
}

export function renderCounterexample(c: Counterexample, opts: RenderOptions = {}): string[] {
  const maxConcurrent = opts.maxConcurrent ?? 4;
  const maxPrefix = opts.maxPrefix ?? 3;
  const lines: string[] = [];
  lines.push(`why: ${c.explanation}`);
  if (c.key !== null && c.key !== undefined) lines.push(`key: ${formatValue(c.key, 60)}`);
  if (c.failedOp !== null) lines.push(`could not place: ${renderOp(c.failedOp)}`);
  if (c.concurrent.length > 0) {
    const shown = c.concurrent.slice(0, maxConcurrent).map(renderOp);
    const more = c.concurrent.length > maxConcurrent ? `; +${c.concurrent.length - maxConcurrent} more` : '';
    lines.push(`concurrent with it: ${shown.join('; ')}${more}`);
  }
  const n = c.linearized.length;
  const tail = c.linearized.slice(Math.max(0, n - maxPrefix)).map(renderOp);
  const lead = n > maxPrefix ? '… ' : '';
  lines.push(`longest linearizable prefix: ${n} op${n === 1 ? '' : 's'}${n > 0 ? `, ending ${lead}${tail.join(', ')}` : ''}; state after it: ${c.stateAfter}`);
  return lines;
}

const REASONS: Record<string, string> = {
  timeout: 'the time budget ran out',
  steps: 'the step budget ran out',
  memory: 'the memo size budget ran out',
};

/** The verdict line, then (for a violation) the counterexample lines, indented. */
export function renderResult(r: LinearizabilityResult, opts: RenderOptions = {}): string[] {
  if (r.verdict === 'linearizable') return ['linearizable'];
  if (r.verdict === 'unknown') {
    return [`unknown: ${REASONS[r.unknownReason ?? 'steps'] ?? 'a budget ran out'} after ${r.steps} steps`];
  }
  const c = r.counterexample;
  if (c === null) return ['not linearizable'];
  return ['not linearizable', ...renderCounterexample(c, opts).map((l) => '  ' + l)];
}
