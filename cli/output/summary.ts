// The terminal summary of a run: what was drawn from the seed, a table of figures, the
// verdict, and the command that replays it.
import chalk from 'chalk';
import Table from 'cli-table3';
import type { RunResult } from '../../sim/run.js';
import type { ServiceSpec } from '../../sim/scenario/types.js';
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

/** `services store: store-1 (store) · lock: lock-1, lock-2 + spare lock-3 (lock)`; spares of plain nodes. */
export function servicesLines(services: readonly ServiceSpec[], spares: readonly string[]): string[] {
  if (services.length === 0) return spares.length > 0 ? [`spares   ${spares.join(', ')} (running, not initial members)`] : [];
  const groups = services.map((s) => {
    const spares = s.spares.length > 0 ? ` + spare ${s.spares.join(', ')}` : '';
    return `${s.name}: ${s.nodes.join(', ')}${spares} (${s.kind})`;
  });
  return [`services ${groups.join(' · ')}`];
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
  for (const check of result.histories) {
    const name = check.history === 'main' ? 'linearizability' : `linearizability (${check.history})`;
    const time = check.elapsedMs === null ? '' : `, ${check.elapsedMs.toFixed(1)}ms`;
    const mode = check.mode === 'report' ? ', report only' : '';
    table.push([name, `${check.verdict} (${check.model}, ${check.steps} steps${time}${mode})`]);
  }
  if (result.drain.configuredUs > 0) table.push(['drain used / allowed', `${ms(result.drain.usedUs)} / ${ms(result.drain.configuredUs)}`]);
  table.push(['trace hash', result.traceHash]);
  return table.toString();
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
  for (const v of result.reported) lines.push(`${chalk.yellow('reported')} ${chalk.bold(v.check)}: ${v.message} (report only, not a verdict)`);
  for (const check of result.histories) {
    if (check.verdict !== 'not-linearizable') continue;
    // The first rendered line repeats the explanation already printed with the violation.
    for (const line of check.lines) if (!line.startsWith('why:')) lines.push(`  ${line}`);
  }
  if (result.error !== null) {
    lines.push(`${chalk.red('error')} ${result.error.node} threw in ${result.error.handler} at event ${result.error.eventIndex} (${seconds(result.error.timeUs)}): ${result.error.message}`);
    for (const frame of result.error.stack.split('\n')) if (frame.trim()) lines.push(chalk.dim(`  ${frame.trim()}`));
  }
  return lines;
}
