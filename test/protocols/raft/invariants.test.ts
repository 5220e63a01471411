// The invariants: synthetic event streams, then hand-made schedules in which each bug
// variant breaks the invariant that should catch it (and the correct code does not).
import { describe, expect, it } from 'vitest';
import type { ObservedEvent } from '../../../checkers/invariants.js';
import {
  electionSafety,
  leaderAppendOnly,
  leaderCompleteness,
  logMatching,
  RAFT_INVARIANTS,
  stateMachineSafety,
} from '../../../protocols/raft/invariants.js';
import type { Invariant } from '../../../checkers/invariants.js';
import { Cluster, type InFlight } from './cluster.js';

type Ev = [node: string, name: string, fields?: Record<string, unknown>, kind?: string];

/** Feed events to a fresh check; returns the first violation message (or null). */
function feed(invariant: Invariant, events: Ev[], views: Record<string, Record<string, unknown>> = {}): string | null {
  const check = invariant.create();
  const nodes = ['n1', 'n2', 'n3'];
  let index = 0;
  for (const [node, name, fields = {}, kind = 'log'] of events) {
    const event: ObservedEvent = { index: index++, timeUs: index * 1000, kind, node, name, fields };
    const message = check.onEvent?.(event, (n) => views[n] ?? { role: 'down' }, nodes) ?? null;
    if (message !== null) return message;
  }
  return check.atEnd?.((n) => views[n] ?? { role: 'down' }, nodes) ?? null;
}

const logView = (logTerms: number[], lastIndex: number, snapshotIndex = 0) => ({ role: 'follower', logTerms, lastIndex, snapshotIndex });

describe('invariants on synthetic events', () => {
  it('are the five of the paper and the two of membership changes, named', () => {
    expect(RAFT_INVARIANTS.map((i) => i.name)).toEqual([
      'election-safety',
      'leader-append-only',
      'log-matching',
      'leader-completeness',
      'state-machine-safety',
      'config-one-at-a-time',
      'election-quorum',
    ]);
  });

  it('election-safety: one leader per term', () => {
    expect(feed(electionSafety, [['n1', 'became-leader', { term: 1 }], ['n2', 'became-leader', { term: 2 }], ['n1', 'became-leader', { term: 1 }]])).toBeNull();
    expect(feed(electionSafety, [['n1', 'became-leader', { term: 3 }], ['n2', 'became-leader', { term: 3 }]])).toBe(
      'two leaders in term 3: n1 (event 0) and n2',
    );
  });

  it('leader-append-only: a leader never truncates; a follower may', () => {
    const truncate: Ev = ['n1', 'truncate', { from: 4, to: 6 }];
    expect(feed(leaderAppendOnly, [['n1', 'became-leader', { term: 2 }], ['n1', 'became-follower', { term: 3 }], truncate])).toBeNull();
    expect(feed(leaderAppendOnly, [['n1', 'became-leader', { term: 2 }], ['n1', 'crash', {}, 'crash'], truncate])).toBeNull();
    expect(feed(leaderAppendOnly, [['n1', 'became-leader', { term: 2 }], truncate])).toBe(
      'leader n1 of term 2 deleted entries 4..6 from its log',
    );
  });

  it('log-matching: same index and term means the same entry', () => {
    const apply = (node: string, digest: string): Ev => [node, 'apply', { index: 5, term: 2, digest }];
    expect(feed(logMatching, [apply('n1', 'put a c1#1'), apply('n2', 'put a c1#1')])).toBeNull();
    expect(feed(logMatching, [apply('n1', 'put a c1#1'), apply('n2', 'put b c2#1')])).toBe(
      'index 5 term 2 holds "put a c1#1" on n1 but "put b c2#1" on n2',
    );
  });

  it('log-matching: same index and term means the same prefix (views compared at elections and at the end)', () => {
    const good = { n1: logView([1, 1, 3, 2], 4), n2: logView([1, 1, 3, 2, 4, 3], 5) };
    expect(feed(logMatching, [['n1', 'became-leader', { term: 3 }]], good)).toBeNull();
    const bad = { n1: logView([1, 1, 2, 2, 3, 3], 4), n2: logView([1, 1, 2, 5, 3, 3], 4) };
    expect(feed(logMatching, [['n1', 'became-leader', { term: 3 }]], bad)).toBe(
      'n1 and n2 both hold index 3 of term 3 but their logs differ at index 2',
    );
    expect(feed(logMatching, [], bad)).toMatch(/differ at index 2/);
  });

  it('leader-completeness: a later leader holds the highest committed entry', () => {
    const events: Ev[] = [
      ['n1', 'became-leader', { term: 2 }],
      ['n1', 'commit', { index: 3, term: 2 }],
      ['n2', 'became-leader', { term: 3 }],
    ];
    expect(feed(leaderCompleteness, events, { n2: logView([1, 1, 2, 2], 3) })).toBeNull();
    expect(feed(leaderCompleteness, events, { n2: logView([1, 1, 3, 1], 3, 0) })).toBe(
      'n2 became leader of term 3 without index 3 (term 2), committed by n1 in term 2 (it holds term 1 there)',
    );
    expect(feed(leaderCompleteness, events, { n2: logView([1, 1], 2) })).toMatch(/its log ends at 2/);
    // covered by its snapshot: can not be checked, not reported
    expect(feed(leaderCompleteness, events, { n2: logView([4, 2], 4, 4) })).toBeNull();
  });

  it('state-machine-safety: one entry per index across servers', () => {
    const apply = (node: string, term: number, digest: string): Ev => [node, 'apply', { index: 7, term, digest }];
    expect(feed(stateMachineSafety, [apply('n1', 2, 'noop'), apply('n2', 2, 'noop'), apply('n1', 2, 'noop')])).toBeNull();
    expect(feed(stateMachineSafety, [apply('n1', 2, 'noop'), apply('n3', 3, 'put a c1#4')])).toBe(
      'n1 applied "noop" (term 2) at index 7 but n3 applied "put a c1#4" (term 3)',
    );
  });
});

// ---- hand-made schedules -------------------------------------------------------------

const manual = { preVote: false, checkQuorum: false };
const is = (type: string, from?: string, to?: string) => (m: InFlight) =>
  m.msg.type === type && (from === undefined || m.from === from) && (to === undefined || m.to === to);
const between = (from: string, to: string) => (m: InFlight) => m.from === from && m.to === to;

/** A client write at the leader; the leader's AppendEntries stay in flight. */
function write(c: Cluster, client: string, key: string, value: number): void {
  c.invoke(client, 'put', key, value);
  c.deliver(is('kv-request'));
  if (c.network.some(is('kv-reply'))) {
    // the client tried a follower: follow the redirect to the leader
    c.deliver(is('kv-reply'));
    c.deliver(is('kv-request'));
  }
}

/** A put from session `client` straight to `to` (no client process involved). */
function request(c: Cluster, to: string, client: string, seq: number, key: string, value: number): void {
  c.inject({ from: 'c1', to, msg: { type: 'kv-request', command: { f: 'put', key, value, client, seq } } });
  c.deliver(is('kv-request', 'c1', to));
}

/** Two leaders in term 1: n2 votes for n1, crashes, forgets (or not), then votes for n3. */
function twoLeadersSchedule(variant: string | null): Cluster {
  const c = new Cluster({ nodes: 3, clients: 1, config: manual, variant });
  c.timeout('n1');
  c.drop(between('n1', 'n3'));
  c.deliver(is('request-vote', 'n1', 'n2'));
  c.deliver(is('request-vote-reply', 'n2', 'n1')); // n1 leads term 1
  c.drop(between('n1', 'n2'));
  c.crash('n2');
  c.restart('n2');
  c.timeout('n3');
  c.drop(between('n3', 'n1'));
  c.deliver(is('request-vote', 'n3', 'n2'));
  c.deliver(is('request-vote-reply', 'n2', 'n3'));
  c.drop();
  return c;
}

describe('schedules: each variant is caught by its invariant', () => {
  it('vote-not-persisted: two leaders in one term (election-safety), then two entries at one index and term (log-matching)', () => {
    const c = twoLeadersSchedule('vote-not-persisted');
    expect(c.violated('election-safety')?.message).toMatch(/^two leaders in term 1: n1 \(event \d+\) and n3$/);
    // Each leader takes a different write at index 2 of term 1, and n2 acknowledges both.
    request(c, 'n1', 'a.1', 1, 'k', 1);
    request(c, 'n3', 'b.1', 1, 'k', 2);
    for (const leader of ['n1', 'n3']) {
      c.fire(leader, 'heartbeat');
      c.drop((m) => m.to !== 'n2' && m.from !== 'n2');
      c.deliverAll();
    }
    expect(c.violated('log-matching')?.message).toBe('index 2 term 1 holds "put k a.1#1" on n1 but "put k b.1#1" on n3');
    expect(c.violated('state-machine-safety')).toBeDefined();
  });

  it('correct code under the same schedule: n2 remembers its vote, n3 is not elected', () => {
    const c = twoLeadersSchedule(null);
    expect(c.view('n3').role).toBe('candidate');
    expect(c.violations).toEqual([]);
  });

  /** Paper Figure 8, five servers. */
  function figure8Schedule(variant: string | null): Cluster {
    const c = new Cluster({ nodes: 5, clients: 1, config: manual, variant });
    c.elect('n1'); // term 1
    request(c, 'n1', 'a.1', 1, 'x', 1);
    c.deliver(is('append-entries', 'n1', 'n2')); // x=1 reaches n2 only
    c.drop();
    c.crash('n1');
    c.timeout('n5'); // term 2: n3 and n4 vote for n5
    c.drop((m) => m.from === 'n5' && m.to !== 'n3' && m.to !== 'n4');
    c.deliver(is('request-vote'));
    c.deliver(is('request-vote-reply'));
    expect(c.view('n5')).toMatchObject({ role: 'leader', term: 2 });
    request(c, 'n5', 'b.1', 1, 'x', 2); // x=2 stays on n5
    c.drop();
    c.crash('n5');
    c.restart('n1');
    c.timeout('n1'); // term 2: n3 and n4 already voted for n5
    c.deliverAll();
    c.timeout('n1'); // term 3: elected by n2, n3, n4
    c.deliverAll();
    expect(c.view('n1')).toMatchObject({ role: 'leader', term: 3 });
    c.crash('n1');
    c.restart('n5');
    c.timeout('n5'); // term 3: n2, n3, n4 voted for n1
    c.deliverAll();
    c.timeout('n5'); // term 4
    c.deliverAll();
    c.checkAtEnd();
    return c;
  }

  it('figure8-commit: an earlier-term entry committed by counting is overwritten (leader-completeness, state-machine-safety)', () => {
    const c = figure8Schedule('figure8-commit');
    expect(c.eventsNamed('commit', 'n1').map((e) => e.fields)).toEqual([{ index: 1, term: 1 }]);
    expect(c.view('n5')).toMatchObject({ role: 'leader', term: 4 });
    expect(c.violated('leader-completeness')?.message).toBe(
      'n5 became leader of term 4 without index 1 (term 1), committed by n1 in term 3 (it holds term 2 there)',
    );
    expect(c.violated('state-machine-safety')?.message).toMatch(/^n1 applied "put x a\.1#1" \(term 1\) at index 1 but n\d applied "put x b\.1#1" \(term 2\)$/);
  });

  it('correct code under the same schedule: the new leader’s no-op commits instead, n5 can not win', () => {
    const c = figure8Schedule(null);
    expect(c.view('n5').role).not.toBe('leader');
    expect(c.violations).toEqual([]);
  });

  /** n3 misses a committed write, then asks n2 for a vote with its stale log. */
  function staleCandidateSchedule(variant: string | null): Cluster {
    const c = new Cluster({ nodes: 3, clients: 1, config: manual, variant });
    c.elect('n1');
    c.deliverAll();
    write(c, 'c1', 'x', 1);
    c.drop(is('append-entries', 'n1', 'n3'));
    c.deliverAll();
    expect(c.view('n1').commitIndex).toBe(2);
    c.crash('n1');
    c.timeout('n3');
    c.deliverAll();
    c.fire(c.leader() ?? 'n3', c.leader() === null ? 'election' : 'heartbeat');
    c.deliverAll();
    return c;
  }

  it('no-up-to-date-check: a stale candidate wins and overwrites a committed entry', () => {
    const c = staleCandidateSchedule('no-up-to-date-check');
    expect(c.view('n3')).toMatchObject({ role: 'leader', term: 2 });
    expect(c.violated('leader-completeness')?.message).toMatch(/^n3 became leader of term 2 without index 2 \(term 1\), committed by n1 in term 1/);
    expect(c.violated('state-machine-safety')?.message).toMatch(/at index 2 but n\d applied "noop" \(term 2\)/);
  });

  it('correct code under the same schedule: n2 refuses the stale candidate', () => {
    const c = staleCandidateSchedule(null);
    expect(c.view('n3').role).not.toBe('leader');
    expect(c.violations).toEqual([]);
  });

  /** n2 receives a duplicate of an old AppendEntries after acknowledging a newer entry. */
  function staleAppendSchedule(variant: string | null): Cluster {
    const c = new Cluster({ nodes: 3, clients: 1, config: manual, variant });
    c.elect('n1');
    c.deliverAll();
    write(c, 'c1', 'x', 1); // index 2
    const old = c.inFlight(is('append-entries', 'n1', 'n2'));
    c.drop(is('append-entries', 'n1', 'n3'));
    c.deliverAll();
    write(c, 'c1', 'x', 2); // index 3, committed by n1 + n2
    c.drop(is('append-entries', 'n1', 'n3'));
    c.deliver(is('append-entries', 'n1', 'n2'));
    c.deliver(is('append-entries-reply'));
    expect(c.view('n1').commitIndex).toBe(3);
    c.drop();
    for (const m of old) c.inject(m); // the network duplicates an old message
    c.deliverAll();
    c.crash('n1');
    c.timeout('n2');
    c.deliverAll();
    c.fire(c.leader() ?? 'n2', c.leader() === null ? 'election' : 'heartbeat');
    c.deliverAll();
    return c;
  }

  it('truncate-on-stale-append: an acknowledged committed entry vanishes from n2, which then leads', () => {
    const c = staleAppendSchedule('truncate-on-stale-append');
    expect(c.eventsNamed('truncate', 'n2').map((e) => e.fields)).toEqual([{ from: 3, to: 3 }]);
    expect(c.view('n2')).toMatchObject({ role: 'leader', term: 2 });
    expect(c.violated('leader-completeness')?.message).toMatch(/^n2 became leader of term 2 without index 3 \(term 1\)/);
    expect(c.violated('state-machine-safety')?.message).toMatch(/n1 applied "put x c1\.1#2" \(term 1\) at index 3 but n\d applied "noop" \(term 2\)/);
  });

  it('correct code under the same schedule: the duplicate changes nothing', () => {
    const c = staleAppendSchedule(null);
    expect(c.eventsNamed('truncate')).toEqual([]);
    expect(c.view('n2')).toMatchObject({ role: 'leader', lastIndex: 4 });
    expect(c.violations).toEqual([]);
  });
});
