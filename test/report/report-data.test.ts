// What a report carries, checked without a browser: the run is the run (same hash as a
// plain run), ops, messages, faults and server states match the run, strings are escaped.
import { mkdtempSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { collectRun } from '../../cli/report/collect.js';
import { escapeHtml, PAGE_SCRIPT, renderReportHtml, scriptSafeJson } from '../../cli/report/html.js';
import { FATE_DELIVERED } from '../../cli/report/model.js';
import { loadScenario } from '../../cli/scenario-input.js';
import { runScenario } from '../../sim/run.js';
import { faultline } from '../cli/cli-helpers.js';

const FAILOVER = 'scenarios/primary-backup/failover-loses-writes.yaml';
const ISOLATED = 'scenarios/raft/leader-isolated.yaml';

function collect(file: string, set: string[] = []) {
  const { scenario, protocol } = loadScenario(file, { set });
  return { scenario, protocol, ...collectRun(scenario, protocol, set) };
}

describe('report data', () => {
  it('watching a run does not change it, and keeps its ops, messages and violation', () => {
    const { scenario, protocol, result, data } = collect(FAILOVER);
    const plain = runScenario(scenario, protocol);
    expect(result.traceHash).toBe(plain.traceHash);
    expect(data.ops).toHaveLength(result.stats.ops.invoked);
    expect(data.ops.filter((op) => op.type === 'ok')).toHaveLength(result.stats.ops.ok);
    const delivered = data.messages.fate.filter((f) => f === FATE_DELIVERED).length;
    expect(delivered).toBe(result.stats.messages.delivered);
    expect(data.messages.from.length).toBe(result.stats.messages.delivered + result.stats.messages.dropped);
    const v = data.violations.find((x) => x.check === 'linearizability')!;
    // The lost write and the read that missed it: both ok, one a put, one a get, each answered by a server.
    const ops = v.opIds.map((id) => data.ops.find((op) => op.id === id)!);
    expect(ops.map((op) => op.f).sort()).toEqual(['get', 'put']);
    for (const op of ops) {
      expect(op.type).toBe('ok');
      expect(data.servers).toContain(op.server);
      expect(op.completeEvent!).toBeGreaterThan(op.invokeEvent);
    }
  });

  it('shades the partition, and follows roles and terms from the servers views', () => {
    const { scenario, data } = collect(ISOLATED);
    const partitions = data.faults.filter((b) => b.kind === 'partition');
    const scheduled = scenario.faults.filter((f) => f.action.kind === 'partition');
    expect(partitions.map((b) => b.startUs)).toEqual(scheduled.map((f) => f.atUs));
    for (const b of partitions) expect(b.endUs === null || b.endUs > b.startUs).toBe(true);
    const leaders = Object.values(data.snapshots).flat().filter((s) => s.role === 'leader');
    expect(new Set(leaders.map((s) => s.term)).size).toBeGreaterThanOrEqual(2);
    for (const snaps of Object.values(data.snapshots)) {
      for (let i = 1; i < snaps.length; i++) {
        expect(snaps[i]!.timeUs).toBeGreaterThan(snaps[i - 1]!.timeUs);
        if (snaps[i]!.role !== 'down' && snaps[i - 1]!.role !== 'down') expect(snaps[i]!.term!).toBeGreaterThanOrEqual(snaps[i - 1]!.term!);
      }
    }
  });

  it('draws link faults and graphs as bands that end when their windows end', () => {
    const { data } = collect('scenarios/raft/links-and-graphs.yaml');
    const graphs = data.faults.filter((b) => b.text.startsWith('connect '));
    expect(graphs.map((b) => [b.startUs, b.endUs])).toEqual([
      [4_000_000, 6_000_000],
      [6_000_000, 8_000_000],
      [8_000_000, 9_000_000],
    ]);
    expect(graphs[0]!.text).toBe('connect n1-n2, n2-n3, n3-n4, n4-n5, n5-n1');
    const links = data.faults.filter((b) => b.kind === 'link');
    expect(links.map((b) => [b.startUs, b.endUs])).toEqual([[1_000_000, 3_000_000]]);
    expect(links[0]!.text).toMatch(/^link n\d > n3 n4$/);
  });

  it('escapes text for HTML and JSON inside a script element', () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
    const json = scriptSafeJson({ s: '</script><!-- \u2028 &' });
    expect(json).not.toMatch(/[<>&\u2028]/);
    expect(JSON.parse(json)).toEqual({ s: '</script><!-- \u2028 &' });
    expect(() => new Function(PAGE_SCRIPT)).not.toThrow();
  });

  it('a page is one file that names no other', () => {
    const html = renderReportHtml(collect(FAILOVER, ['duration=4s']).data);
    expect(html).not.toMatch(/\b(src|href)=/i);
    // The one URL is the SVG namespace, a name that is never fetched.
    expect(html.replaceAll('http://www.w3.org/2000/svg', '')).not.toMatch(/https?:\/\//);
    expect(html).toContain('default-src &#39;none&#39;');
  });
});

describe('faultline report <run-dir>', () => {
  it('re-runs a saved run and writes its report', () => {
    const dir = mkdtempSync(join(tmpdir(), 'faultline-run-'));
    expect(faultline('run', FAILOVER, '--set', 'duration=4s', '--out', dir, '--json').code).toBe(0);
    const r = faultline('report', dir);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    const html = readFileSync(join(dir, 'report.html'), 'utf8');
    const saved = JSON.parse(readFileSync(join(dir, 'result.json'), 'utf8'));
    expect(html).toContain(saved.traceHash);
    expect(saved.set).toEqual(['duration=4s']);
  });

  it('says so when the saved run no longer replays, and rejects a directory without result.json', () => {
    const dir = mkdtempSync(join(tmpdir(), 'faultline-run-'));
    expect(faultline('run', FAILOVER, '--set', 'duration=4s', '--out', dir, '--json').code).toBe(0);
    const saved = JSON.parse(readFileSync(join(dir, 'result.json'), 'utf8'));
    writeFileSync(join(dir, 'result.json'), JSON.stringify({ ...saved, traceHash: '0000000000000000' }));
    const changed = faultline('report', dir, '-o', join(dir, 'r.html'));
    expect(changed.code).toBe(0);
    expect(changed.stderr).toMatch(/differs from the saved 0000000000000000/);
    expect(existsSync(join(dir, 'r.html'))).toBe(true);
    const empty = faultline('report', mkdtempSync(join(tmpdir(), 'faultline-empty-')));
    expect(empty.code).toBe(2);
    expect(empty.stderr.trim().split('\n')).toHaveLength(1);
    expect(empty.stderr).toMatch(/result\.json: not found/);
  });
});
