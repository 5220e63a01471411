// Sweeps past one machine: `sweep --shard i/n` splits the seed list exactly, and `merge`
// puts the shards back together into the sweep one machine would have run.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseShard, shardSeeds } from '../../cli/sweep-shard.js';
import { faultline, faultlineWithEnv } from './cli-helpers.js';

const FAILOVER = 'scenarios/primary-backup/failover-loses-writes.yaml';

describe('sweep --shard', () => {
  it('n shards cover the seed list exactly once, in equal parts', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.nat(10_000), { maxLength: 300 }), fc.integer({ min: 1, max: 40 }), (seeds, count) => {
        const parts = Array.from({ length: count }, (_, i) => shardSeeds(seeds, { index: i + 1, count }));
        expect(parts.flat().sort((a, b) => a - b)).toEqual([...seeds].sort((a, b) => a - b));
        const sizes = parts.map((p) => p.length);
        expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
      }),
    );
  });

  it('reads i/n, or auto/n with JOB_COMPLETION_INDEX (0-based), and rejects the rest', () => {
    expect(parseShard('2/8')).toEqual({ index: 2, count: 8 });
    expect(parseShard('auto/4', { JOB_COMPLETION_INDEX: '0' })).toEqual({ index: 1, count: 4 });
    expect(parseShard('auto/4', { JOB_COMPLETION_INDEX: '3' })).toEqual({ index: 4, count: 4 });
    expect(() => parseShard('auto/4', { JOB_COMPLETION_INDEX: '4' })).toThrow(/shard 5 of 4 does not exist/);
    expect(() => parseShard('auto/4', {})).toThrow(/JOB_COMPLETION_INDEX is not set/);
    for (const bad of ['0/3', '4/3', '1/0', '2', 'a/b', '1/3/4']) expect(() => parseShard(bad)).toThrow();
  });
});

describe('faultline merge', () => {
  const dir = mkdtempSync(join(tmpdir(), 'faultline-shards-'));
  const sweep = (...args: string[]) => faultline('sweep', FAILOVER, '--seeds', '1..9', '--set', 'duration=4s', '--jobs', '1', '--json', ...args);

  it('merged shards equal the sweep one machine runs', () => {
    const whole = JSON.parse(sweep().stdout);
    const files = [1, 2, 3].map((i) => {
      const r = i === 3 ? faultlineWithEnv({ JOB_COMPLETION_INDEX: '2' }, 'sweep', FAILOVER, '--seeds', '1..9', '--set', 'duration=4s', '--jobs', '1', '--json', '--shard', 'auto/3') : sweep('--shard', `${i}/3`);
      const path = join(dir, `shard-${i}.json`);
      writeFileSync(path, r.stdout);
      expect(JSON.parse(r.stdout).shard).toEqual({ index: i, count: 3 });
      return path;
    });
    const merged = faultline('merge', ...files.reverse(), '--json');
    expect(merged.code).toBe(whole.asExpected ? 0 : 1);
    const m = JSON.parse(merged.stdout);
    const key = (r: { seed: number; verdict: string; traceHash: string }) => [r.seed, r.verdict, r.traceHash];
    expect(m.results.map(key)).toEqual(whole.results.map(key));
    expect(m.byVerdict).toEqual(whole.byVerdict);
    expect(m.failing.map((f: { replay: string }) => f.replay)).toEqual(whole.failing.map((f: { replay: string }) => f.replay));
    expect(m.asExpected).toBe(whole.asExpected);
    expect(m.shards).toHaveLength(3);
    expect(faultline('merge', ...files).stdout).toMatch(/merged {3}3 result files \(shards of 1\.\.9\)/);
  });

  it('refuses missing or repeated shards and shards of different sweeps, in one line', () => {
    const one = join(dir, 'one.json');
    const two = join(dir, 'two.json');
    const other = join(dir, 'other.json');
    writeFileSync(one, sweep('--shard', '1/2').stdout);
    writeFileSync(two, sweep('--shard', '2/2').stdout);
    writeFileSync(other, faultline('sweep', FAILOVER, '--seeds', '1..9', '--set', 'duration=5s', '--jobs', '1', '--json', '--shard', '2/2').stdout);
    const cases: [string[], RegExp][] = [
      [[one], /shards missing: 2\/2/],
      [[one, one], /shard 1\/2 is also in/],
      [[one, other], /set: \["duration=5s"\] differs/],
      [[join(dir, 'nope.json')], /cannot read \(ENOENT\)/],
    ];
    for (const [args, message] of cases) {
      const r = faultline('merge', ...args);
      expect(r.code).toBe(2);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(message);
    }
    const partial = faultline('merge', one, '--partial', '--json');
    expect(partial.code).toBe(1);
    expect(JSON.parse(partial.stdout).missingShards).toEqual([{ index: 2, count: 2 }]);
  });
});
