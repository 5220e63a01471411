// The trace for people: filtering by event name, the servers' state at a moment, a
// violation that names its ops and where to look, and a scenario that explains itself.
import { describe, expect, it } from 'vitest';
import { faultline } from './cli-helpers.js';

const FAILOVER = 'scenarios/primary-backup/failover-loses-writes.yaml';
const ISOLATED = 'scenarios/raft/leader-isolated.yaml';

/** Trace lines: a time column, then the event. */
function traceLines(stdout: string): string[] {
  return stdout.split('\n').filter((l) => /^\s+\d+\.\d{6}s /.test(l));
}

describe('run: a trace for people', () => {
  it('--trace-event keeps only events with those names, and says which never happened', () => {
    const r = faultline('run', ISOLATED, '--trace', '--trace-event', 'became-leader,request-vote,no-such-event,became-leadr');
    expect(r.code).toBe(0);
    const lines = traceLines(r.stdout);
    expect(lines.some((l) => / became-leader /.test(l))).toBe(true);
    expect(lines.some((l) => / request-vote/.test(l))).toBe(true);
    for (const l of lines) expect(l).toMatch(/ (became-leader|request-vote) /);
    expect(r.stderr).toContain('no event named "no-such-event"');
    // A name the protocol does not declare gets a did-you-mean from its declared events and message types.
    expect(r.stderr).toContain('no event named "became-leadr" happened in this run; raft declares no event or message type by that name (did you mean became-leader?)');
    expect(r.stderr).not.toContain('"became-leader"');
  });

  it('--state-at prints each server as a table, as of that moment', () => {
    const before = faultline('run', FAILOVER, '--state-at', '2s');
    const after = faultline('run', FAILOVER, '--state-at', '3.5s', '--json');
    expect(before.stdout).toMatch(/state at 2\.000000s \(after event \d+ at [12]\.\d{6}s\)/);
    const row = (id: string) => before.stdout.split('\n').find((l) => l.includes(` ${id} `))!;
    expect(row('n1')).toMatch(/│ primary │ 1 /);
    expect(row('n2')).toMatch(/│ backup /);
    const json = JSON.parse(after.stdout);
    expect(json.stateAt.atUs).toBe(3_500_000);
    expect(json.stateAt.servers.n1.role).toBe('down');
    expect(json.stateAt.servers.n2.role).toBe('primary');
    expect(faultline('run', FAILOVER, '--state-at', 'soon').code).toBe(2);
  });

  it('a violation names the client, the server that answered, times, events, and the trace command', () => {
    const r = faultline('run', FAILOVER);
    expect(r.code).toBe(0);
    const ops = r.stdout.split('\n').filter((l) => /^ {4}c\d+ \(process \d+\) /.test(l));
    expect(ops.length).toBeGreaterThanOrEqual(2);
    for (const l of ops) expect(l).toMatch(/: ok from n\d, invoked \d+\.\d{6}s \(event \d+\), completed \d+\.\d{6}s \(event \d+\)$/);
    const command = /trace around it: npx faultline (run .*)$/m.exec(r.stdout)![1]!.split(' ');
    const from = Number(/--trace-from (\S+)s/.exec(command.join(' '))![1]);
    const to = Number(/--trace-to (\S+)s/.exec(command.join(' '))![1]);
    // The command works, and the window holds every event the lines above name.
    const shown = faultline(...command);
    const times = traceLines(shown.stdout).map((l) => Number(/(\d+\.\d+)s/.exec(l)![1]));
    expect(times.length).toBeGreaterThan(0);
    for (const t of times) expect(t >= from && t <= to).toBe(true);
    for (const l of ops) {
      for (const m of l.matchAll(/(\d+\.\d{6})s/g)) expect(Number(m[1]) >= from && Number(m[1]) <= to).toBe(true);
    }
    const json = JSON.parse(faultline('run', FAILOVER, '--json').stdout);
    expect(json.violationOps.map((op: { client: string }) => op.client)).toEqual(ops.map((l) => l.trim().split(' ')[0]));
  });

  it('--explain prints the description, the protocol and what is expected', () => {
    const r = faultline('run', FAILOVER, '--explain', '--set', 'duration=4s');
    expect(r.stdout).toContain('The primary acknowledges writes before its backups have them');
    expect(r.stdout).toMatch(/^protocol primary-backup: /m);
    expect(r.stdout).toMatch(/^expects {2}violation \(linearizability\)/m);
  });
});
