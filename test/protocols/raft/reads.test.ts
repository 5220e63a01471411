// Reads: ReadIndex (default), lease, through the log, and the stale-leader-read bug.
import { describe, expect, it } from 'vitest';
import type { KvCommand } from '../../../protocols/kv/commands.js';
import type { RaftMessage } from '../../../protocols/raft/messages.js';
import { boot, makeLeader, sent, type Booted } from './helpers.js';

const get = (key: string, seq = 1): RaftMessage => ({ type: 'kv-request', command: { f: 'get', key, value: null, client: 'c1.1', seq } });
const put = (key: string, value: unknown, seq = 1): RaftMessage => ({
  type: 'kv-request',
  command: { f: 'put', key, value, client: 'c2.1', seq } satisfies KvCommand,
});
const ack = (term: number, matchIndex: number, round = 0): RaftMessage => ({
  type: 'append-entries-reply', term, success: true, matchIndex, rejectedIndex: 0, conflictTerm: 0, conflictIndex: 0, requestTerm: term, round,
});

/** A 3-node leader in term 2 that has committed its no-op and `a = 1`. */
function committedLeader(config: Record<string, unknown> = {}, variant: string | null = null): Booted {
  const b = boot({ term: 1, config: { preVote: false, ...config }, variant });
  makeLeader(b);
  b.receive('n2', ack(2, 1));
  b.receive('c2', put('a', 1));
  b.receive('n2', ack(2, 2));
  expect(b.view().commitIndex).toBe(2);
  b.ctx.takeSent();
  return b;
}

function replies(b: Booted) {
  return sent(b, 'kv-reply').map((r) => [r.to, r.msg.outcome, r.msg.value]);
}

describe('ReadIndex', () => {
  it('answers only after a quorum acks a heartbeat round started after the read', () => {
    const b = committedLeader();
    b.receive('c1', get('a'));
    const beats = sent(b, 'heartbeat');
    expect(beats).toHaveLength(2);
    const round = beats[0]!.msg.round;
    expect(replies(b)).toEqual([]);
    b.receive('n3', { type: 'heartbeat-reply', term: 2, requestTerm: 2, round: round - 1 }); // an older round proves nothing
    expect(replies(b)).toEqual([]);
    b.receive('n3', { type: 'heartbeat-reply', term: 2, requestTerm: 2, round });
    expect(replies(b)).toEqual([['c1', 'ok', 1]]);
  });

  it('an ack from a follower of another term does not count', () => {
    const b = committedLeader({ checkQuorum: false });
    b.receive('c1', get('a'));
    const round = sent(b, 'heartbeat')[0]!.msg.round;
    b.receive('n3', { type: 'heartbeat-reply', term: 1, requestTerm: 1, round });
    expect(replies(b)).toEqual([]);
  });

  it('a new leader holds reads until it has committed an entry of its term', () => {
    const b = boot({ term: 1, log: [1], config: { preVote: false } });
    makeLeader(b);
    b.ctx.takeSent();
    b.receive('c1', get('a'));
    expect(sent(b, 'heartbeat')).toHaveLength(0);
    b.receive('n2', ack(2, 2)); // the no-op commits: now the read gets its round
    const round = sent(b, 'heartbeat')[0]!.msg.round;
    b.receive('n2', { type: 'heartbeat-reply', term: 2, requestTerm: 2, round });
    expect(replies(b)).toEqual([['c1', 'ok', null]]);
  });

  it('a server that is not leader redirects, with its leader as a hint', () => {
    const b = boot({ term: 1 });
    b.receive('c1', get('a'));
    b.receive('n3', { type: 'heartbeat', term: 1, commit: 0, round: 0 });
    b.receive('c1', get('a', 2));
    expect(sent(b, 'kv-reply').map((r) => [r.msg.outcome, r.msg.leader])).toEqual([
      ['redirect', null],
      ['redirect', 'n3'],
    ]);
  });

  it('pending reads are redirected when the leader steps down', () => {
    const b = committedLeader();
    b.receive('c1', get('a'));
    b.receive('n3', { type: 'heartbeat-reply', term: 5, requestTerm: 2, round: 0 });
    expect(sent(b, 'kv-reply').map((r) => [r.to, r.msg.outcome])).toEqual([['c1', 'redirect']]);
  });
});

describe('lease reads', () => {
  it('answer at once while a quorum acked a round less than a lease ago, and fall back to ReadIndex after', () => {
    const b = committedLeader({ reads: 'lease', maxDriftPpm: 0 });
    b.fire('heartbeat');
    const round = sent(b, 'heartbeat')[0]!.msg.round;
    const sentAt = b.ctx.nowUs;
    b.receive('n2', { type: 'heartbeat-reply', term: 2, requestTerm: 2, round });
    b.ctx.takeSent();
    b.ctx.nowUs = sentAt + 149_999;
    b.receive('c1', get('a'));
    expect(replies(b)).toEqual([['c1', 'ok', 1]]);
    expect(sent(b, 'heartbeat')).toHaveLength(0);
    b.ctx.takeSent();
    b.ctx.nowUs = sentAt + 150_000; // the lease (one minimum election timeout at 0 ppm) ran out
    b.receive('c1', get('a', 2));
    expect(replies(b)).toEqual([]);
    expect(sent(b, 'heartbeat')).toHaveLength(2);
  });

  it('the lease shrinks with the drift bound', () => {
    const b = committedLeader({ reads: 'lease', maxDriftPpm: '100000ppm' });
    expect(b.node.state.leaseDurationUs).toBe(122_727);
    const bug = committedLeader({ reads: 'lease', maxDriftPpm: '100000ppm' }, 'lease-without-drift-bound');
    expect(bug.node.state.leaseDurationUs).toBe(150_000);
  });

  it('a restarted node refuses votes for a minimum election timeout (it may have acked a lease)', () => {
    const b = boot({ term: 3, config: { reads: 'lease', checkQuorum: false } });
    b.receive('n2', { type: 'request-vote', term: 4, lastLogIndex: 0, lastLogTerm: 0, preVote: false });
    expect(sent(b, 'request-vote-reply')).toHaveLength(0);
    b.ctx.nowUs += 150_000;
    b.receive('n2', { type: 'request-vote', term: 4, lastLogIndex: 0, lastLogTerm: 0, preVote: false });
    expect(sent(b, 'request-vote-reply')[0]!.msg.granted).toBe(true);
  });
});

describe('reads through the log', () => {
  it('a get is appended, committed and answered with the value it read', () => {
    const b = committedLeader({ reads: 'log' });
    b.receive('c1', get('a'));
    expect(b.ctx.events('propose').at(-1)).toEqual({ index: 3, term: 2 });
    expect(replies(b)).toEqual([]);
    b.receive('n2', ack(2, 3));
    expect(replies(b)).toEqual([['c1', 'ok', 1]]);
  });
});

describe('stale-leader-read (bug)', () => {
  it('answers at once, with no round and before committing in its term', () => {
    const b = boot({ term: 1, config: { preVote: false }, variant: 'stale-leader-read' });
    makeLeader(b);
    b.ctx.takeSent();
    b.receive('c1', get('a'));
    expect(replies(b)).toEqual([['c1', 'ok', null]]);
    expect(sent(b, 'heartbeat')).toHaveLength(0);
  });
});
