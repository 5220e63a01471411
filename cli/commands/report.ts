// `faultline report <run-dir>`: the HTML report of a run saved with `run --out`. The run
// is re-run from result.json's scenario file, seed and overrides (runs are deterministic,
// so the re-run is the run); a different trace hash means the file changed since, and
// is said so.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { EXIT_AS_EXPECTED, UsageError } from '../errors.js';
import { collectRun } from '../report/collect.js';
import { writeReport } from '../report/write.js';
import { loadScenarioInput } from '../scenario-input.js';
import { out, err } from '../output/stdio.js';

interface SavedRun {
  readonly file: string;
  readonly seed: number;
  readonly set: readonly string[];
  readonly traceHash: string | null;
}

export function registerReportCommand(program: Command): void {
  program
    .command('report')
    .description('write the HTML report of a run saved with `run --out DIR` (re-runs it from DIR/result.json)')
    .argument('<run-dir>', 'the directory `run --out` wrote')
    .option('-o, --output <file.html>', 'where to write the report (default: RUN-DIR/report.html)')
    .action(async (dir: string, options: { output?: string }) => {
      process.exitCode = await reportCommand(dir, options.output ?? join(dir, 'report.html'));
    });
}

function readSavedRun(dir: string): SavedRun {
  const path = join(dir, 'result.json');
  if (!existsSync(path)) throw new UsageError(`${path}: not found (expected a directory written by \`faultline run --out\`)`);
  let json: Record<string, unknown>;
  try {
    json = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
  } catch (error) {
    throw new UsageError(`${path}: not valid JSON (${(error as Error).message})`);
  }
  if (typeof json['file'] !== 'string') throw new UsageError(`${path}: field "file": expected the scenario file the run used`);
  if (typeof json['seed'] !== 'number') throw new UsageError(`${path}: field "seed": expected a number`);
  const set = json['set'] ?? [];
  if (!Array.isArray(set) || !set.every((s) => typeof s === 'string')) throw new UsageError(`${path}: field "set": expected a list of path=value overrides`);
  return { file: json['file'], seed: json['seed'], set, traceHash: typeof json['traceHash'] === 'string' ? json['traceHash'] : null };
}

async function reportCommand(dir: string, output: string): Promise<number> {
  const saved = readSavedRun(dir);
  const { scenario, protocol } = await loadScenarioInput(saved.file, { seed: String(saved.seed), set: saved.set });
  const { result, data } = collectRun(scenario, protocol, saved.set);
  if (saved.traceHash !== null && saved.traceHash !== result.traceHash) {
    err(
      `faultline: warning: the re-run's trace hash ${result.traceHash} differs from the saved ${saved.traceHash}: ` +
        `${saved.file} or faultline changed since the run; the report shows the re-run\n`,
    );
  }
  writeReport(output, data, '--output');
  out(`report   ${output}  (${scenario.name} seed ${result.seed}: ${result.verdict})\n`);
  return EXIT_AS_EXPECTED;
}
