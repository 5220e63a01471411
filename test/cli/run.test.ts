import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseHistory } from '../../checkers/formats/history-io.js';
import { faultline } from './cli-helpers.js';

const HAPPY = 'scenarios/primary-backup/happy-path.yaml';
const FAILOVER = 'scenarios/primary-backup/failover-loses-writes.yaml';

describe('faultline run', () => {
  it('prints the seed first (once), a grouped summary, the verdict and the replay command', () => {
    const r = faultline('run', HAPPY, '--seed', '3');
    expect(r.code).toBe(0);
    const lines = r.stdout.split('\n');
    expect(lines[0]).toContain('seed 3');
    expect(r.stdout.match(/seed 3\b/g)).toHaveLength(2); // the header and the replay command
    expect(r.stdout).toMatch(/verdict\s+PASS\s+as expected \(wanted a pass\)/);
    expect(r.stdout).toContain(`npx faultline run ${HAPPY} --seed 3`);
    for (const row of [/^operations +[\d,]+ ok, [\d,]+ failed, [\d,]+ unknown outcome/m, /latency p50 [\d.]+m?s, p99/, /^network +messages [\d,]+ sent/m, /^run +virtual time 10s · events [\d,]+ · faults 0 · speed/m]) {
      expect(r.stdout).toMatch(row);
    }
    expect(r.stdout).not.toMatch(/[┌─│]/); // no table rules
    expect(r.stdout).not.toContain('trace hash'); // --verbose only
    const verbose = faultline('run', HAPPY, '--seed', '3', '--verbose');
    for (const more of ['bytes', 'dropped by', 'duplicated', 'wall time', 'trace events', 'trace hash']) expect(verbose.stdout).toContain(more);
    expect(verbose.stdout.split('\n').length).toBeGreaterThan(r.stdout.split('\n').length);
  });

  it('--json prints one object with the documented fields, and the same seed gives the same hash', () => {
    const a = faultline('run', HAPPY, '--json');
    const b = faultline('run', HAPPY, '--json');
    const c = faultline('run', HAPPY, '--json', '--seed', '2');
    expect(a.code).toBe(0);
    const ja = JSON.parse(a.stdout);
    for (const field of ['scenario', 'seed', 'verdict', 'traceHash', 'violations', 'stats', 'replay', 'asExpected', 'drawn']) {
      expect(ja).toHaveProperty(field);
    }
    expect(ja.stats.ops.invoked).toBeGreaterThan(0);
    // The measures section (docs/cli.md): per op type, per client, availability, named measures.
    expect(ja.histories.map((h: { history: string; model: string; verdict: string }) => [h.history, h.model, h.verdict])).toEqual([['main', 'kv', 'linearizable']]);
    expect(ja.linearizability.steps).toBeGreaterThan(0);
    expect(ja.drain).toEqual({ configuredUs: 0, usedUs: 0 });
    const byType = ja.byType as Record<string, { ok: number; fail: number; info: number }>;
    const okByType = Object.values(byType).reduce((sum, c) => sum + c.ok, 0);
    expect(okByType).toBe(ja.stats.ops.ok);
    expect(Object.keys(ja.byClient).sort()).toEqual(Object.keys(ja.availability.byClient).sort());
    expect(ja.availability.windowUs).toBe(500_000);
    expect(ja.measures.okFraction).toBeGreaterThan(0.5);
    expect(ja.stats.latencyUs.p999).toBeGreaterThanOrEqual(ja.stats.latencyUs.p99);
    expect(JSON.parse(b.stdout).traceHash).toBe(ja.traceHash);
    expect(JSON.parse(c.stdout).traceHash).not.toBe(ja.traceHash);
  });

  it('a scenario that expects a violation exits 0 when it sees it, 1 when told to expect a pass', () => {
    const seen = faultline('run', FAILOVER, '--json');
    expect(seen.code).toBe(0);
    const result = JSON.parse(seen.stdout);
    expect(result.verdict).toBe('violation');
    expect(result.violations.map((v: { check: string }) => v.check)).toContain('linearizability');
    const unexpected = faultline('run', FAILOVER, '--set', 'expect.verdict=pass', '--set', 'expect.violation=null');
    expect(unexpected.code).toBe(1);
    expect(unexpected.stdout).toContain('violation');
  });

  it('--out writes the history (JSON and EDN), the trace and the result', () => {
    const dir = mkdtempSync(join(tmpdir(), 'faultline-out-'));
    const r = faultline('run', HAPPY, '--out', dir, '--json');
    expect(r.code).toBe(0);
    const result = JSON.parse(r.stdout);
    const trace = readFileSync(join(dir, 'trace.jsonl'), 'utf8').trim().split('\n');
    expect(trace.length).toBe(result.stats.traceEvents);
    const fromJson = parseHistory(readFileSync(join(dir, 'history.json'), 'utf8')).ops;
    const fromEdn = parseHistory(readFileSync(join(dir, 'history.edn'), 'utf8')).ops;
    expect(fromJson.length).toBe(result.stats.ops.invoked * 2);
    expect(fromEdn.map((op) => [op.process, op.type, op.f, op.client, op.server])).toEqual(fromJson.map((op) => [op.process, op.type, op.f, op.client, op.server]));
    // Every op names its client; ok completions name the server that answered.
    expect(fromJson.every((op) => /^c\d+$/.test(op.client ?? ''))).toBe(true);
    expect(fromJson.filter((op) => op.type === 'ok').every((op) => /^n\d+$/.test(op.server ?? ''))).toBe(true);
    expect(JSON.parse(readFileSync(join(dir, 'result.json'), 'utf8')).traceHash).toBe(result.traceHash);
  });

  it('--trace prints events and the filters narrow them', () => {
    const all = faultline('run', FAILOVER, '--trace', '--trace-kind', 'fault,log');
    expect(all.code).toBe(0);
    const eventLines = all.stdout.split('\n').filter((l) => /^\s*\d+\.\d{6}s /.test(l));
    expect(eventLines.length).toBeGreaterThan(2);
    expect(eventLines.every((l) => / fault | became-primary| stepped-down/.test(l))).toBe(true);
    const windowed = faultline('run', FAILOVER, '--trace', '--trace-kind', 'fault', '--trace-from', '2.5s', '--trace-to', '3.5s');
    const windowLines = windowed.stdout.split('\n').filter((l) => /^\s*\d+\.\d{6}s /.test(l));
    expect(windowLines.length).toBe(1);
    expect(windowLines[0]).toContain('fault crash');
  });

  it('diff finds no difference between two runs of one seed, and the first difference between two seeds', () => {
    const a = mkdtempSync(join(tmpdir(), 'faultline-a-'));
    const b = mkdtempSync(join(tmpdir(), 'faultline-b-'));
    const c = mkdtempSync(join(tmpdir(), 'faultline-c-'));
    faultline('run', HAPPY, '--out', a, '--json');
    faultline('run', HAPPY, '--out', b, '--json');
    faultline('run', HAPPY, '--out', c, '--json', '--seed', '9');
    const same = faultline('diff', join(a, 'trace.jsonl'), join(b, 'trace.jsonl'));
    expect(same.code).toBe(0);
    expect(same.stdout).toContain('identical');
    const different = faultline('diff', join(a, 'trace.jsonl'), join(c, 'trace.jsonl'), '--json');
    expect(different.code).toBe(1);
    expect(JSON.parse(different.stdout).identical).toBe(false);
  });
});

describe('captures that bind nothing', () => {
  it('vacuous by default (exit 1), skipped with expect.emptyCapture (exit 4, --json verdict skipped)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'faultline-capture-'));
    // 10ms into a Raft run nobody leads yet: the first election waits out a timeout.
    const body = 'protocol: raft\nduration: 2s\nfaults: [{ at: 10ms, capture: { L: leader } }, { at: 1s, crash: L, for: 100ms }]\n';
    const vacuous = join(dir, 'vacuous.yaml');
    writeFileSync(vacuous, body);
    const skipped = join(dir, 'skipped.yaml');
    writeFileSync(skipped, `${body}expect: { emptyCapture: skipped }\n`);
    const a = faultline('run', vacuous, '--json');
    expect(a.code).toBe(1);
    expect(JSON.parse(a.stdout).verdict).toBe('vacuous');
    const b = faultline('run', skipped, '--json');
    expect(b.code).toBe(4);
    expect(JSON.parse(b.stdout).verdict).toBe('skipped');
    expect(JSON.parse(b.stdout).reason).toMatch(/capture L \(leader\) bound no node/);
  });
});

describe('bad input: one line, exit 2, no stack trace', () => {
  const dir = mkdtempSync(join(tmpdir(), 'faultline-bad-'));
  const write = (name: string, text: string) => {
    const file = join(dir, name);
    writeFileSync(file, text);
    return file;
  };
  const cases: [string, () => string[], RegExp][] = [
    ['a missing file', () => ['run', join(dir, 'nope.yaml')], /nope\.yaml/],
    ['malformed YAML', () => ['run', write('bad.yaml', 'protocol: [unclosed\n')], /bad\.yaml/],
    ['an unknown protocol', () => ['run', write('proto.yaml', 'protocol: rafft\n')], /protocol/],
    ['a wrong field', () => ['run', write('field.yaml', 'protocol: primary-backup\nnetwork: { latncy: 2ms }\n')], /network/],
    ['a fault aimed at a node that does not exist', () => ['run', write('node.yaml', 'protocol: primary-backup\nfaults: [{ at: 1s, crash: n9 }]\n')], /faults\[0\].*n9/],
    ['a message fault with a type the protocol does not send', () => ['run', write('msg.yaml', 'protocol: raft\nfaults: [{ at: 1s, drop: { type: append-entry } }]\n')], /faults\[0\]\.drop\.type: .*did you mean append-entries\?/],
    ['a delay without by or until', () => ['run', write('delay.yaml', 'protocol: raft\nfaults: [{ at: 1s, delay: { to: leader } }]\n')], /faults\[0\]\.delay: expected by/],
    ['a link fault with a latency that is not one', () => ['run', write('link.yaml', 'protocol: raft\nfaults: [{ at: 1s, link: { from: leader, latency: slow } }]\n')], /faults\[0\]\.link\.latency: expected a duration/],
    ['a graph naming a node that does not exist', () => ['run', write('graph.yaml', 'protocol: raft\nfaults: [{ at: 1s, connect: [[n1, n2], [n2, n9]] }]\n')], /faults\[0\]\.connect\[1\]\[1\]: no node "n9"/],
    ['a lying fsync losing no writes', () => ['run', write('fsync.yaml', 'protocol: raft\nfaults: [{ at: 1s, loseSynced: { node: n1, writes: 0 } }]\n')], /faults\[0\]\.loseSynced\.writes:/],
    ['a bad --seed', () => ['run', HAPPY, '--seed', 'x'], /--seed/],
    ['a bad --set', () => ['run', HAPPY, '--set', 'network.drop=lots'], /network\.drop/],
    ['a bad --seeds range', () => ['sweep', HAPPY, '--seeds', '9..1'], /--seeds/],
  ];
  for (const [what, args, pattern] of cases) {
    it(what, () => {
      const r = faultline(...args());
      expect(r.code).toBe(2);
      const lines = r.stderr.trim().split('\n');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(pattern);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    });
  }
});
