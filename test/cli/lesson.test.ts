// `faultline lesson`: the PACELC rule, the figures and their summaries, the partition's
// cut-off clients, and each shipped lesson run as a user runs it (one seed, --json),
// asserting the lesson's point from the measured cells, never from a stored outcome.
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseFigure, summarize, type Figure } from '../../cli/lessons/figures.js';
import type { RunResult } from '../../sim/run.js';
import { loadLesson, shippedLessonNames } from '../../cli/lessons/lesson-file.js';
import { pacelcClass } from '../../cli/lessons/pacelc.js';
import { partitionWindow } from '../../cli/lessons/partition-window.js';
import { loadScenario } from '../../cli/scenario-input.js';
import { faultline } from './cli-helpers.js';

describe('the PACELC rule', () => {
  const base = { cutOffAvailability: 0, linearizableUnderPartition: true, staleReadFraction: 0, readP50Us: 70_000, roundTripUs: 50_000 };
  it.each([
    [{}, 'PC/EC'],
    [{ cutOffAvailability: 0.4 }, 'PA/EC'],
    [{ linearizableUnderPartition: false }, 'P?/EC'],
    [{ cutOffAvailability: null }, 'P?/EC'],
    [{ staleReadFraction: 0.01 }, 'PC/EL'],
    [{ readP50Us: 2_000 }, 'PC/EL'],
    [{ readP50Us: 50_000 }, 'PC/EC'],
    [{ readP50Us: null, staleReadFraction: null }, 'PC/E?'],
  ])('%o -> %s', (change, expected) => {
    expect(pacelcClass({ ...base, ...change })).toBe(expected);
  });
});

describe('lesson figures', () => {
  it('refuses a figure it does not know, saying what it expected', () => {
    expect(parseFigure('measure:nope')).toMatch(/^measure:<name> with one of okFraction/);
    expect(parseFigure('latency:get:p42')).toMatch(/p50, p99 or p999/);
    expect(parseFigure('availability:everyone')).toMatch(/cut-off or availability:reachable/);
    expect(parseFigure('colour')).toMatch(/^one of verdict/);
    expect(typeof parseFigure('measure:staleReadFraction')).toBe('object');
  });

  it('names the checks that failed, judged or reported, or none', () => {
    const violations = parseFigure('violations') as Figure;
    const v = (check: string) => ({ check, message: '', eventIndex: null, timeUs: null });
    const result = (violations_: string[], reported: string[]) => ({ violations: violations_.map(v), reported: reported.map(v) }) as unknown as RunResult;
    expect(violations.of(result([], []), null as never)).toBe('none');
    expect(violations.of(result(['state-machine-safety', 'leader-completeness'], ['leader-completeness']), null as never)).toBe('leader-completeness + state-machine-safety');
  });

  it('summarizes over seeds: medians, agreeing flags, counted texts', () => {
    expect(summarize('fraction', [0.1, null, 0.3, 0.2])).toEqual({ value: 0.2, display: '20%' });
    expect(summarize('duration', [1_500, 2_500])).toEqual({ value: 2_000, display: '2ms' });
    expect(summarize('flag', [true, true])).toEqual({ value: true, display: 'yes' });
    expect(summarize('flag', [false, null])).toEqual({ value: false, display: 'no' });
    expect(summarize('flag', [true, false, false]).display).toBe('yes in 1 of 3');
    expect(summarize('text', ['pass', 'violation', 'pass']).display).toBe('pass 2, violation 1');
    expect(summarize('number', [null])).toEqual({ value: null, display: '-' });
  });

  it('finds the clients a partition cuts off: those with a minority of the servers', () => {
    const { scenario } = loadScenario('lessons/cap/partition.yaml', {});
    expect(partitionWindow(scenario)).toEqual({ startUs: 2_000_000, endUs: 6_000_000, countedUntilUs: 5_000_000, cutOff: ['c1'], reachable: ['c2', 'c3'] });
    const healed = loadScenario('lessons/cap/partition.yaml', { set: ['faults=[{at: 1s, partition: [[n1, n2, c2], [n3, c1]]}, {at: 3s, heal: all}]'] }).scenario;
    expect(partitionWindow(healed)).toMatchObject({ startUs: 1_000_000, endUs: 3_000_000, cutOff: ['c1'] });
    expect(partitionWindow(loadScenario('lessons/pacelc/wan.yaml', {}).scenario)).toBeNull();
  });

  it('every shipped lesson loads, and each of its systems makes a valid scenario of each of its files', () => {
    const names = shippedLessonNames();
    expect(names).toEqual(expect.arrayContaining(['cap', 'pacelc', 'leases', 'figure8', '2pc-blocking', 'redlock-pause', 'saga-isolation']));
    for (const name of names) {
      const lesson = loadLesson(name);
      for (const file of Object.values(lesson.scenarios)) {
        for (const system of lesson.systems) expect(() => loadScenario(file, { set: system.set }), `${name} ${system.name}`).not.toThrow();
      }
    }
  });
});

interface LessonJson {
  columns: { title: string; figure: string }[];
  rows: { system: string; cells: { value: unknown; display: string; perSeed: unknown[] }[] }[];
}

/** Run a lesson on one seed; cells by system, then by column figure. */
function lesson(name: string, ...extra: string[]): Record<string, Record<string, unknown>> {
  const r = faultline('lesson', name, '--seeds', '1', '--json', ...extra);
  expect(r.code, r.stderr).toBe(0);
  const json = JSON.parse(r.stdout) as LessonJson;
  return Object.fromEntries(json.rows.map((row) => [row.system, Object.fromEntries(json.columns.map((c, i) => [c.figure, row.cells[i]!.value]))]));
}

describe('faultline lesson', () => {
  it('lists the lessons', () => {
    const r = faultline('lesson');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^cap +CAP: /m);
    expect(r.stdout).toMatch(/^pacelc +PACELC: /m);
  });

  it('cap: the CP systems refuse the cut-off client and stay linearizable; the AP systems answer it and are not consistent', () => {
    const cells = lesson('cap');
    for (const cp of ['raft', 'abd', 'quorum R=W=2 of 3']) {
      expect(cells[cp]!['availability:cut-off'], cp).toBe(0);
      expect(cells[cp]!['linearizable'], cp).toBe(true);
      expect(cells[cp]!['availability:reachable'], cp).toBeGreaterThan(0);
    }
    for (const ap of ['quorum R=W=1 of 3', 'primary-backup']) {
      expect(cells[ap]!['availability:cut-off'], ap).toBeGreaterThan(0);
      const inconsistent = cells[ap]!['linearizable'] === false || (cells[ap]!['measure:staleReadFraction'] as number) > 0;
      expect(inconsistent, ap).toBe(true);
    }
  });

  it('pacelc: the class follows from the measured cells, and the CP systems wait for a quorum', () => {
    const r = faultline('lesson', 'pacelc', '--seeds', '1', '--json');
    expect(r.code, r.stderr).toBe(0);
    const json = JSON.parse(r.stdout) as LessonJson;
    const col = (figure: string) => json.columns.findIndex((c) => c.figure === figure);
    for (const row of json.rows) {
      const v = (figure: string) => row.cells[col(figure)]!.value as number | boolean | null;
      const derived = pacelcClass({
        cutOffAvailability: v('availability:cut-off') as number,
        linearizableUnderPartition: v('linearizable') as boolean,
        staleReadFraction: v('measure:staleReadFraction') as number,
        readP50Us: v('latency:get:p50') as number,
        roundTripUs: 50_000,
      });
      expect(row.cells[col('pacelc')]!.value, row.system).toBe(derived);
    }
    const classOf = Object.fromEntries(json.rows.map((row) => [row.system, row.cells[col('pacelc')]!.value]));
    expect(classOf).toMatchObject({ raft: 'PC/EC', abd: 'PC/EC', 'quorum R=W=1 of 3': 'PA/EL' });
  });

  it('leases: lease reads are faster than ReadIndex, and stale only when the drift goes beyond the bound', () => {
    const cells = lesson('leases');
    expect(cells['readindex']).toMatchObject({ 'measure:staleReadFraction': 0, linearizable: true });
    expect(cells['lease, bound 60%']).toMatchObject({ 'measure:staleReadFraction': 0, linearizable: true });
    expect(cells['lease, bound 60%']!['latency:get:p50']).toBeLessThan(cells['readindex']!['latency:get:p50'] as number);
    expect(cells['lease, bound 1%']!['linearizable']).toBe(false);
    expect(cells['lease, bound 1%']!['measure:staleReadFraction']).toBeGreaterThan(0);
  });

  it('figure8: the variant breaks leader completeness on the paper\'s schedule; correct Raft does not', () => {
    const cells = lesson('figure8');
    expect(cells['figure8-commit (bug)']).toMatchObject({ 'fails:leader-completeness': true, verdict: 'violation' });
    expect(cells['correct raft']).toMatchObject({ 'fails:leader-completeness': false, 'fails:state-machine-safety': false, verdict: 'pass' });
  });

  it('2pc-blocking: blocked time grows with the downtime; cooperative termination cuts the tail', () => {
    const cells = lesson('2pc-blocking');
    const max = (s: string) => cells[s]!['stat:inDoubtMaxUs'] as number;
    expect(max('down 250ms')).toBeLessThan(max('down 1s'));
    expect(max('down 1s')).toBeLessThan(max('down 2s'));
    expect(max('down 2s')).toBeGreaterThanOrEqual(2_000_000);
    for (const d of ['250ms', '1s', '2s']) {
      expect(cells[`down ${d}, cooperative`]!['stat:inDoubtP99Us']).toBeLessThan(cells[`down ${d}`]!['stat:inDoubtP99Us'] as number);
    }
  });

  it('redlock-pause: a pause beyond the TTL breaks the counter without fencing, not with it', () => {
    const cells = lesson('redlock-pause');
    expect(cells['pause 500ms < TTL, no fencing']).toMatchObject({ 'fails:mutual-exclusion': false, linearizable: true });
    expect(cells['pause 1.5s > TTL, no fencing']).toMatchObject({ 'fails:mutual-exclusion': true, linearizable: false });
    expect(cells['pause 1.5s > TTL, fencing']).toMatchObject({ 'fails:mutual-exclusion': true, 'fails:tokens-increasing': false, linearizable: true });
  });

  it('saga-isolation: dirty reads come with compensations, while every invariant holds', () => {
    const cells = lesson('saga-isolation');
    const dirty = (s: string) => cells[s]!['stat:dirtyReads'] as number;
    expect(dirty('9 in 10 payments declined')).toBeGreaterThan(dirty('none declined'));
    expect(dirty('none declined')).toBe(0);
    for (const system of Object.keys(cells)) expect(cells[system]!['violations'], system).toBe('none');
  });

  it('writes the HTML report of one chosen run, or of every run into a directory', () => {
    const dir = mkdtempSync(join(tmpdir(), 'faultline-lesson-'));
    const one = faultline('lesson', 'figure8', '--seeds', '1', '--report', join(dir, 'one.html'), '--system', 'correct raft');
    expect(one.code, one.stderr).toBe(0);
    expect(one.stdout).toContain(`report   ${join(dir, 'one.html')}`);
    expect(readFileSync(join(dir, 'one.html'), 'utf8')).toMatch(/^<!doctype html>[\s\S]*raft-figure8-commit/i);
    const all = faultline('lesson', 'figure8', '--seeds', '1', '--report', join(dir, 'all'), '--json');
    expect(JSON.parse(all.stdout).reports).toHaveLength(2);
    expect(existsSync(join(dir, 'all', 'figure8-figure8-commit-bug.html'))).toBe(true);
  });

  it('bad input is one line and exit 2', () => {
    const dir = mkdtempSync(join(tmpdir(), 'faultline-lesson-'));
    const bad = join(dir, 'lesson.yaml');
    writeFileSync(bad, 'title: t\ndescription: d\nscenarios: { s: scenarios/raft/happy-path.yaml }\nsystems: [{ name: a }]\ncolumns: [{ title: x, figure: measure:nope }]\nquestions: [q]\n');
    for (const args of [['nope'], [bad], ['figure8', '--system', 'nobody', '--report', join(dir, 'x.html')], ['figure8', '--system', 'correct raft'], ['figure8', '--seeds', 'x']]) {
      const r = faultline('lesson', ...args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr.trim().split('\n'), args.join(' ')).toHaveLength(1);
    }
    expect(faultline('lesson', bad).stderr).toMatch(/lesson\.yaml: columns\[0\]\.figure: expected measure:<name>/);
  });
});
