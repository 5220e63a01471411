// `faultline shrink <scenario> --seed N`: the smallest scenario found that still fails the
// same check, written as a plain scenario file with its seed and a note on what was cut.
import { basename, dirname, isAbsolute, relative, resolve } from 'node:path';
import type { Command } from 'commander';
import { PROTOCOLS } from '../../protocols/registry.js';
import { readScenarioDocument } from '../../sim/scenario/index.js';
import { LINEARIZABILITY } from '../../sim/scenario/index.js';
import { isModuleSpec } from '../../sim/scenario/json-schema.js';
import { formatDurationUs } from '../../sim/units.js';
import { EXIT_AS_EXPECTED, UsageError } from '../errors.js';
import { plural } from '../output/plural.js';
import { writeScenarioFile } from '../output/scenario-yaml.js';
import { out } from '../output/stdio.js';
import { overrideArgs, shellQuote } from '../output/summary.js';
import { collect, loadProtocolModules, parseSeed, resolveScenarioArg, withProtocolOption } from '../scenario-input.js';
import { SHRINK_RUNS_DEFAULT, shrinkScenario, type Protocols, type ShrinkOutcome, type ShrinkSizes } from '../shrink-core.js';
import type { Doc } from '../shrink-steps.js';

interface ShrinkOptions {
  readonly seed: string;
  readonly set?: string[];
  readonly protocol?: string;
  readonly runs?: string;
  readonly check?: string;
  readonly out?: string;
  readonly json?: boolean;
}

export function registerShrinkCommand(program: Command): void {
  program
    .command('shrink')
    .description('minimise a failing run while it still fails the same check; write the smallest scenario found')
    .argument('<scenario>', 'scenario file, YAML or JSON (the current directory first, then the shipped scenarios)')
    .requiredOption('--seed <n>', 'the failing seed')
    .option('--set <path=value>', 'override a scenario field, as for run (repeatable)', collect, [])
    .option('--protocol <file.js>', "run this protocol module instead of the scenario's protocol (a path from the current directory; docs/student-protocols.md)")
    .option('--runs <n>', `budget: at most this many runs (default ${SHRINK_RUNS_DEFAULT})`)
    .option('--check <name>', 'the check that must keep failing (default: the first the run fails)')
    .option('--out <file.yaml>', 'where to write the shrunk scenario (default: <name>.shrunk-seed<N>.yaml here)')
    .option('--json', 'print one JSON object (fields documented in docs/cli.md)')
    .action(async (file: string, options: ShrinkOptions) => {
      process.exitCode = await shrinkCommand(file, options);
    });
}

function parseRuns(text: string | undefined): number {
  if (text === undefined) return SHRINK_RUNS_DEFAULT;
  if (!/^\d+$/.test(text) || Number(text) < 1 || Number(text) > 100_000) throw new UsageError(`--runs: expected a whole number 1..100000, got "${text}"`);
  return Number(text);
}

async function shrinkCommand(arg: string, options: ShrinkOptions): Promise<number> {
  const file = resolveScenarioArg(arg);
  const seed = parseSeed(options.seed);
  const runsMax = parseRuns(options.runs);
  const overrides = withProtocolOption(options);
  const modules = await loadProtocolModules(file, overrides);
  const protocols: Protocols = modules.size === 0 ? PROTOCOLS : new Map([...PROTOCOLS, ...modules]);
  const doc = readScenarioDocument(file, { protocols, overrides, seed });
  const outcome = shrinkScenario(doc, file, runsMax, options.check ?? null, protocols);
  const outFile = options.out ?? `${basename(file).replace(/\.(ya?ml|json)$/i, '')}.shrunk-seed${seed}.yaml`;
  const command = `faultline shrink ${shellQuote(file)} --seed ${seed}${overrideArgs(overrides)}${options.runs !== undefined ? ` --runs ${runsMax}` : ''}`;
  writeScenarioFile(outFile, withModuleFrom(expectingFailure(outcome, protocols), file, overrides, outFile), noteLines(outcome, command));
  const replay = `npx faultline run ${shellQuote(outFile)}`;
  out(options.json ? JSON.stringify(shrinkJson(outcome, file, seed, outFile, replay)) + '\n' : reportLines(outcome, outFile, replay).join('\n') + '\n');
  return EXIT_AS_EXPECTED;
}

/**
 * A protocol module is named by a path from the folder it was given in (the current
 * directory for --protocol, the scenario's folder for its own `protocol:`); the shrunk file
 * may be written elsewhere, so its `protocol:` becomes a path from the shrunk file's folder.
 */
function withModuleFrom(doc: Doc, file: string, overrides: readonly string[], outFile: string): Doc {
  const spec = doc['protocol'];
  if (typeof spec !== 'string' || !isModuleSpec(spec) || isAbsolute(spec)) return doc;
  const base = overrides.includes(`protocol=${spec}`) ? process.cwd() : dirname(file);
  const path = relative(dirname(resolve(outFile)), resolve(base, spec)).split('\\').join('/');
  return { ...doc, protocol: path.startsWith('../') ? path : `./${path}` };
}

/** The shrunk document expects the failure it shows (so running it passes while the bug is there). */
function expectingFailure(outcome: ShrinkOutcome, protocols: Protocols): Doc {
  const { doc, check } = outcome;
  const { sometimes: _sometimes, ...expect } = (doc['expect'] ?? {}) as Record<string, unknown>;
  if (check === 'error') return doc;
  if (check === 'no-progress') return { ...doc, expect: { ...expect, verdict: 'no-progress', violation: null } };
  const invariants = (protocols.get(String(doc['protocol']))?.invariants ?? []).map((i) => i.name);
  const named = check === LINEARIZABILITY || invariants.includes(check);
  return { ...doc, expect: { ...expect, verdict: 'violation', violation: named ? check : null } };
}

function sizeLine(before: ShrinkSizes, after: ShrinkSizes): string {
  const pair = (name: string, a: number | string, b: number | string) => `${name} ${a} -> ${b}`;
  return [
    pair('faults', before.faults, after.faults),
    pair('clients', before.clients, after.clients),
    pair('keys', before.keys, after.keys),
    pair('duration', formatDurationUs(before.durationUs), formatDurationUs(after.durationUs)),
    pair('ops', before.ops, after.ops),
    pair('events', before.events, after.events),
  ].join(', ');
}

function noteLines(o: ShrinkOutcome, command: string): string[] {
  const drawn = o.nemesisFaults > 0 ? ` (the nemesis written out first: ${o.nemesisFaults} drawn faults)` : '';
  return [
    `Shrunk by: ${command}`,
    `It still fails ${o.check} at seed ${o.final.seed}; expect: says so. Trace hash ${o.final.traceHash}.`,
    `Removed${drawn}: ${sizeLine(o.before, o.after)}.`,
    `${o.runs} runs of a budget of ${o.runsMax}${o.exhausted ? '; the budget ran out (a larger --runs may shrink further)' : ''}.`,
  ];
}

/** Everything but the faults, as a terminal line reads it: `3 clients, 1 key, 2s, 40 ops, 900 events`. */
function sizes(s: ShrinkSizes): string {
  return [plural(s.clients, 'client'), plural(s.keys, 'key'), formatDurationUs(s.durationUs), plural(s.ops, 'op'), plural(s.events, 'event')].join(', ');
}

function reportLines(o: ShrinkOutcome, outFile: string, replay: string): string[] {
  return [
    `shrunk     still fails ${o.check} (seed ${o.final.seed})`,
    `before     ${plural(o.before.faults, 'fault')}${o.nemesisFaults > 0 ? ` (${o.nemesisFaults} drawn by the nemesis)` : ''}, ${sizes(o.before)}`,
    `after      ${plural(o.after.faults, 'fault')}, ${sizes(o.after)}`,
    `runs       ${o.runs} of ${o.runsMax}${o.exhausted ? ' (budget spent: --runs N may shrink further)' : ''}`,
    `scenario   ${outFile}`,
    `replay     ${replay}`,
  ];
}

function shrinkJson(o: ShrinkOutcome, file: string, seed: number, outFile: string, replay: string): Record<string, unknown> {
  return {
    file,
    seed,
    check: o.check,
    out: outFile,
    runs: o.runs,
    runsMax: o.runsMax,
    exhausted: o.exhausted,
    nemesisFaults: o.nemesisFaults,
    before: o.before,
    after: o.after,
    verdict: o.final.verdict,
    traceHash: o.final.traceHash,
    replay,
  };
}
