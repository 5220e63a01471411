// Running a lesson: each of its scenarios for every system over the same seeds, through
// the runner behind `faultline compare`, then one summary per (system, column). A column
// reads one scenario's runs, except pacelc, which combines a partitioned and a fault-free
// run of the same system and seed (pacelc.ts).
import type { RunResult } from '../../sim/run.js';
import { runRows, type LoadedRow, type RunOne } from '../compare-core.js';
import { UsageError } from '../errors.js';
import { parseFigure, summarize, type Figure, type FigureKind, type SeedValue, type Summary } from './figures.js';
import type { Lesson, LessonColumn } from './lesson-file.js';
import { pacelcClass } from './pacelc.js';

/** One figure read from one scenario's runs. */
interface Part {
  readonly scenario: string;
  readonly figure: Figure;
}

/** A column as run: its parts and how one seed's part values become the cell's value. */
interface PlannedColumn {
  readonly column: LessonColumn;
  readonly kind: FigureKind;
  readonly parts: readonly Part[];
  readonly combine: (values: readonly SeedValue[]) => SeedValue;
}

const figure = (text: string): Figure => parseFigure(text) as Figure;

function plan(lesson: Lesson, column: LessonColumn): PlannedColumn {
  const scenario = column.scenario ?? Object.keys(lesson.scenarios)[0]!;
  if (column.figure !== 'pacelc') {
    const f = figure(column.figure);
    return { column, kind: f.kind, parts: [{ scenario, figure: f }], combine: ([v]) => v ?? null };
  }
  const partition = column.partition!;
  return {
    column,
    kind: 'text',
    parts: [
      { scenario: partition, figure: figure('availability:cut-off') },
      { scenario: partition, figure: figure('linearizable') },
      { scenario, figure: figure('measure:staleReadFraction') },
      { scenario, figure: figure('latency:get:p50') },
    ],
    combine: ([availability, linearizable, stale, readP50]) =>
      pacelcClass({
        cutOffAvailability: availability as number | null,
        linearizableUnderPartition: linearizable as boolean | null,
        staleReadFraction: stale as number | null,
        readP50Us: readP50 as number | null,
        roundTripUs: column.roundTrip!,
      }),
  };
}

export interface LessonCell extends Summary {
  readonly perSeed: readonly SeedValue[];
}

export interface LessonRow {
  readonly system: string;
  readonly cells: readonly LessonCell[];
}

export interface LessonRun {
  readonly seeds: readonly number[];
  readonly rows: readonly LessonRow[];
  /** Scenario name -> the rows as loaded (files and overrides, for the run commands). */
  readonly loaded: Readonly<Record<string, readonly LoadedRow[]>>;
}

/** Watch (for reports) the runs of one scenario: given the scenario's name. */
export type WatchRuns = (scenario: string) => RunOne | undefined;

export async function runLesson(lesson: Lesson, seeds: readonly number[], set: readonly string[], watch: WatchRuns = () => undefined): Promise<LessonRun> {
  const planned = lesson.columns.map((c) => plan(lesson, c));
  const used = [...new Set(planned.flatMap((p) => p.parts.map((part) => part.scenario)))];
  // values[scenario][system][seed][part index in `allParts`]
  const allParts = planned.flatMap((p) => p.parts);
  const values: Record<string, SeedValue[][][]> = {};
  const loaded: Record<string, LoadedRow[]> = {};
  for (const scenario of used) {
    const specs = lesson.systems.map((s) => ({ file: lesson.scenarios[scenario]!, overrides: [...s.set, ...set] }));
    const read = (result: RunResult, row: LoadedRow) => allParts.map((part) => (part.scenario === scenario ? part.figure.of(result, row) : null));
    const { rows, perSeed } = await runRows(specs, seeds, read, watch(scenario));
    values[scenario] = perSeed;
    loaded[scenario] = rows;
  }
  const rows = lesson.systems.map((system, s) => {
    let offset = 0;
    const cells = planned.map((p) => {
      const first = offset;
      offset += p.parts.length;
      const perSeed = seeds.map((_, i) => p.combine(p.parts.map((part, k) => values[part.scenario]![s]![i]![first + k]!)));
      return { ...summarize(p.kind, perSeed), perSeed };
    });
    return { system: system.name, cells };
  });
  checkStatsExist(lesson, planned, rows);
  return { seeds, rows, loaded };
}

/** A `stat:` column no run reported is a typo in the lesson, not a measurement. */
function checkStatsExist(lesson: Lesson, planned: readonly PlannedColumn[], rows: readonly LessonRow[]): void {
  planned.forEach((p, c) => {
    if (!p.column.figure.startsWith('stat:')) return;
    if (rows.every((row) => row.cells[c]!.perSeed.every((v) => v === null))) {
      throw new UsageError(`${lesson.file}: columns[${c}].figure: no run reported ${p.column.figure.slice(5)} (the protocol's figures are in \`faultline run --json\`, stats.protocol)`);
    }
  });
}
