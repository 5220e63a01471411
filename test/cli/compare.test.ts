// `faultline compare`: axes, combinations, the figures of a row, and the command as a user
// runs it (one table; JSON with stable fields; bad input in one line, exit 2).
import { describe, expect, it } from 'vitest';
import type { HistoryOp } from '../../checkers/history.js';
import {
  combinations,
  leaderCrashTimesUs,
  parseAxis,
  progressGapsUs,
  rowFigures,
  splitValues,
} from '../../cli/compare-core.js';
import { faultline } from './cli-helpers.js';

describe('compare axes', () => {
  it('splits values on top-level commas only', () => {
    expect(splitValues('raft, multi-paxos')).toEqual(['raft', 'multi-paxos']);
    expect(splitValues('{dist: constant, value: 2ms},[1, 2],3')).toEqual(['{dist: constant, value: 2ms}', '[1, 2]', '3']);
  });

  it('refuses malformed axes and repeated values', () => {
    expect(() => parseAxis('protocol')).toThrow(/expected path=value1,value2/);
    expect(() => parseAxis('protocol=raft,,x')).toThrow(/expected path=value1,value2/);
    expect(() => parseAxis('nodes=3,3')).toThrow(/listed twice/);
  });

  it('makes every combination, the first axis varying slowest', () => {
    expect(combinations([parseAxis('protocol=raft,multi-paxos'), parseAxis('nodes=3,5')])).toEqual([
      ['protocol=raft', 'nodes=3'],
      ['protocol=raft', 'nodes=5'],
      ['protocol=multi-paxos', 'nodes=3'],
      ['protocol=multi-paxos', 'nodes=5'],
    ]);
    expect(() => combinations([parseAxis(`a=${Array.from({ length: 9 }, (_, i) => i).join(',')}`), parseAxis(`b=${Array.from({ length: 9 }, (_, i) => i).join(',')}`)])).toThrow(/at most 64/);
  });
});

describe('compare figures', () => {
  const op = (index: number, process: number, type: 'invoke' | 'ok' | 'info', timeUs: number): HistoryOp => ({
    index, process, type, f: 'get', key: 'k', value: null, time: timeUs * 1000,
  });

  it('finds the crashes aimed at the leader', () => {
    expect(leaderCrashTimesUs([
      { atUs: 5, action: { kind: 'crash', targets: ['leader'] }, forUs: null },
      { atUs: 1, action: { kind: 'crash', targets: ['n1'] }, forUs: null },
      { atUs: 3, action: { kind: 'crash', targets: ['leader'] }, forUs: 2 },
    ])).toEqual([3, 5]);
  });

  it('measures from a crash to the first ok of an op invoked after it (or the end)', () => {
    const history = [
      op(0, 0, 'invoke', 90), op(1, 0, 'ok', 150), // invoked before the crash at 100: not progress after it
      op(2, 1, 'invoke', 120), op(3, 1, 'info', 300),
      op(4, 2, 'invoke', 200), op(5, 2, 'ok', 400),
    ];
    expect(progressGapsUs(history, [100], 1000)).toEqual([300]);
    expect(progressGapsUs(history, [500], 1000)).toEqual([500]);
  });

  it('summarizes seeds by their medians, and the worst gap', () => {
    const seed = (verdict: string, perOp: number, gaps: number[]) => ({
      verdict, messagesPerOp: perOp, latencyP50Us: perOp * 10, latencyP99Us: null, leaderCrashGapsUs: gaps, protocol: { elections: perOp / 2 },
    });
    const row = rowFigures({ protocol: 'raft' }, [seed('pass', 10, [100]), seed('pass', 12, [300]), seed('violation', 20, [])], ['elections', 'absent']);
    expect(row).toMatchObject({
      seeds: 3, verdicts: { pass: 2, violation: 1 }, messagesPerOp: 12, latencyP50Us: 120, latencyP99Us: null,
      leaderCrashes: 2, leaderCrashGapP50Us: 200, leaderCrashGapMaxUs: 300, figures: { elections: 6, absent: null },
    });
  });
});

describe('faultline compare', () => {
  it('runs raft and multi-paxos on the same schedule and prints one row each; JSON has the documented fields', () => {
    const table = faultline('compare', 'scenarios/paxos/raft-vs-multi-paxos.yaml', '--protocols', 'raft,multi-paxos', '--seeds', '1..2');
    expect(table.code, table.stderr).toBe(0);
    expect(table.stdout).toMatch(/raft-vs-multi-paxos: 2 rows x 2 seeds/);
    expect(table.stdout).toMatch(/│ raft +│ pass 2/);
    expect(table.stdout).toMatch(/│ multi-paxos +│ pass 2/);
    const json = faultline('compare', 'scenarios/paxos/raft-vs-multi-paxos.yaml', '--axis', 'protocol=raft', '--axis', 'nodes=3,5', '--seeds', '1', '--json');
    expect(json.code, json.stderr).toBe(0);
    const out = JSON.parse(json.stdout);
    expect(out.rows.map((r: { settings: Record<string, string> }) => r.settings)).toEqual([
      { protocol: 'raft', nodes: '3' },
      { protocol: 'raft', nodes: '5' },
    ]);
    expect(Object.keys(out.rows[0]).sort()).toEqual([
      'figures', 'latencyP50Us', 'latencyP99Us', 'leaderCrashGapMaxUs', 'leaderCrashGapP50Us', 'leaderCrashes', 'messagesPerOp', 'seeds', 'settings', 'verdicts',
    ]);
    expect(out.rows[0].leaderCrashes).toBe(2);
  });

  it('bad input is one line and exit 2', () => {
    const r = faultline('compare', 'scenarios/paxos/raft-vs-multi-paxos.yaml', '--protocols', 'raft,nope');
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(faultline('compare', 'scenarios/paxos/raft-vs-multi-paxos.yaml').code).toBe(2);
    const figure = faultline('compare', 'scenarios/saga/happy-path.yaml', '--axis', 'config.retryBackoff=none', '--figures', 'retries,nope', '--seeds', '1');
    expect(figure.code).toBe(2);
    expect(figure.stderr.trim()).toMatch(/^faultline: --figures: saga-orchestrated reports no figure "nope"/);
  });
});
