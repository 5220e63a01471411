// A lesson file (lessons/<name>/lesson.yaml): what it teaches, the scenarios it runs, the
// systems it compares (each a list of `--set` overrides), the columns of its table and the
// questions for the class. Lessons ship in lessons/ beside the package's scenarios; a
// lecturer may also point `faultline lesson` at a lesson file of their own. Problems are
// one line naming the file and the field (exit 2), like a scenario's.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';
import { formatPath } from '../../sim/scenario/errors.js';
import { errorMap, firstIssue } from '../../sim/scenario/issues.js';
import { durationUs } from '../../sim/units.js';
import { UsageError } from '../errors.js';
import { PACKAGE_ROOT } from '../package-info.js';
import { findScenarioFile } from '../scenario-input.js';
import { parseFigure } from './figures.js';

export const LESSONS_DIR = join(PACKAGE_ROOT, 'lessons');
const LESSON_FILE = 'lesson.yaml';

const figureName = z.string().superRefine((text, ctx) => {
  const figure = parseFigure(text);
  if (typeof figure === 'string') ctx.addIssue({ code: 'custom', message: `expected ${figure}, got "${text}"` });
});

const systemSchema = z.strictObject({
  name: z.string().min(1),
  /** `path=value` overrides that make this system out of the lesson's scenarios. */
  set: z.array(z.string()).default([]),
});

const columnSchema = z.strictObject({
  title: z.string().min(1),
  figure: figureName,
  /** Which of the lesson's scenarios the figure is read from (default: the first). */
  scenario: z.string().optional(),
  /** pacelc only: the scenario whose partition decides PA or PC. */
  partition: z.string().optional(),
  /** pacelc only: one round trip to a quorum on the fault-free scenario's network. */
  roundTrip: durationUs().optional(),
});

const lessonSchema = z
  .strictObject({
    title: z.string().min(1),
    description: z.string().min(1),
    /** Seeds every row runs, as `--seeds` takes them. */
    seeds: z.string().default('1..3'),
    /** Name -> scenario file (relative to the lesson file, or a shipped scenario). */
    scenarios: z.record(z.string(), z.string()).refine((s) => Object.keys(s).length > 0, 'expected at least one scenario'),
    systems: z.array(systemSchema).min(1).optional(),
    /** Take the systems of another lesson (pacelc compares the systems cap does). */
    systemsFrom: z.string().optional(),
    columns: z.array(columnSchema).min(1),
    questions: z.array(z.string()).min(1),
  })
  .superRefine((lesson, ctx) => {
    if ((lesson.systems === undefined) === (lesson.systemsFrom === undefined)) {
      ctx.addIssue({ code: 'custom', path: ['systems'], message: 'expected either systems or systemsFrom' });
    }
    lesson.columns.forEach((column, i) => {
      for (const field of ['scenario', 'partition'] as const) {
        const key = column[field];
        if (key !== undefined && lesson.scenarios[key] === undefined) {
          ctx.addIssue({ code: 'custom', path: ['columns', i, field], message: `expected one of the lesson's scenarios (${Object.keys(lesson.scenarios).join(', ')})` });
        }
      }
      const isPacelc = column.figure === 'pacelc';
      if (isPacelc !== (column.partition !== undefined && column.roundTrip !== undefined)) {
        ctx.addIssue({ code: 'custom', path: ['columns', i, 'figure'], message: 'pacelc, and only pacelc, takes partition and roundTrip' });
      }
    });
  });

export type LessonColumn = z.output<typeof columnSchema>;
export type LessonSystem = z.output<typeof systemSchema>;

export interface Lesson {
  readonly name: string;
  readonly file: string;
  readonly title: string;
  readonly description: string;
  readonly seeds: string;
  /** Name -> resolved scenario file. */
  readonly scenarios: Readonly<Record<string, string>>;
  readonly systems: readonly LessonSystem[];
  readonly columns: readonly LessonColumn[];
  readonly questions: readonly string[];
}

/** The shipped lessons, by name (their folder's). */
export function shippedLessonNames(): string[] {
  if (!existsSync(LESSONS_DIR)) return [];
  return readdirSync(LESSONS_DIR, { withFileTypes: true })
    .filter((e) => e.isDirectory() && existsSync(join(LESSONS_DIR, e.name, LESSON_FILE)))
    .map((e) => e.name)
    .sort();
}

/** A lesson by name (shipped) or by the path of a lesson file. */
export function findLessonFile(arg: string): string {
  const shipped = join(LESSONS_DIR, arg, LESSON_FILE);
  if (/^[a-z0-9-]+$/.test(arg) && existsSync(shipped)) return shipped;
  if (existsSync(arg) && arg.endsWith('.yaml')) return arg;
  if (existsSync(join(arg, LESSON_FILE))) return join(arg, LESSON_FILE);
  throw new UsageError(`lesson ${arg}: no such lesson (lessons: ${shippedLessonNames().join(', ')}; or give a lesson.yaml)`);
}

function resolveScenario(lessonFile: string, key: string, path: string): string {
  const local = join(dirname(lessonFile), path);
  if (existsSync(local)) return local;
  const shipped = findScenarioFile(path);
  if (shipped !== null) return shipped;
  throw new UsageError(`${lessonFile}: scenarios.${key}: no such scenario file ${path} (looked beside the lesson and among the shipped scenarios)`);
}

/** Read, validate and resolve a lesson file; `seen` guards systemsFrom against cycles. */
export function loadLesson(arg: string, seen: readonly string[] = []): Lesson {
  const file = findLessonFile(arg);
  let raw: unknown;
  try {
    raw = parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new UsageError(`${file}: not a readable YAML file (${(error as Error).message.split('\n')[0]})`);
  }
  const parsed = lessonSchema.safeParse(raw, { error: errorMap });
  if (!parsed.success) {
    const issue = firstIssue(parsed.error.issues);
    throw new UsageError(`${file}: ${issue === null ? '' : `${formatPath(issue.path) || '(top level)'}: ${issue.message}`}`);
  }
  const lesson = parsed.data;
  const name = file.endsWith(`/${LESSON_FILE}`) ? dirname(file).split('/').pop()! : file;
  let systems: readonly LessonSystem[] | undefined = lesson.systems;
  if (lesson.systemsFrom !== undefined) {
    if (seen.includes(lesson.systemsFrom)) throw new UsageError(`${file}: systemsFrom: ${lesson.systemsFrom} takes its systems from this lesson (a cycle)`);
    systems = loadLesson(lesson.systemsFrom, [...seen, name]).systems;
  }
  const scenarios = Object.fromEntries(Object.entries(lesson.scenarios).map(([key, path]) => [key, resolveScenario(file, key, path)]));
  return { name, file, title: lesson.title, description: lesson.description, seeds: lesson.seeds, scenarios, systems: systems!, columns: lesson.columns, questions: lesson.questions };
}
