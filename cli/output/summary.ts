// The terminal summary of a run: the header (scenario, file and seed, printed once, before
// the run), what was drawn from the seed, the figures (sections.ts), the verdict, and the
// command that replays it, or why there is none.
import chalk from 'chalk';
import type { RunResult } from '../../sim/run.js';
import type { Scenario, ServiceSpec } from '../../sim/scenario/types.js';
import { formatDurationUs } from '../../sim/units.js';
import { faultEntry } from '../../sim/scenario/fault-entries.js';
import { faultLine } from './scenario-yaml.js';
import { isModuleSpec } from '../../sim/scenario/json-schema.js';
import { renderSections, runSections } from './sections.js';
import { cutAtWord, humanDurationUs } from './text.js';

/** The exact command that reproduces this run. */
export function replayCommand(result: Pick<RunResult, 'file' | 'seed'>, overrides: readonly string[] = []): string {
  return `npx faultline run ${shellQuote(result.file ?? '<scenario>')} --seed ${result.seed}${overrideArgs(overrides)}`;
}

/** The command that shrinks a failing seed (faultline shrink). */
export function shrinkCommand(file: string | null, seed: number, overrides: readonly string[] = []): string {
  return `npx faultline shrink ${shellQuote(file ?? '<scenario>')} --seed ${seed}${overrideArgs(overrides)}`;
}

/** Overrides as command-line options: `--protocol X` travels as the override protocol=X and reads back as the option it was. */
export function overrideArgs(overrides: readonly string[]): string {
  return overrides
    .map((o) => (o.startsWith('protocol=') && isModuleSpec(o.slice('protocol='.length)) ? ` --protocol ${shellQuote(o.slice('protocol='.length))}` : ` --set ${shellQuote(o)}`))
    .join('');
}

export function shellQuote(text: string): string {
  return /^[\w./:=@%+,-]+$/.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`;
}

/** The first line, printed before the run starts, so even a run that never ends names its seed. */
export function headerLine(scenario: Scenario): string {
  const variant = scenario.variant ? ` variant ${chalk.yellow(scenario.variant)}` : '';
  return `${chalk.bold(scenario.name)}  ${scenario.file ?? ''}  protocol ${scenario.protocol}${variant}  seed ${chalk.bold(String(scenario.seed))}`;
}

/** What was drawn from the seed, so a run can be understood (the seed itself is in the header). */
export function drawnLines(result: RunResult): string[] {
  const clocks = Object.entries(result.drawn.clocks)
    .filter(([, c]) => c.driftPpm !== 0 || c.offsetUs !== 0)
    .map(([id, c]) => `${id} ${c.driftPpm >= 0 ? '+' : ''}${c.driftPpm}ppm${c.offsetUs === 0 ? '' : ` ${c.offsetUs > 0 ? '+' : ''}${formatDurationUs(c.offsetUs)}`}`);
  const lines: string[] = [];
  if (clocks.length > 0) lines.push(`clocks     ${clocks.join(', ')}`);
  const nemesis = result.drawn.nemesis;
  if (nemesis.length > 0) {
    // In full, as scenario entries: what --nemesis-out writes and what a person would edit.
    lines.push(`nemesis    ${nemesis.length} faults drawn (--nemesis-out <file.yaml> writes them as a plain scenario):`);
    for (const fault of nemesis) lines.push(`           ${faultLine(faultEntry(fault))}`);
  }
  return lines;
}

export function summaryLines(result: RunResult, verbose: boolean, width: number): string[] {
  return renderSections(runSections(result), verbose, width);
}

const VERDICT_COLOUR: Record<RunResult['verdict'], (t: string) => string> = {
  pass: chalk.green.bold,
  violation: chalk.red.bold,
  'no-progress': chalk.yellow.bold,
  vacuous: chalk.yellow.bold,
  skipped: chalk.cyan.bold,
  unknown: chalk.yellow.bold,
  error: chalk.bgRed.white.bold,
  'budget-exhausted': chalk.yellow.bold,
};

/** What the scenario wants, in words: `a pass`, `a linearizability violation`, or for a sweep `every seed to pass`. */
export function wantedText(expect: Scenario['expect'], what: 'run' | 'sweep'): string {
  if (expect.verdict === 'pass') return what === 'run' ? 'a pass' : 'every seed to pass';
  const outcome =
    expect.verdict === 'violation' ? `${expect.violation === null ? 'a' : `a ${expect.violation}`} violation` : expect.verdict === 'no-progress' ? 'no progress' : `a ${expect.verdict} verdict`;
  return what === 'run' ? outcome : `at least one seed with ${outcome}`;
}

/** `services store: store-1 (store) · lock: lock-1, lock-2 + spare lock-3 (lock)`; spares of plain nodes. */
export function servicesLines(services: readonly ServiceSpec[], spares: readonly string[]): string[] {
  if (services.length === 0) return spares.length > 0 ? [`spares   ${spares.join(', ')} (running, not initial members)`] : [];
  const groups = services.map((s) => {
    const spareIds = s.spares.length > 0 ? ` + spare ${s.spares.join(', ')}` : '';
    return `${s.name}: ${s.nodes.join(', ')}${spareIds} (${s.kind})`;
  });
  return [`services ${groups.join(' · ')}`];
}

export function verdictLine(result: RunResult): string {
  const colour = VERDICT_COLOUR[result.verdict];
  const wanted = wantedText(result.expected, 'run');
  const as = result.asExpected ? chalk.green(`as expected (wanted ${wanted})`) : chalk.red(`not as expected (wanted ${wanted})`);
  // Violations and errors are spelled out above the verdict; other reasons only here.
  const named = result.violations.length > 0 ? `  (${[...new Set(result.violations.map((v) => v.check))].join(', ')})` : '';
  const reason = result.violations.length > 0 || result.error !== null ? named : result.reason ? `  ${result.reason}` : '';
  return `verdict    ${colour(result.verdict.toUpperCase())}  ${as}${reason}`;
}

/** The replay command, or, when a wall-clock budget decided the result, why there is none. */
export function replayLine(result: RunResult, overrides: readonly string[]): string {
  if (result.reproducible) return `replay     ${replayCommand(result, overrides)}`;
  return chalk.yellow(
    'replay     none: this result is not reproducible (a wall-clock budget decided it, so the same seed may end elsewhere); ' +
      'use limits.events or limits.virtualTime to bound a run deterministically',
  );
}

export function violationLines(result: RunResult, debug: boolean, width: number): string[] {
  const lines: string[] = [];
  for (const v of result.violations) {
    const where = v.eventIndex !== null ? ` (event ${v.eventIndex}${v.timeUs !== null ? ` at ${humanDurationUs(v.timeUs)}` : ''})` : '';
    lines.push(`${chalk.red('violation')} ${chalk.bold(v.check)}${where}: ${v.message}`);
  }
  for (const v of result.reported) lines.push(`${chalk.yellow('reported')} ${chalk.bold(v.check)}: ${v.message} (report only, not a verdict)`);
  for (const check of result.histories) {
    if (check.verdict !== 'not-linearizable') continue;
    // The first rendered line repeats the explanation already printed with the violation.
    for (const line of check.lines) if (!line.startsWith('why:')) lines.push(`  ${line}`);
  }
  const e = result.error;
  if (e !== null) {
    lines.push(`${chalk.red('error')} ${e.node} threw in ${e.handler} at event ${e.eventIndex} (${humanDurationUs(e.timeUs)}), seed ${result.seed}: ${cutAtWord(e.message, width * 3)}`);
    if (!debug) {
      lines.push(chalk.dim('  (--debug shows the stack, mapped to the TypeScript sources)'));
    } else {
      for (const frame of e.stack.split('\n').slice(1)) if (frame.trim()) lines.push(chalk.dim(`  ${frame.trim()}`));
    }
  }
  return lines;
}
