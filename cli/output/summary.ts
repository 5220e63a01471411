// The terminal summary of a run: what was drawn from the seed, a table of figures, the
// verdict, and the command that replays it.
import chalk from 'chalk';
import Table from 'cli-table3';
import type { KvMeasures } from '../../checkers/measures/index.js';
import type { RunResult } from '../../sim/run.js';
import { formatDurationUs } from '../../sim/units.js';

function ms(us: number | null): string {
  return us === null ? '-' : `${(us / 1000).toFixed(2)}ms`;
}

function seconds(us: number): string {
  return `${(us / 1_000_000).toFixed(3)}s`;
}

/** The exact command that reproduces this run. */
export function replayCommand(result: Pick<RunResult, 'file' | 'seed'>, overrides: readonly string[] = []): string {
  const sets = overrides.map((o) => ` --set ${shellQuote(o)}`).join('');
  return `npx faultline run ${shellQuote(result.file ?? '<scenario>')} --seed ${result.seed}${sets}`;
}

export function shellQuote(text: string): string {
  return /^[\w./:=@%+,-]+$/.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`;
}

/** What was drawn from the seed, printed first so a run can be understood and replayed. */
export function drawnLines(result: RunResult): string[] {
  const clocks = Object.entries(result.drawn.clocks)
    .filter(([, c]) => c.driftPpm !== 0 || c.offsetUs !== 0)
    .map(([id, c]) => `${id} ${c.driftPpm >= 0 ? '+' : ''}${c.driftPpm}ppm ${c.offsetUs >= 0 ? '+' : ''}${formatDurationUs(c.offsetUs)}`);
  const lines = [
    `${chalk.bold(result.scenario)}  protocol ${result.protocol}${result.variant ? ` variant ${chalk.yellow(result.variant)}` : ''}  seed ${chalk.bold(String(result.seed))}`,
  ];
  if (clocks.length > 0) lines.push(`clocks   ${clocks.join(', ')}`);
  const nemesis = result.drawn.nemesis;
  if (nemesis.length > 0) {
    const shown = nemesis.slice(0, 6).map((f) => `${formatDurationUs(f.atUs)} ${f.action.kind}`);
    lines.push(`nemesis  ${nemesis.length} faults: ${shown.join(', ')}${nemesis.length > 6 ? ', ...' : ''}`);
  }
  return lines;
}

const VERDICT_COLOUR: Record<RunResult['verdict'], (t: string) => string> = {
  pass: chalk.green.bold,
  violation: chalk.red.bold,
  'no-progress': chalk.yellow.bold,
  vacuous: chalk.yellow.bold,
  unknown: chalk.yellow.bold,
  error: chalk.bgRed.white.bold,
  'budget-exhausted': chalk.yellow.bold,
};

export function verdictLine(result: RunResult): string {
  const colour = VERDICT_COLOUR[result.verdict];
  const expectation =
    result.expected.verdict === 'pass' ? 'pass' : `${result.expected.verdict}${result.expected.violation ? ` (${result.expected.violation})` : ''}`;
  const as = result.asExpected ? chalk.green('as expected') : chalk.red(`expected ${expectation}`);
  // Violations and errors are spelled out above the verdict; other reasons only here.
  const named = result.violations.length > 0 ? `  (${[...new Set(result.violations.map((v) => v.check))].join(', ')})` : '';
  const reason = result.violations.length > 0 || result.error !== null ? named : result.reason ? `  ${result.reason}` : '';
  return `verdict  ${colour(result.verdict.toUpperCase())}  ${as}${reason}`;
}

export function summaryTable(result: RunResult): string {
  const s = result.stats;
  const table = new Table({ style: { head: [], border: [] }, colAligns: ['left', 'right'] });
  const m = s.messages;
  table.push(
    ['ops ok / fail / info', `${s.ops.ok} / ${s.ops.fail} / ${s.ops.info}${s.ops.skipped ? ` (${s.ops.skipped} skipped)` : ''}`],
    ['latency p50 / p99', `${ms(s.latencyUs.p50)} / ${ms(s.latencyUs.p99)}`],
    ['messages sent / delivered', `${m.sent} / ${m.delivered}`],
    ['dropped / duplicated', `${m.dropped} / ${m.duplicated}`],
    ['messages per op', m.perOp === null ? '-' : String(m.perOp)],
    ['bytes', String(m.bytes)],
    ['faults', String(s.faults)],
    ['events', String(s.events)],
    ['virtual time', seconds(s.virtualTimeUs)],
    ['wall time', s.wallMs === null ? '-' : `${s.wallMs.toFixed(1)}ms`],
    ['speed vs real time', s.speedup === null ? '-' : `${s.speedup}x`],
  );
  for (const [name, value] of Object.entries(s.protocol)) table.push([name, formatProtocolFigure(name, value)]);
  if (result.measures !== null) table.push(...measureRows(result.measures));
  if (result.linearizability !== null) {
    table.push(['linearizability', `${result.linearizability.verdict} (${result.linearizability.elapsedMs.toFixed(1)}ms)`]);
  }
  table.push(['trace hash', result.traceHash]);
  return table.toString();
}

function percent(p: number | null): string {
  return p === null ? '-' : `${(p * 100).toFixed(p > 0 && p < 0.001 ? 3 : 1)}%`;
}

/** The consistency measures of a kv history, as table rows. */
export function measureRows(m: KvMeasures): [string, string][] {
  const rows: [string, string][] = [
    ['stale reads', `${m.staleReads} / ${m.reads} (${percent(m.staleReadFraction)})${m.unclassifiedReads ? `, ${m.unclassifiedReads} unclassified` : ''}`],
    ['k-staleness k=1 / 2 / 3', ['1', '2', '3'].map((k) => percent(m.kStaleness[k] ?? null)).join(' / ')],
    ['visible after (p=.9/.99/.999)', ['0.9', '0.99', '0.999'].map((p) => ms(m.visibleAfterUs[p] ?? null)).join(' / ')],
    ['acknowledged writes lost', String(m.lostWrites)],
    ['new/old read inversions', String(m.readInversions)],
    ['reads with siblings / most', `${m.siblingReads} / ${m.siblingsMax}`],
  ];
  for (const [f, l] of Object.entries(m.latency)) rows.push([`${f} p50 / p99 / p999`, `${ms(l.p50Us)} / ${ms(l.p99Us)} / ${ms(l.p999Us)}`]);
  return rows;
}

/** Protocol figures named `...Us` are durations. */
function formatProtocolFigure(name: string, value: number): string {
  return /Us$/.test(name) ? ms(value) : String(value);
}

export function violationLines(result: RunResult): string[] {
  const lines: string[] = [];
  for (const v of result.violations) {
    const where = v.eventIndex !== null ? ` (event ${v.eventIndex}${v.timeUs !== null ? ` at ${seconds(v.timeUs)}` : ''})` : '';
    lines.push(`${chalk.red('violation')} ${chalk.bold(v.check)}${where}: ${v.message}`);
  }
  if (result.linearizability?.verdict === 'not-linearizable') {
    // The first rendered line repeats the explanation already printed with the violation.
    for (const line of result.linearizability.lines) if (!line.startsWith('why:')) lines.push(`  ${line}`);
  }
  if (result.error !== null) {
    lines.push(`${chalk.red('error')} ${result.error.node} threw in ${result.error.handler} at event ${result.error.eventIndex} (${seconds(result.error.timeUs)}): ${result.error.message}`);
    for (const frame of result.error.stack.split('\n')) if (frame.trim()) lines.push(chalk.dim(`  ${frame.trim()}`));
  }
  return lines;
}
