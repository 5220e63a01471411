// `faultline run <scenario>`: one run, its summary (or --json), its trace, its files.
import { join } from 'node:path';
import type { Command } from 'commander';
import type { TraceEvent } from '../../sim/trace.js';
import { EXIT_AS_EXPECTED, EXIT_UNEXPECTED } from '../errors.js';
import { formatEvent } from '../output/describe.js';
import { prepareOutDir, TraceFileWriter, writeRunFiles } from '../output/out-dir.js';
import { runJson } from '../output/run-json.js';
import { measuresTable } from '../output/measures.js';
import { drawnLines, replayCommand, servicesLines, summaryTable, verdictLine, violationLines } from '../output/summary.js';
import { traceFilter, type TraceFilterOptions } from '../output/trace-filter.js';
import { locateViolationOps, violationOpLines } from '../output/violation-ops.js';
import { writeReport } from '../report/write.js';
import { explainLines, runWatched, type RunExtrasOptions } from '../run-extras.js';
import { collect, loadScenario } from '../scenario-input.js';

interface RunOptions extends TraceFilterOptions, RunExtrasOptions {
  readonly seed?: string;
  readonly set?: string[];
  readonly trace?: boolean;
  readonly json?: boolean;
  readonly out?: string;
  readonly explain?: boolean;
}

export function registerRunCommand(program: Command): void {
  program
    .command('run')
    .description('run a scenario once; exit 0 if the verdict is what the scenario expects, 1 if not, 2 on bad input')
    .argument('<scenario>', 'scenario file (YAML or JSON)')
    .option('--seed <n>', 'seed to run (default: the scenario\'s seed)')
    .option('--set <path=value>', 'override a scenario field, e.g. network.drop=1% (repeatable)', collect, [])
    .option('--trace', 'print every event of the run')
    .option('--trace-node <ids>', 'only events at or from these nodes (comma-separated)')
    .option('--trace-kind <kinds>', 'only these kinds: deliver,drop,timer,fault,log,crash,invoke,complete,...')
    .option('--trace-event <names>', 'only events with these names: protocol events, message types, fault kinds (e.g. became-leader,vote)')
    .option('--trace-from <time>', 'only events at or after this virtual time (e.g. 1.5s)')
    .option('--trace-to <time>', 'only events at or before this virtual time')
    .option('--json', 'print one JSON object (fields documented in docs/cli.md)')
    .option('--out <dir>', 'write history.json, history.edn, trace.jsonl and result.json into DIR')
    .option('--report <file.html>', 'write an HTML report of the run (one self-contained file)')
    .option('--state-at <time>', "print each server's view at this virtual time (e.g. 3.3s) as a table")
    .option('--explain', "print the scenario's description, protocol, variant and expectation first")
    .action((file: string, options: RunOptions) => {
      process.exitCode = runCommand(file, options);
    });
}

function runCommand(file: string, options: RunOptions): number {
  const { scenario, protocol } = loadScenario(file, options);
  const overrides = options.set ?? [];
  const show = traceFilter(options);
  if (options.out !== undefined) prepareOutDir(options.out);
  const traceFile = options.out !== undefined ? new TraceFileWriter(join(options.out, 'trace.jsonl')) : null;
  // With --json, stdout carries exactly one JSON object: trace lines go to stderr.
  const traceStream = options.json ? process.stderr : process.stdout;
  const sink =
    options.trace || traceFile !== null
      ? (event: TraceEvent) => {
          traceFile?.write(event);
          if (options.trace && show(event)) traceStream.write(formatEvent(event) + '\n');
        }
      : null;
  // The seed goes out before the run, so even a run that hangs or dies names it.
  if (!options.json) process.stdout.write(`running  ${scenario.name} seed ${scenario.seed}\n`);
  if (options.explain) (options.json ? process.stderr : process.stdout).write(explainLines(scenario, protocol).join('\n') + '\n');
  const { result, report, stateAt } = runWatched(scenario, protocol, overrides, options, sink);
  traceFile?.close();
  if (report !== null) writeReport(options.report!, report);
  for (const name of show.unmatched()) process.stderr.write(`faultline: --trace-event: no event named "${name}" happened in this run\n`);
  const violationOps = locateViolationOps(scenario, protocol, result, report?.ops ?? null);
  const json = runJson(
    result,
    overrides,
    {
      ...(violationOps.length > 0 ? { violationOps } : {}),
      ...(stateAt !== null ? { stateAt: stateAt.json() } : {}),
    },
    scenario.services,
  );
  if (options.out !== undefined) writeRunFiles(options.out, result.history, json);
  if (options.json) {
    process.stdout.write(JSON.stringify(json) + '\n');
  } else {
    const lines = [
      ...drawnLines(result),
      ...servicesLines(scenario.services, scenario.spares),
      summaryTable(result),
      measuresTable(result),
      ...(stateAt !== null ? [stateAt.heading(), stateAt.table()] : []),
      ...violationLines(result),
      ...violationOpLines(result, overrides, violationOps),
      verdictLine(result),
      `replay   ${replayCommand(result, overrides)}`,
    ];
    if (options.out !== undefined) lines.push(`files    ${options.out}/{history.json,history.edn,trace.jsonl,result.json}`);
    if (options.report !== undefined) lines.push(`report   ${options.report}`);
    process.stdout.write(lines.join('\n') + '\n');
  }
  return result.asExpected ? EXIT_AS_EXPECTED : EXIT_UNEXPECTED;
}
