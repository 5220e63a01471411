// `faultline diff <a> <b>`: compare two traces (trace.jsonl from `run --out`) and show the
// first event where they differ, with a little context. Identical traces exit 0, else 1.
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { firstDifference, type TraceEvent } from '../../sim/trace.js';
import { EXIT_AS_EXPECTED, EXIT_UNEXPECTED, UsageError } from '../errors.js';
import { formatEvent } from '../output/describe.js';
import { out } from '../output/stdio.js';

const CONTEXT_EVENTS = 3;

export function readTraceFile(file: string): TraceEvent[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new UsageError(`${file}: cannot read file (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
  const events: TraceEvent[] = [];
  text.split('\n').forEach((line, i) => {
    if (line.trim() === '') return;
    try {
      const event = JSON.parse(line) as TraceEvent;
      if (typeof event !== 'object' || event === null || typeof event.kind !== 'string' || typeof event.timeUs !== 'number') {
        throw new Error('not a trace event');
      }
      events.push(event);
    } catch {
      throw new UsageError(`${file}:${i + 1}: expected a trace event (one JSON object per line, as written by run --out)`);
    }
  });
  return events;
}

export function registerDiffCommand(program: Command): void {
  program
    .command('diff')
    .description('compare two traces (trace.jsonl from run --out) to their first differing event')
    .argument('<a>', 'first trace.jsonl')
    .argument('<b>', 'second trace.jsonl')
    .option('--json', 'print {identical, index, a, b}')
    .action((a: string, b: string, options: { json?: boolean }) => {
      const left = readTraceFile(a);
      const right = readTraceFile(b);
      const difference = firstDifference(left, right);
      if (options.json) {
        out(JSON.stringify({ identical: difference === null, ...(difference ?? {}) }) + '\n');
      } else if (difference === null) {
        out(`identical: ${left.length} events\n`);
      } else {
        const lines = [`first difference at event ${difference.index}`];
        for (let i = Math.max(0, difference.index - CONTEXT_EVENTS); i < difference.index; i++) {
          lines.push(`  = ${formatEvent(left[i]!)}`);
        }
        lines.push(`  a ${difference.a ? formatEvent(difference.a) : '(trace ended)'}`);
        lines.push(`  b ${difference.b ? formatEvent(difference.b) : '(trace ended)'}`);
        out(lines.join('\n') + '\n');
      }
      process.exitCode = difference === null ? EXIT_AS_EXPECTED : EXIT_UNEXPECTED;
    });
}
