// `faultline run <scenario>`: one run, its summary (or --json), its trace, its files.
import { join } from 'node:path';
import type { Command } from 'commander';
import type { RunResult } from '../../sim/run.js';
import type { TraceEvent } from '../../sim/trace.js';
import { EXIT_AS_EXPECTED, EXIT_SKIPPED, EXIT_UNEXPECTED } from '../errors.js';
import { formatEvent } from '../output/describe.js';
import { prepareOutDir, TraceFileWriter, writeRunFiles } from '../output/out-dir.js';
import { runProgress } from '../output/run-progress.js';
import { runJson } from '../output/run-json.js';
import { err, out } from '../output/stdio.js';
import { drawnLines, headerLine, replayLine, servicesLines, summaryLines, verdictLine, violationLines } from '../output/summary.js';
import { terminalWidth } from '../output/text.js';
import { traceFilter, type TraceFilterOptions } from '../output/trace-filter.js';
import { locateViolationOps, violationOpLines } from '../output/violation-ops.js';
import { writeReport } from '../report/write.js';
import { writeNemesisOut } from '../nemesis-out.js';
import { explainLines, runWatched, type DeterminismCheck, type RunExtrasOptions } from '../run-extras.js';
import { collect, loadScenarioInput, resolveScenarioArg, withProtocolOption } from '../scenario-input.js';
import type { AnyProtocol } from '../../sim/protocol.js';
import { closest } from '../../sim/scenario/errors.js';

interface RunOptions extends TraceFilterOptions, RunExtrasOptions {
  readonly seed?: string;
  readonly set?: string[];
  readonly trace?: boolean;
  readonly json?: boolean;
  readonly out?: string;
  readonly verbose?: boolean;
  readonly debug?: boolean;
  readonly explain?: boolean;
  readonly nemesisOut?: string;
  readonly protocol?: string;
}

export function registerRunCommand(program: Command): void {
  program
    .command('run')
    .description('run a scenario once; exit 0 if the verdict is what the scenario expects, 1 if not, 2 on bad input')
    .argument('<scenario>', 'scenario file, YAML or JSON (the current directory first, then the shipped scenarios)')
    .option('--seed <n>', 'seed to run (default: the scenario\'s seed)')
    .option('--set <path=value>', 'override a scenario field, e.g. network.drop=1% (repeatable)', collect, [])
    .option('--protocol <file.js>', "run this protocol module instead of the scenario's protocol (a path from the current directory; docs/student-protocols.md)")
    .option('--check-determinism', 'run the seed twice and compare the trace hashes (exit 1 if they differ)')
    .option('--trace', 'print every event of the run')
    .option('--trace-node <ids>', 'only events at or from these nodes (comma-separated)')
    .option('--trace-kind <kinds>', 'only these kinds: deliver,drop,timer,fault,log,crash,invoke,complete,...')
    .option('--trace-event <names>', 'only events with these names: protocol events, message types, fault kinds (e.g. became-leader,vote)')
    .option('--trace-from <time>', 'only events at or after this virtual time (e.g. 1.5s)')
    .option('--trace-to <time>', 'only events at or before this virtual time')
    .option('--json', 'print one JSON object (fields documented in docs/cli.md)')
    .option('--out <dir>', 'write history.json, history.edn, trace.jsonl and result.json into DIR')
    .option('--verbose', 'show every figure of the summary (bytes, drops by cause, trace hash, ...)')
    .option('--debug', 'with an exception in protocol code, show its stack (mapped to the TypeScript sources)')
    .option('--report <file.html>', 'write an HTML report of the run (one self-contained file)')
    .option('--state-at <time>', "print each server's view at this virtual time (e.g. 3.3s) as a table")
    .option('--explain', "print the scenario's description, protocol, variant and expectation first")
    .option('--nemesis-out <file.yaml>', 'write the scenario with its nemesis replaced by the faults this seed drew (a plain scenario, same trace hash)')
    .action(async (file: string, options: RunOptions) => {
      process.exitCode = await runCommand(file, options);
    });
}

/** Why a --trace-event name matched nothing: not declared by the protocol (with a did-you-mean), or it never happened. */
function unmatchedEvent(name: string, protocol: AnyProtocol): string {
  const declared = [...Object.keys(protocol.events ?? {}), ...(protocol.messageTypes ?? [])];
  if (declared.length === 0 || declared.includes(name)) return `no event named "${name}" happened in this run`;
  const hint = closest(name, declared);
  return `no event named "${name}" happened in this run; ${protocol.name} declares no event or message type by that name${hint === null ? '' : ` (did you mean ${hint}?)`}`;
}

async function runCommand(arg: string, options: RunOptions): Promise<number> {
  const file = resolveScenarioArg(arg);
  const { scenario, protocol } = await loadScenarioInput(file, options);
  const overrides = withProtocolOption(options);
  const show = traceFilter(options, [...scenario.servers, ...scenario.clients]);
  if (options.out !== undefined) prepareOutDir(options.out);
  const traceFile = options.out !== undefined ? new TraceFileWriter(join(options.out, 'trace.jsonl')) : null;
  // With --json, stdout carries exactly one JSON object: trace lines go to stderr.
  const print = options.json ? err : out;
  const sink =
    options.trace || traceFile !== null
      ? (event: TraceEvent) => {
          traceFile?.write(event);
          if (options.trace && show(event)) print(formatEvent(event) + '\n');
        }
      : null;
  // The seed goes out before the run, so even a run that hangs or dies names it.
  if (!options.json) out(headerLine(scenario) + '\n');
  if (options.explain) print(explainLines(scenario, protocol).join('\n') + '\n');
  const progress = runProgress(scenario.durationUs, !options.trace && process.stderr.isTTY === true);
  const { result, report, stateAt, determinism } = runWatched(scenario, protocol, overrides, options, sink, progress);
  progress.done();
  traceFile?.close();
  if (report !== null) writeReport(options.report!, report);
  for (const name of show.unmatched()) err(`faultline: --trace-event: ${unmatchedEvent(name, protocol)}\n`);
  const violationOps = locateViolationOps(scenario, protocol, result, report?.ops ?? null);
  const json = runJson(
    result,
    overrides,
    protocol.model,
    {
      ...(violationOps.length > 0 ? { violationOps } : {}),
      ...(stateAt !== null ? { stateAt: stateAt.json() } : {}),
      ...(determinism !== null ? { determinism } : {}),
    },
    scenario.services,
  );
  if (options.out !== undefined) writeRunFiles(options.out, result.history, json);
  if (options.nemesisOut !== undefined) writeNemesisOut(options.nemesisOut, file, overrides, result);
  const extras: RunExtras = {
    services: servicesLines(scenario.services, scenario.spares),
    stateAt: stateAt === null ? [] : [stateAt.heading(), stateAt.table()], violationOps: violationOpLines(result, overrides, violationOps),
    determinism: determinismLines(determinism) };
  out(options.json ? JSON.stringify(json) + '\n' : terminalReport(result, options, extras).join('\n') + '\n');
  if (determinism !== null && !determinism.same) return EXIT_UNEXPECTED;
  if (result.verdict === 'skipped') return EXIT_SKIPPED;
  return result.asExpected ? EXIT_AS_EXPECTED : EXIT_UNEXPECTED;
}

/** Lines the service groups, --state-at and a violation's ops add to the report. */
interface RunExtras {
  readonly services: readonly string[];
  readonly stateAt: readonly string[];
  readonly violationOps: readonly string[];
  readonly determinism: readonly string[];
}

/** --check-determinism: one line when the two runs agree; where they parted when not. */
function determinismLines(check: DeterminismCheck | null): string[] {
  if (check === null) return [];
  if (check.same) return [`determinism  the seed ran twice with the same trace hash ${check.traceHashes[0]}`];
  const lines = [
    `determinism  FAILED: the same seed ran twice with trace hashes ${check.traceHashes[0]} and ${check.traceHashes[1]}: ` +
      'the run depends on something besides the scenario and the seed (state kept between runs, real time, real randomness)',
  ];
  const d = check.firstDifference;
  if (d !== null) {
    lines.push(`  first difference at event ${d.index}`);
    lines.push(`  1st run: ${d.first !== null ? formatEvent(d.first) : '(trace ended)'}`);
    lines.push(`  2nd run: ${d.second !== null ? formatEvent(d.second) : '(trace ended)'}`);
  }
  return lines;
}

/** The terminal report after the header line. */
function terminalReport(result: RunResult, options: RunOptions, extras: RunExtras): string[] {
  const width = terminalWidth();
  const lines = [
    ...drawnLines(result),
    ...extras.services,
    ...summaryLines(result, options.verbose === true, width),
    ...extras.stateAt,
    ...violationLines(result, options.debug === true, width),
    ...extras.violationOps,
    ...extras.determinism,
    verdictLine(result),
    replayLine(result, withProtocolOption(options)),
  ];
  if (options.out !== undefined) lines.push(`files      ${options.out}/{history.json,history.edn,trace.jsonl,result.json}`);
  if (options.report !== undefined) lines.push(`report     ${options.report}`);
  if (options.nemesisOut !== undefined) lines.push(`scenario   ${options.nemesisOut} (the nemesis written out as plain faults)`);
  return lines;
}
