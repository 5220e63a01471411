// The shipped scenarios (scenarios/**/*.yaml) and their golden trace hashes. One place lists
// the files, runs one at its own seed (seed 1 when the file names none: the loader's
// default) and reads or writes test/golden/trace-hashes.json, so the tests that check the
// scenarios and the command that regenerates the hashes agree on what they run.
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROTOCOLS } from '../../protocols/registry.js';
import { runScenario, type RunResult } from '../../sim/run.js';
import { loadScenarioFile } from '../../sim/scenario/index.js';
import type { Scenario } from '../../sim/scenario/types.js';

/** Relative to the repository root (the tests' working directory). */
export const SCENARIOS_DIR = 'scenarios';
export const GOLDEN_HASHES_FILE = join('test', 'golden', 'trace-hashes.json');
export const REGENERATE_COMMAND = 'npm run golden:update';

/** Scenario files under `dir` (YAML or JSON, not the JSON Schema), sorted, depth first. */
export function scenarioFiles(dir: string = SCENARIOS_DIR): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) return scenarioFiles(path);
      return /\.(ya?ml|json)$/.test(name) && !name.endsWith('.schema.json') ? [path] : [];
    });
}

export interface GoldenEntry {
  readonly seed: number;
  readonly traceHash: string;
}

export type GoldenHashes = Readonly<Record<string, GoldenEntry>>;

export interface ShippedRun {
  readonly scenario: Scenario;
  readonly result: RunResult;
}

/** Load and run one shipped file, in this process, at the file's own seed. */
export function runShipped(file: string): ShippedRun {
  const scenario = loadScenarioFile(file, { protocols: PROTOCOLS });
  return { scenario, result: runScenario(scenario, PROTOCOLS.get(scenario.protocol)!) };
}

export function readGoldenHashes(): GoldenHashes {
  return JSON.parse(readFileSync(GOLDEN_HASHES_FILE, 'utf8')) as GoldenHashes;
}

/** Run every shipped file and write the golden file (keys sorted, one entry per line). */
export function writeGoldenHashes(files: readonly string[] = scenarioFiles()): GoldenHashes {
  const hashes: Record<string, GoldenEntry> = {};
  for (const file of files) {
    const { scenario, result } = runShipped(file);
    hashes[file] = { seed: scenario.seed, traceHash: result.traceHash };
  }
  const lines = Object.entries(hashes).map(([file, entry]) => `  ${JSON.stringify(file)}: ${JSON.stringify(entry)}`);
  writeFileSync(GOLDEN_HASHES_FILE, `{\n${lines.join(',\n')}\n}\n`);
  return hashes;
}

/** Why a run's hash does not match its golden entry, or null when it does. */
export function goldenMismatch(file: string, seed: number, traceHash: string, golden: GoldenHashes): string | null {
  const entry = golden[file];
  const fix = `If the change is meant, run \`${REGENERATE_COMMAND}\` and say in the commit message why this hash moved.`;
  if (entry === undefined) return `${file} has no golden trace hash in ${GOLDEN_HASHES_FILE}. ${fix}`;
  if (entry.seed !== seed) return `${file}: golden seed ${entry.seed}, but the file now runs at seed ${seed}. ${fix}`;
  if (entry.traceHash !== traceHash) {
    return `${file} seed ${seed}: trace hash moved from ${entry.traceHash} (golden) to ${traceHash}. ${fix}`;
  }
  return null;
}

/** The files of chunk `index` (0-based) of `count`, dealt round-robin so chunks mix protocols. */
export function chunkOf<T>(items: readonly T[], index: number, count: number): T[] {
  return items.filter((_, i) => i % count === index);
}
