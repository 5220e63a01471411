// `faultline shrink`: a shrunk scenario still fails the same check when run, is smaller than
// the original, keeps its seed, and says what was removed; --json; bad input is exit 2.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { faultline } from './cli-helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'faultline-shrink-'));

describe('faultline shrink', () => {
  it('shrinks a nemesis-driven variant (Paxos acceptor amnesia) to a few faults that still break agreement', () => {
    const out = join(dir, 'amnesia.yaml');
    const r = faultline('shrink', 'scenarios/paxos/acceptor-amnesia.yaml', '--seed', '1', '--runs', '40', '--out', out, '--json');
    expect(r.code, r.stderr).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.check).toBe('agreement');
    expect(j.nemesisFaults).toBeGreaterThan(10);
    expect(j.before.faults).toBe(j.nemesisFaults);
    expect(j.after.faults).toBeLessThanOrEqual(5);
    expect(j.runs).toBeLessThanOrEqual(40);
    const text = readFileSync(out, 'utf8');
    expect(text).toMatch(/^# Shrunk by: faultline shrink .*acceptor-amnesia\.yaml --seed 1 --runs 40/);
    expect(text).toMatch(/Removed \(the nemesis written out first: \d+ drawn faults\): faults \d+ -> \d+/);
    expect(text).toMatch(/^seed: 1$/m);
    expect(text).not.toMatch(/^nemesis:/m);
    // The file replays the shrunk run: the same failure, as expected, the same trace hash.
    const replay = faultline('run', out, '--json');
    expect(replay.code).toBe(0);
    const run = JSON.parse(replay.stdout);
    expect(run.violations.map((v: { check: string }) => v.check)).toContain('agreement');
    expect(run.traceHash).toBe(j.traceHash);
  });

  it('shrinks a scheduled-fault variant (Raft figure 8) and keeps the same invariant', () => {
    const out = join(dir, 'figure8.yaml');
    const r = faultline('shrink', 'scenarios/raft/figure8-commit.yaml', '--seed', '1', '--runs', '25', '--out', out);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^shrunk +still fails leader-completeness \(seed 1\)$/m);
    expect(r.stdout).toMatch(/^before +6 faults, /m);
    expect(r.stdout).toMatch(/^runs +25 of 25 \(budget spent/m);
    const run = JSON.parse(faultline('run', out, '--json').stdout);
    expect(run.verdict).toBe('violation');
    expect(run.violations.map((v: { check: string }) => v.check)).toContain('leader-completeness');
  });

  it('refuses a seed that fails nothing, an unknown check and a bad budget (exit 2, one line)', () => {
    const pass = faultline('shrink', 'scenarios/raft/happy-path.yaml', '--seed', '1', '--set', 'duration=2s', '--out', join(dir, 'x.yaml'));
    expect(pass.code).toBe(2);
    expect(pass.stderr).toMatch(/--seed 1 fails no check \(verdict pass\): nothing to shrink/);
    const other = faultline('shrink', 'scenarios/paxos/learner-across-ballots.yaml', '--seed', '27', '--check', 'no-such-check', '--out', join(dir, 'y.yaml'));
    expect(other.code).toBe(2);
    expect(other.stderr).toMatch(/does not fail no-such-check \(it fails agreement\)/);
    const runs = faultline('shrink', 'scenarios/paxos/learner-across-ballots.yaml', '--seed', '27', '--runs', '0');
    expect(runs.code).toBe(2);
    expect(runs.stderr.trim().split('\n')).toHaveLength(1);
  });
});
