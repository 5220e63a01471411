// Handler tests for log replication and commitment.
import { describe, expect, it } from 'vitest';
import type { AppendEntries, AppendEntriesReply } from '../../../protocols/raft/messages.js';
import { logKey } from '../../../protocols/raft/storage.js';
import { boot, entries, makeLeader, sent, timeout } from './helpers.js';

const noPreVote = { preVote: false };

function append(term: number, prevLogIndex: number, prevLogTerm: number, terms: number[], leaderCommit = 0, round = 0): AppendEntries {
  return { type: 'append-entries', term, prevLogIndex, prevLogTerm, entries: entries(terms, prevLogIndex + 1), leaderCommit, round };
}

function ack(term: number, matchIndex: number, round = 0): AppendEntriesReply {
  return { type: 'append-entries-reply', term, success: true, matchIndex, rejectedIndex: 0, conflictTerm: 0, conflictIndex: 0, requestTerm: term, round };
}

describe('follower: AppendEntries', () => {
  it('appends after a matching prevLog, persists, then acknowledges', () => {
    const b = boot({ term: 1, log: [1] });
    b.receive('n2', append(2, 1, 1, [2, 2], 0, 4));
    expect(b.view()).toMatchObject({ role: 'follower', term: 2, leader: 'n2', lastIndex: 3 });
    expect(sent(b, 'append-entries-reply')[0]!.msg).toEqual({
      type: 'append-entries-reply', term: 2, success: true, matchIndex: 3, rejectedIndex: 1, conflictTerm: 0, conflictIndex: 0, requestTerm: 2, round: 4,
    });
    expect(b.disk.durableGet(logKey(3))).toEqual(entries([2], 3)[0]);
  });

  it('rejects when its log is too short: conflictTerm 0, conflictIndex = last + 1', () => {
    const b = boot({ term: 2, log: [1, 1] });
    b.receive('n2', append(2, 5, 2, [2]));
    expect(sent(b, 'append-entries-reply')[0]!.msg).toMatchObject({ success: false, rejectedIndex: 5, conflictTerm: 0, conflictIndex: 3 });
    expect(b.view().lastIndex).toBe(2);
  });

  it('rejects a mismatching prevLogTerm with the conflicting term and its first index', () => {
    const b = boot({ term: 3, log: [1, 2, 2, 2] });
    b.receive('n2', append(3, 4, 3, [3]));
    expect(sent(b, 'append-entries-reply')[0]!.msg).toMatchObject({ success: false, rejectedIndex: 4, conflictTerm: 2, conflictIndex: 2 });
  });

  it('overwrites a conflicting suffix and logs the truncation', () => {
    const b = boot({ term: 2, log: [1, 2, 2] });
    b.receive('n3', append(3, 1, 1, [3]));
    expect(b.view()).toMatchObject({ lastIndex: 2, lastTerm: 3, logTerms: [1, 1, 2, 3] });
    expect(b.ctx.events('truncate')).toEqual([{ from: 2, to: 3 }]);
    expect(b.disk.durableGet(logKey(3))).toBeUndefined();
  });

  it('keeps matching entries after a stale (shorter) AppendEntries', () => {
    const b = boot({ term: 2, log: [1, 2, 2, 2] });
    b.receive('n2', append(2, 1, 1, [2]));
    expect(b.view().lastIndex).toBe(4);
    expect(b.ctx.events('truncate')).toEqual([]);
    expect(sent(b, 'append-entries-reply')[0]!.msg).toMatchObject({ success: true, matchIndex: 2 });
  });

  it('commits up to min(leaderCommit, last new entry) and applies', () => {
    const b = boot({ term: 2, log: [1, 1, 1, 1] });
    b.receive('n2', append(2, 2, 1, [], 4));
    expect(b.view()).toMatchObject({ commitIndex: 2, lastApplied: 2 });
    expect(b.ctx.events('apply').map((e) => e['index'])).toEqual([1, 2]);
  });

  it('tells a leader of an older term about the newer one, without touching its log', () => {
    const b = boot({ term: 5, log: [1] });
    b.receive('n2', append(4, 1, 1, [4]));
    expect(sent(b, 'append-entries-reply')[0]!.msg).toMatchObject({ term: 5, success: false });
    expect(b.view()).toMatchObject({ term: 5, lastIndex: 1, leader: null });
  });

  it('a candidate hearing from a leader of its term becomes its follower', () => {
    const b = boot({ term: 1, config: noPreVote });
    timeout(b);
    expect(b.view()).toMatchObject({ role: 'candidate', term: 2 });
    b.receive('n3', append(2, 0, 0, []));
    expect(b.view()).toMatchObject({ role: 'follower', term: 2, leader: 'n3' });
  });

  it('answers a heartbeat and commits what the leader says it matches', () => {
    const b = boot({ term: 2, log: [1, 2, 2] });
    b.receive('n2', { type: 'heartbeat', term: 2, commit: 2, round: 8 });
    expect(sent(b, 'heartbeat-reply')[0]!.msg).toEqual({ type: 'heartbeat-reply', term: 2, requestTerm: 2, round: 8 });
    expect(b.view().commitIndex).toBe(2);
  });
});

describe('leader: replication and commitment', () => {
  it('commits the no-op once a quorum stores it, and tells followers on the next append', () => {
    const b = boot({ term: 1, config: noPreVote });
    makeLeader(b);
    b.ctx.takeSent();
    b.receive('n2', ack(2, 1));
    expect(b.view().commitIndex).toBe(1);
    expect(b.ctx.events('commit')).toEqual([{ index: 1, term: 2 }]);
    expect(b.ctx.events('apply')).toEqual([{ index: 1, term: 2, digest: 'noop' }]);
  });

  it('does not commit an entry of an earlier term by counting replicas (Figure 8)', () => {
    // n1 holds [t1, t2]; it wins term 3 and appends its no-op at index 3.
    const b = boot({ term: 2, log: [1, 2], config: noPreVote });
    makeLeader(b);
    expect(b.view()).toMatchObject({ term: 3, lastIndex: 3 });
    b.receive('n2', ack(3, 2)); // index 2 (term 2) is now on a quorum...
    expect(b.view().commitIndex).toBe(0); // ...but is not committed
    b.receive('n2', ack(3, 3)); // the term-3 no-op is on a quorum: both commit
    expect(b.view().commitIndex).toBe(3);
    expect(b.ctx.events('commit')).toEqual([{ index: 3, term: 3 }]);
  });

  it('backs up a whole term on a rejection and streams once the logs agree', () => {
    const b = boot({ term: 3, log: [1, 1, 3, 3, 3], config: noPreVote });
    makeLeader(b); // term 4, no-op at 6
    b.ctx.takeSent();
    // n2 rejects prevLogIndex 5: it holds term 2 there, from index 3.
    b.receive('n2', { type: 'append-entries-reply', term: 4, success: false, matchIndex: 0, rejectedIndex: 5, conflictTerm: 2, conflictIndex: 3, requestTerm: 4, round: 0 });
    const retry = sent(b, 'append-entries');
    expect(retry).toHaveLength(1);
    expect(retry[0]!.msg).toMatchObject({ prevLogIndex: 2, prevLogTerm: 1 });
    expect(retry[0]!.msg.entries.map((e) => e.term)).toEqual([3, 3, 3, 4]);
    b.ctx.takeSent();
    // a stale rejection (for an index it no longer probes) is ignored
    b.receive('n2', { type: 'append-entries-reply', term: 4, success: false, matchIndex: 0, rejectedIndex: 5, conflictTerm: 2, conflictIndex: 3, requestTerm: 4, round: 0 });
    expect(sent(b, 'append-entries')).toHaveLength(0);
    b.receive('n2', ack(4, 6));
    expect(b.node.state.progress.get('n2')).toMatchObject({ match: 6, next: 7, mode: 'replicate' });
  });

  it('in probe mode sends one AppendEntries at a time; in replicate mode streams new entries', () => {
    const b = boot({ term: 1, config: noPreVote });
    makeLeader(b);
    b.ctx.takeSent();
    b.receive('c1', { type: 'kv-request', command: { f: 'put', key: 'a', value: 1, client: 'c1.1', seq: 1 } });
    expect(sent(b, 'append-entries')).toHaveLength(0); // both followers still probing
    b.receive('n2', ack(2, 1));
    const toN2 = sent(b, 'append-entries');
    expect(toN2.map((a) => [a.to, a.msg.prevLogIndex, a.msg.entries.length])).toEqual([['n2', 1, 1]]);
    b.ctx.takeSent();
    b.receive('c1', { type: 'kv-request', command: { f: 'put', key: 'a', value: 2, client: 'c1.1', seq: 2 } });
    expect(sent(b, 'append-entries').map((a) => [a.to, a.msg.prevLogIndex, a.msg.entries.length])).toEqual([['n2', 2, 1]]);
  });

  it('a heartbeat answer from a follower that is behind triggers a retransmission', () => {
    const b = boot({ term: 1, config: noPreVote });
    makeLeader(b);
    b.ctx.takeSent();
    b.receive('n2', { type: 'heartbeat-reply', term: 2, requestTerm: 2, round: 0 });
    expect(sent(b, 'append-entries').map((a) => [a.to, a.msg.prevLogIndex, a.msg.entries.length])).toEqual([['n2', 0, 1]]);
  });

  it('heartbeats every interval, with commit capped by what each follower matches', () => {
    const b = boot({ term: 1, config: noPreVote });
    makeLeader(b);
    b.receive('n2', ack(2, 1));
    b.ctx.takeSent();
    b.fire('heartbeat');
    expect(sent(b, 'heartbeat').map((h) => [h.to, h.msg.commit])).toEqual([
      ['n2', 1],
      ['n3', 0],
    ]);
    expect(b.ctx.timerNamed('heartbeat')!.afterUs).toBe(50_000);
  });

  it('with checkQuorum, steps down after a minimum election timeout without a quorum', () => {
    const b = boot({ term: 1, config: { preVote: false, checkQuorum: true } });
    makeLeader(b);
    for (let i = 0; i < 3; i++) b.fire('heartbeat'); // 150ms: not yet
    expect(b.view().role).toBe('leader');
    b.fire('heartbeat');
    expect(b.view()).toMatchObject({ role: 'follower', term: 2 });
  });

  it('with checkQuorum, a leader answered by a quorum stays', () => {
    const b = boot({ term: 1, config: { preVote: false, checkQuorum: true } });
    makeLeader(b);
    for (let i = 0; i < 10; i++) {
      b.fire('heartbeat');
      b.receive('n2', { type: 'heartbeat-reply', term: 2, requestTerm: 2, round: b.node.state.round });
    }
    expect(b.view().role).toBe('leader');
  });

  it('counts no reply to a request of an earlier term: not its round, match index or rejection', () => {
    const b = boot({ term: 3, log: [1, 1, 3, 3, 3], config: { preVote: false, checkQuorum: false } });
    makeLeader(b); // term 4, probing n2 from index 6
    b.ctx.takeSent();
    const progress = () => ({ ...b.node.state.progress.get('n2')! });
    const before = progress();
    // Answers to a term-3 leadership (this server before a restart): the follower is in
    // term 4 now, so each carries term 4, but requestTerm 3.
    b.receive('n2', { type: 'heartbeat-reply', term: 4, requestTerm: 3, round: 500 });
    b.receive('n2', { type: 'append-entries-reply', term: 4, success: false, matchIndex: 0, rejectedIndex: 5, conflictTerm: 0, conflictIndex: 0, requestTerm: 3, round: 501 });
    b.receive('n2', { type: 'install-snapshot-reply', term: 4, matchIndex: 0, requestTerm: 3, round: 502 });
    expect(progress()).toEqual(before);
    expect(b.node.state.quorumRound).toBe(0);
    expect(b.ctx.outbox).toHaveLength(0);
  });

  it('a reply echoing a round this leader never started fails the run (an assertion)', () => {
    const b = boot({ term: 1, config: { preVote: false } });
    makeLeader(b);
    expect(() => b.receive('n2', { type: 'heartbeat-reply', term: 2, requestTerm: 2, round: 99 })).toThrow(/acked round 99, the latest is/);
  });

  it('without checkQuorum, an isolated leader stays leader', () => {
    const b = boot({ term: 1, config: { preVote: false, checkQuorum: false } });
    makeLeader(b);
    for (let i = 0; i < 10; i++) b.fire('heartbeat');
    expect(b.view().role).toBe('leader');
  });
});
