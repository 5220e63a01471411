// `faultline lesson [name]`: without a name, the lessons that ship (lessons/); with one, run
// the lesson's scenarios for each of its systems over its seeds and print one measured
// table, the description, the questions for the class and the command that replays each
// run. `--report` writes the HTML report of the runs (one file, or a directory of them).
import { mkdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { Command } from 'commander';
import Table from 'cli-table3';
import type { RunOne } from '../compare-core.js';
import { EXIT_AS_EXPECTED, UsageError } from '../errors.js';
import { loadLesson, shippedLessonNames, type Lesson } from '../lessons/lesson-file.js';
import { runLesson, type LessonRun } from '../lessons/measure.js';
import { out } from '../output/stdio.js';
import { shellQuote } from '../output/summary.js';
import { PACKAGE_ROOT } from '../package-info.js';
import { collectRun } from '../report/collect.js';
import { writeReport } from '../report/write.js';
import { collect } from '../scenario-input.js';
import { parseSeedList } from '../sweep-core.js';
import { runScenario } from '../../sim/run.js';

interface LessonOptions {
  readonly seeds?: string;
  readonly set?: string[];
  readonly json?: boolean;
  readonly report?: string;
  readonly system?: string;
  readonly scenario?: string;
}

/** A lesson is a handful of runs per row; sweeps are `sweep`'s job. */
const LESSON_SEEDS_MAX = 100;

export function registerLessonCommand(program: Command): void {
  program
    .command('lesson')
    .description('run a lesson (CAP, PACELC, leases, Figure 8, ...): one measured table and the questions to ask; without a name, list them')
    .argument('[name]', 'a lesson that ships (faultline lesson lists them), or a lesson.yaml of your own')
    .option('--seeds <range>', "seeds each row runs (default: the lesson's)")
    .option('--set <path=value>', 'override a scenario field in every run (repeatable)', collect, [])
    .option('--json', 'print one JSON object (fields documented in docs/cli.md)')
    .option('--report <file.html|dir>', 'write the HTML report of the first seed: one run to a .html file (--system, --scenario), else every run into a directory')
    .option('--system <name>', 'with --report FILE.html: the system to report (default: the first)')
    .option('--scenario <name>', "with --report FILE.html: the lesson's scenario to report (default: the first)")
    .action(async (name: string | undefined, options: LessonOptions) => {
      process.exitCode = name === undefined ? listLessons(options) : await lessonCommand(name, options);
    });
}

function listLessons(options: LessonOptions): number {
  const lessons = shippedLessonNames().map((name) => loadLesson(name));
  if (options.json) {
    out(JSON.stringify({ lessons: lessons.map((l) => ({ name: l.name, title: l.title, systems: l.systems.map((s) => s.name), scenarios: displayFiles(l) })) }) + '\n');
    return EXIT_AS_EXPECTED;
  }
  const width = Math.max(...lessons.map((l) => l.name.length));
  out(lessons.map((l) => `${l.name.padEnd(width)}  ${l.title}`).join('\n') + '\nrun one: faultline lesson <name>   (docs/teaching.md is the lecturer\'s guide)\n');
  return EXIT_AS_EXPECTED;
}

/** A file as a user types it: relative to the package (which `run` resolves from anywhere). */
function displayFile(file: string): string {
  const rel = relative(PACKAGE_ROOT, file);
  return rel.startsWith('..') ? file : rel;
}

function displayFiles(lesson: Lesson): Record<string, string> {
  return Object.fromEntries(Object.entries(lesson.scenarios).map(([k, f]) => [k, displayFile(f)]));
}

const slug = (text: string): string => text.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');

/** Reports of the first seed: of one chosen run, or of every run into a directory. */
function reportWatcher(lesson: Lesson, options: LessonOptions, written: string[]): (scenario: string) => RunOne | undefined {
  const path = options.report;
  const single = path?.endsWith('.html') === true;
  if (!single && (options.system !== undefined || options.scenario !== undefined)) {
    throw new UsageError('--system and --scenario choose the run of --report FILE.html; give one');
  }
  if (path === undefined) return () => undefined;
  const scenarioKey = options.scenario ?? Object.keys(lesson.scenarios)[0]!;
  if (options.scenario !== undefined && lesson.scenarios[scenarioKey] === undefined) {
    throw new UsageError(`--scenario: ${lesson.name} has no scenario ${scenarioKey} (it has ${Object.keys(lesson.scenarios).join(', ')})`);
  }
  const systemIndex = options.system === undefined ? 0 : lesson.systems.findIndex((s) => s.name === options.system);
  if (systemIndex < 0) throw new UsageError(`--system: ${lesson.name} has no system "${options.system}" (it has ${lesson.systems.map((s) => s.name).join(', ')})`);
  if (!single) mkdirSync(path, { recursive: true });
  return (scenario) => {
    if (single && scenario !== scenarioKey) return undefined;
    return (row, seed, seedIndex, rowIndex) => {
      const wanted = seedIndex === 0 && (!single || rowIndex === systemIndex);
      if (!wanted) return runScenario({ ...row.scenario, seed }, row.protocol);
      const { result, data } = collectRun({ ...row.scenario, seed }, row.protocol, row.overrides);
      const file = single ? path : join(path, `${scenario}-${slug(lesson.systems[rowIndex]!.name)}.html`);
      writeReport(file, data);
      written.push(file);
      return result;
    };
  };
}

async function lessonCommand(name: string, options: LessonOptions): Promise<number> {
  const lesson = loadLesson(name);
  const seedsText = options.seeds ?? lesson.seeds;
  const seeds = parseSeedList(seedsText);
  if (seeds.length > LESSON_SEEDS_MAX) throw new UsageError(`--seeds: at most ${LESSON_SEEDS_MAX} seeds per row`);
  const set = options.set ?? [];
  const reports: string[] = [];
  const run = await runLesson(lesson, seeds, set, reportWatcher(lesson, options, reports));
  if (options.json) {
    out(JSON.stringify(lessonJson(lesson, run, set, reports)) + '\n');
    return EXIT_AS_EXPECTED;
  }
  const lines = [
    `${lesson.name}: ${lesson.title}`,
    '',
    lesson.description.trimEnd(),
    '',
    `${lesson.systems.length} systems x ${seeds.length} seeds (${seedsText}); a cell is the median over seeds, yes/no when every seed agrees`,
    lessonTable(lesson, run),
    '',
    'Questions for the class',
    ...lesson.questions.map((q, i) => `  ${i + 1}. ${q}`),
    '',
    'Each run, to replay or trace (add --trace, --report run.html)',
    ...runCommands(lesson, run, set),
    ...reports.map((file) => `report   ${file}`),
  ];
  out(lines.join('\n') + '\n');
  return EXIT_AS_EXPECTED;
}

function lessonTable(lesson: Lesson, run: LessonRun): string {
  const table = new Table({ head: ['system', ...lesson.columns.map((c) => c.title)], style: { head: [], border: [] }, wordWrap: true });
  for (const row of run.rows) table.push([row.system, ...row.cells.map((c) => c.display)]);
  return table.toString();
}

function runCommands(lesson: Lesson, run: LessonRun, set: readonly string[]): string[] {
  const width = Math.max(...lesson.systems.map((s) => s.name.length));
  return Object.entries(run.loaded).flatMap(([scenario, rows]) =>
    rows.map((_, i) => {
      const sets = [...lesson.systems[i]!.set, ...set].map((o) => ` --set ${shellQuote(o)}`).join('');
      return `  ${lesson.systems[i]!.name.padEnd(width)}  faultline run ${shellQuote(displayFile(lesson.scenarios[scenario]!))} --seed ${run.seeds[0]}${sets}`;
    }),
  );
}

function lessonJson(lesson: Lesson, run: LessonRun, set: readonly string[], reports: readonly string[]): object {
  return {
    lesson: lesson.name,
    title: lesson.title,
    file: displayFile(lesson.file),
    seeds: run.seeds,
    set,
    scenarios: displayFiles(lesson),
    systems: lesson.systems,
    columns: lesson.columns.map((c) => ({
      title: c.title,
      figure: c.figure,
      scenario: c.scenario ?? Object.keys(lesson.scenarios)[0]!,
      ...(c.partition !== undefined ? { partition: c.partition, roundTripUs: c.roundTrip } : {}),
    })),
    rows: run.rows.map((row) => ({ system: row.system, cells: row.cells.map((c) => ({ value: c.value, display: c.display, perSeed: c.perSeed })) })),
    questions: lesson.questions,
    reports,
  };
}
