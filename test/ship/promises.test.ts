// The promises the README makes: runs that say whether they can be replayed, one duration
// syntax, examples that work as written, a sweep pool that never hangs, scenarios found
// from any directory, and a quiet install.
import { readFileSync, mkdtempSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { runSeedsInWorkers } from '../../cli/sweep-pool.js';
import { cutAtWord, wrapWords } from '../../cli/output/text.js';
import { runScenario } from '../../sim/run.js';
import { loadScenario } from '../../cli/scenario-input.js';
import { faultline, faultlineWith, ROOT } from '../cli/cli-helpers.js';

const HAPPY = 'scenarios/primary-backup/happy-path.yaml';
const HISTORY = 'test/checkers/fixtures/register-sample.edn';

describe('reproducible means reproducible', () => {
  it('a run stopped by the wall-clock budget says so and prints no replay command', () => {
    const text = faultline('run', HAPPY, '--set', 'limits.wallTime=1ms');
    expect(text.code).toBe(1);
    expect(text.stdout).toMatch(/BUDGET-EXHAUSTED/);
    expect(text.stdout).toMatch(/not reproducible/);
    expect(text.stdout).not.toContain('npx faultline run');
    const json = JSON.parse(faultline('run', HAPPY, '--set', 'limits.wallTime=1ms', '--json').stdout);
    expect(json).toMatchObject({ verdict: 'budget-exhausted', reproducible: false, replay: null });
  });

  it('the virtual-time budget is deterministic: same hash, and a replay command', () => {
    const a = JSON.parse(faultline('run', HAPPY, '--set', 'limits.virtualTime=2s', '--json').stdout);
    const b = JSON.parse(faultline('run', HAPPY, '--set', 'limits.virtualTime=2s', '--json').stdout);
    expect(a).toMatchObject({ verdict: 'budget-exhausted', reproducible: true });
    expect(a.reason).toMatch(/more than 2s of virtual time/);
    expect(a.stats.virtualTimeUs).toBeLessThanOrEqual(2_000_000);
    expect(b.traceHash).toBe(a.traceHash);
    expect(a.replay).toContain('--set limits.virtualTime=2s');
  });

  it('a linearizability search stopped by the wall clock is not reproducible; one stopped by its step budget is', () => {
    const { scenario, protocol } = loadScenario(HAPPY, { set: ['duration=1s'] });
    let ms = 0;
    const late = runScenario(scenario, protocol, { wallClockMs: () => (ms += 1e9) }); // every look at the clock is a second later
    expect(late.histories[0]!.unknownReason).toBe('wall-time');
    expect(late.verdict).toBe('budget-exhausted');
    expect(late.reproducible).toBe(false);
    const counted = runScenario({ ...scenario, checks: { ...scenario.checks, searchStepsMax: 1 } }, protocol);
    expect(counted.verdict).toBe('unknown');
    expect(counted.histories[0]!.unknownReason).toBe('steps');
    expect(counted.reproducible).toBe(true);
  });

  it('--trace-node with a node the scenario does not have is bad input', () => {
    const r = faultline('run', HAPPY, '--trace', '--trace-node', 'n99');
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toMatch(/^faultline: --trace-node: no node "n99" in this scenario \(nodes: n1, .*c1/);
    expect(r.stdout).toBe('');
  });
});

describe('one duration syntax', () => {
  it('the command line refuses a number without a unit, like scenario files, and takes microseconds', () => {
    const bare = faultline('check', HISTORY, '--timeout', '5');
    expect(bare.code).toBe(2);
    expect(bare.stderr).toMatch(/--timeout: expected a duration with a unit, like 500us, 150ms, 2s or 1m/);
    expect(faultline('check', HISTORY, '--timeout', '500us').code).not.toBe(2);
    expect(faultline('check', HISTORY, '--timeout', '2s').code).toBe(0);
    expect(faultline('run', HAPPY, '--trace', '--trace-from', '5').code).toBe(2);
    const scenario = faultline('run', HAPPY, '--set', 'duration=5');
    expect(scenario.code).toBe(2);
    expect(scenario.stderr).toMatch(/duration: expected a duration with a unit/);
  });
});

describe('the README examples work as written', () => {
  it('run --out records the model, and check of the run directory or its history uses it', () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'faultline-readme-')), 'runs', 'x');
    expect(faultline('run', HAPPY, '--out', dir).code).toBe(0);
    expect(JSON.parse(readFileSync(join(dir, 'result.json'), 'utf8')).model).toBe('kv');
    for (const target of [dir, join(dir, 'history.edn'), join(dir, 'history.json')]) {
      const r = faultline('check', target);
      expect(r.code, target).toBe(0);
      expect(r.stdout, target).toMatch(/linearizable \(kv, /);
      expect(r.stdout, target).toMatch(/total: 1 file: 1 linearizable/);
    }
  });

  it('runs/ is ignored by git', () => {
    expect(readFileSync(join(ROOT, '.gitignore'), 'utf8').split('\n')).toContain('runs/');
  });

  it('--out on a path that cannot be created is bad input, not a hang', () => {
    const r = faultlineWith({ timeout: 30_000 }, 'run', HAPPY, '--out', '/proc/faultline-cannot/x');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^faultline: --out \/proc\/faultline-cannot\/x: cannot create or write the directory \(E[A-Z]+\)\n$/);
  });
});

describe('the sweep pool', () => {
  /** A worker that answers like the real one but exits (no error event) on seed 2, or throws on seed 3. */
  const fragile = () =>
    new Worker(
      `const { parentPort } = require('node:worker_threads');
       parentPort.on('message', (seed) => {
         if (seed === null) process.exit(0);
         if (seed === 2) process.exit(7);
         if (seed === 3) throw new Error('boom');
         parentPort.postMessage({ seed, verdict: 'pass', asExpected: true, traceHash: 'h', reproducible: true, reason: '', violated: [], events: 1, virtualTimeUs: 1 });
       });
       parentPort.postMessage('ready');`,
      { eval: true },
    );

  it('a worker that dies costs its seed, not the sweep', async () => {
    const results = await runSeedsInWorkers({ file: 'x', set: [] }, [1, 2, 3, 4, 5], 2, () => {}, fragile);
    expect(results.map((r) => [r.seed, r.verdict])).toEqual([[1, 'pass'], [2, 'error'], [3, 'error'], [4, 'pass'], [5, 'pass']]);
    expect(results[1]!.reason).toMatch(/exited \(code 7\) without a result/);
    expect(results[2]!.reason).toMatch(/failed: boom/);
  });

  it('--jobs above the core count is capped, and the cap is reported', () => {
    const cores = availableParallelism();
    const json = JSON.parse(faultline('sweep', HAPPY, '--seeds', '1..2', '--jobs', String(cores + 3), '--set', 'duration=1s', '--json').stdout);
    expect(json).toMatchObject({ jobs: cores, jobsRequested: cores + 3 });
    const text = faultline('sweep', HAPPY, '--seeds', '1..2', '--jobs', String(cores + 3), '--set', 'duration=1s');
    expect(text.stderr).toContain(`--jobs ${cores + 3}: capped at ${cores}, the number of cores`);
    expect(text.stdout).toContain(`capped from ${cores + 3}`);
  });

  it('a bug sweep says what it wanted in English, and cuts reasons at a word', () => {
    const args = ['sweep', 'scenarios/primary-backup/failover-loses-writes.yaml', '--seeds', '1..2', '--jobs', '1'];
    const r = faultline(...args);
    expect(r.stdout).toMatch(/as expected \(wanted at least one seed with a linearizability violation\)/);
    const reasons = new Map<number, string>(JSON.parse(faultline(...args, '--json').stdout).failing.map((f: { seed: number; reason: string }) => [f.seed, f.reason]));
    const shown = [...r.stdout.matchAll(/^ {2}seed (\d+): violation \((.*)…\)$/gm)];
    expect(shown.length).toBeGreaterThan(0);
    for (const [, seed, text] of shown) {
      const full = reasons.get(Number(seed))!;
      expect(full.startsWith(text!)).toBe(true);
      expect(full[text!.length]).toMatch(/[\s,;:.]/);
    }
  });
});

describe('scenarios from any directory, and the package itself', () => {
  const elsewhere = mkdtempSync(join(tmpdir(), 'faultline-cwd-'));

  it('a scenario path is looked up in the current directory, then among the shipped scenarios', () => {
    for (const arg of [HAPPY, 'primary-backup/happy-path.yaml']) {
      const r = faultlineWith({ cwd: elsewhere }, 'run', arg, '--set', 'duration=1s');
      expect(r.code, arg).toBe(0);
      expect(r.stderr, arg).toContain(`scenario ${join(ROOT, 'scenarios/primary-backup/happy-path.yaml')} (shipped with faultline`);
    }
    const missing = faultlineWith({ cwd: elsewhere }, 'run', 'raft/no-such.yaml');
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/^faultline: raft\/no-such\.yaml: no such scenario file \(looked in the current directory and in the shipped scenarios/);
  });

  it('list works from anywhere; list --scenarios with a missing directory is bad input', () => {
    const list = JSON.parse(faultlineWith({ cwd: elsewhere }, 'list', '--json').stdout);
    expect(list.scenarios.map((s: { file: string }) => s.file)).toContain(HAPPY);
    const missing = faultline('list', '--scenarios', 'no-such-dir');
    expect(missing.code).toBe(2);
    expect(missing.stderr).toBe('faultline: --scenarios no-such-dir: no such directory\n');
  });

  it('list cuts descriptions at a word, with an ellipsis', () => {
    const { protocols, scenarios } = JSON.parse(faultline('list', '--json').stdout);
    const texts: string[] = [
      ...scenarios.map((s: { description: string }) => s.description),
      ...protocols.flatMap((p: { description: string; variants: Record<string, string> }) => [p.description, ...Object.values(p.variants)]),
    ];
    const cut = faultline('list').stdout.split('\n').filter((l) => l.endsWith('…'));
    expect(cut.length).toBeGreaterThan(0);
    for (const line of cut) {
      // What is shown is the start of a description, ending where a word ends.
      const shown = line.slice(0, -1).trim().split(/\s{2,}/).pop()!;
      const full = texts.find((t) => t.startsWith(shown));
      expect(full, line).toBeDefined();
      expect(full![shown.length], line).toMatch(/[\s,;:.]/);
    }
    expect(cutAtWord('the quick brown fox jumps over', 16)).toBe('the quick brown…');
    expect(wrapWords('the quick brown fox', 9)).toEqual(['the quick', 'brown fox']);
  });

  it('--version is the one in package.json', () => {
    const version = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version;
    expect(faultline('--version').stdout.trim()).toBe(version);
  });

  it('installs quietly: no dependency runs an install script', () => {
    const lock = JSON.parse(readFileSync(join(ROOT, 'package-lock.json'), 'utf8'));
    const scripted = Object.entries(lock.packages as Record<string, { hasInstallScript?: boolean }>).filter(([, p]) => p.hasInstallScript);
    expect(scripted.map(([name]) => name)).toEqual([]);
  });
});
