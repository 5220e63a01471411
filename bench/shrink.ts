// Shrinking every shipped bug-variant scenario (a scenario with `variant:` set) at its own
// seed, with a budget of 100 runs: fault events before (the nemesis written out) and after,
// the check it still fails, the runs used and the CPU time. Prints a Markdown table for
// docs/cli.md (the issue's target: at most 5 fault events, or a stated reason).
// Run it compiled: `npm run bench shrink` (or `node dist/bench/main.js shrink`).
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { PROTOCOLS } from '../protocols/registry.js';
import { readScenarioDocument } from '../sim/scenario/index.js';
import { shrinkScenario } from '../cli/shrink-core.js';

const SCENARIOS_DIR = 'scenarios';
const RUNS_MAX = 100;
/** The issue's target: a shrunk failure has at most this many fault events. */
const FAULTS_TARGET = 5;

function variantScenarios(): string[] {
  return readdirSync(SCENARIOS_DIR, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .flatMap((d) => readdirSync(join(SCENARIOS_DIR, d.name)).filter((f) => /\.ya?ml$/.test(f)).map((f) => join(SCENARIOS_DIR, d.name, f)))
    .filter((file) => {
      const variant = readScenarioDocument(file, { protocols: PROTOCOLS })['variant'];
      return typeof variant === 'string' && variant.length > 0;
    })
    .sort();
}

export async function benchShrink(): Promise<void> {
  const say = (line: string) => process.stdout.write(line + '\n');
  say(`| scenario | seed | fails | faults before | faults after | runs | CPU s | ≤ ${FAULTS_TARGET} |`);
  say('|---|---|---|---|---|---|---|---|');
  let met = 0;
  const files = variantScenarios();
  for (const file of files) {
    const doc = readScenarioDocument(file, { protocols: PROTOCOLS });
    const started = process.cpuUsage();
    let row: string;
    try {
      const o = shrinkScenario(doc, file, RUNS_MAX, null);
      const cpu = process.cpuUsage(started);
      const ok = o.after.faults <= FAULTS_TARGET;
      if (ok) met++;
      const before = `${o.before.faults}${o.nemesisFaults > 0 ? ` (${o.nemesisFaults} drawn)` : ''}`;
      row = `| ${file.replace(`${SCENARIOS_DIR}/`, '')} | ${String(doc['seed'] ?? 1)} | ${o.check} | ${before} | ${o.after.faults} | ${o.runs}${o.exhausted ? ' (budget spent)' : ''} | ${((cpu.user + cpu.system) / 1e6).toFixed(1)} | ${ok ? 'yes' : 'no'} |`;
    } catch (error) {
      row = `| ${file.replace(`${SCENARIOS_DIR}/`, '')} | ${String(doc['seed'] ?? 1)} | - | - | - | - | - | ${error instanceof Error ? error.message : String(error)} |`;
    }
    say(row);
  }
  say(`\n${met} of ${files.length} variant scenarios shrink to at most ${FAULTS_TARGET} fault events within ${RUNS_MAX} runs.`);
}
