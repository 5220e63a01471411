// etcd/raft-style handler tests for elections: one node, hand-written messages.
import { describe, expect, it } from 'vitest';
import { TERM_KEY, VOTE_KEY } from '../../../protocols/raft/storage.js';
import { boot, makeLeader, sent, timeout } from './helpers.js';

const noPreVote = { preVote: false };
const request = (term: number, lastLogIndex: number, lastLogTerm: number, preVote = false) =>
  ({ type: 'request-vote', term, lastLogIndex, lastLogTerm, preVote }) as const;

describe('campaigning', () => {
  it('with preVote, a timed-out follower asks for pre-votes for term + 1 without raising its term', () => {
    const b = boot({ term: 2, log: [1, 2] });
    timeout(b);
    expect(b.view()).toMatchObject({ role: 'precandidate', term: 2 });
    const requests = sent(b, 'request-vote');
    expect(requests.map((r) => r.to)).toEqual(['n2', 'n3']);
    expect(requests[0]!.msg).toEqual({ type: 'request-vote', term: 3, lastLogIndex: 2, lastLogTerm: 2, preVote: true });
    expect(b.disk.durableGet(TERM_KEY)).toBe(2);
  });

  it('a quorum of pre-votes starts the real election', () => {
    const b = boot({ term: 2 });
    timeout(b);
    b.ctx.takeSent();
    b.receive('n2', { type: 'request-vote-reply', term: 3, granted: true, preVote: true });
    expect(b.view()).toMatchObject({ role: 'candidate', term: 3, votedFor: 'n1' });
    expect(sent(b, 'request-vote')[0]!.msg.preVote).toBe(false);
  });

  it('a rejected pre-vote with a newer term makes the pre-candidate follow that term', () => {
    const b = boot({ term: 2 });
    timeout(b);
    b.receive('n2', { type: 'request-vote-reply', term: 7, granted: false, preVote: true });
    expect(b.view()).toMatchObject({ role: 'follower', term: 7 });
  });

  it('without preVote, raises the term and votes for itself durably before asking', () => {
    const b = boot({ term: 2, config: noPreVote });
    timeout(b);
    expect(b.view()).toMatchObject({ role: 'candidate', term: 3, votedFor: 'n1' });
    expect(sent(b, 'request-vote')).toHaveLength(2);
    expect(b.ctx.held).toHaveLength(0);
    expect(b.disk.durableGet(TERM_KEY)).toBe(3);
    expect(b.disk.durableGet(VOTE_KEY)).toBe('n1');
  });

  it('election timeouts are drawn from the configured range', () => {
    const seen = new Set<number>();
    for (let seed = 0; seed < 20; seed++) {
      const b = boot({ config: { electionTimeout: '150ms..300ms' } });
      b.ctx.randomQueue.push(seed / 20);
      timeout(b); // precandidate: a fresh timeout was drawn
      const timer = b.ctx.timerNamed('election')!;
      expect(timer.afterUs).toBeGreaterThanOrEqual(150_000);
      expect(timer.afterUs).toBeLessThanOrEqual(300_000);
      seen.add(timer.afterUs);
    }
    expect(seen.size).toBeGreaterThan(10);
  });

  it('a split vote times out and campaigns again in a newer term', () => {
    const b = boot({ term: 1, config: noPreVote });
    timeout(b);
    b.receive('n2', { type: 'request-vote-reply', term: 2, granted: false, preVote: false });
    timeout(b);
    expect(b.view()).toMatchObject({ role: 'candidate', term: 3 });
  });
});

describe('voting', () => {

  it('grants a vote to an up-to-date candidate, persisted before the reply leaves', () => {
    const b = boot({ term: 1, log: [1, 1], config: noPreVote });
    b.receive('n2', request(2, 2, 1));
    expect(sent(b, 'request-vote-reply')).toEqual([
      { to: 'n2', msg: { type: 'request-vote-reply', term: 2, granted: true, preVote: false } },
    ]);
    expect(b.disk.durableGet(TERM_KEY)).toBe(2);
    expect(b.disk.durableGet(VOTE_KEY)).toBe('n2');
    expect(b.ctx.events('vote')).toEqual([{ term: 2, for: 'n2' }]);
  });

  it.each([
    ['an older last term', 3, 1],
    ['the same last term but a shorter log', 2, 2],
  ])('refuses a candidate whose log has %s', (_why, lastLogIndex, lastLogTerm) => {
    const b = boot({ term: 2, log: [1, 2, 2], config: noPreVote });
    b.receive('n2', request(3, lastLogIndex, lastLogTerm));
    expect(sent(b, 'request-vote-reply')[0]!.msg).toEqual({ type: 'request-vote-reply', term: 3, granted: false, preVote: false });
    expect(b.view()).toMatchObject({ term: 3, votedFor: null });
  });

  it('votes for at most one candidate per term', () => {
    const b = boot({ term: 1, config: noPreVote });
    b.receive('n2', request(2, 0, 0));
    b.receive('n3', request(2, 0, 0));
    b.receive('n2', request(2, 0, 0)); // a retry from the same candidate is granted again
    expect(sent(b, 'request-vote-reply').map((r) => [r.to, r.msg.granted])).toEqual([
      ['n2', true],
      ['n3', false],
      ['n2', true],
    ]);
  });

  it('refuses a request from an older term, telling the candidate the newer one', () => {
    const b = boot({ term: 5, config: noPreVote });
    b.receive('n2', request(4, 9, 4));
    expect(sent(b, 'request-vote-reply')[0]!.msg).toMatchObject({ term: 5, granted: false });
  });

  it('answers a pre-vote without changing its term or vote', () => {
    const b = boot({ term: 2, vote: 'n3', log: [1] });
    b.receive('n2', request(3, 1, 1, true));
    expect(sent(b, 'request-vote-reply')[0]!.msg).toEqual({ type: 'request-vote-reply', term: 3, granted: true, preVote: true });
    expect(b.view()).toMatchObject({ term: 2, votedFor: 'n3' });
    b.ctx.takeSent();
    b.receive('n2', request(3, 0, 0, true)); // stale log: refused
    expect(sent(b, 'request-vote-reply')[0]!.msg).toEqual({ type: 'request-vote-reply', term: 2, granted: false, preVote: true });
  });

  it('ignores vote requests within a minimum election timeout of hearing from its leader (vote guard)', () => {
    const b = boot({ term: 1, config: { checkQuorum: true } });
    b.receive('n2', { type: 'heartbeat', term: 1, commit: 0, round: 1 });
    b.ctx.takeSent();
    b.ctx.nowUs += 100_000;
    b.receive('n3', request(2, 5, 1));
    b.receive('n3', request(2, 5, 1, true));
    expect(b.ctx.outbox).toHaveLength(0);
    expect(b.view().term).toBe(1);
    b.ctx.nowUs += 60_000;
    b.receive('n3', request(2, 5, 1));
    expect(sent(b, 'request-vote-reply')[0]!.msg.granted).toBe(true);
  });

  it('without checkQuorum (and not lease reads) there is no vote guard', () => {
    const b = boot({ term: 1, config: { checkQuorum: false } });
    b.receive('n2', { type: 'heartbeat', term: 1, commit: 0, round: 1 });
    b.ctx.takeSent();
    b.receive('n3', request(2, 5, 1));
    expect(sent(b, 'request-vote-reply')[0]!.msg.granted).toBe(true);
  });
});

describe('the election timer (Figure 2)', () => {
  const deadline = (b: ReturnType<typeof boot>) => b.node.state.electionDeadlineUs;

  it('keeps running when a vote request of a newer term is refused (the candidate is behind)', () => {
    const b = boot({ term: 1, log: [1, 1], config: noPreVote });
    const before = deadline(b);
    b.ctx.nowUs += 100_000;
    b.receive('n2', request(7, 1, 1));
    expect(b.view()).toMatchObject({ role: 'follower', term: 7, votedFor: null });
    expect(deadline(b)).toBe(before);
  });

  it('restarts when the vote is granted, and on AppendEntries or a heartbeat from the leader', () => {
    const b = boot({ term: 1, config: noPreVote });
    let last = deadline(b);
    b.ctx.nowUs += 100_000;
    b.receive('n2', request(2, 0, 0));
    expect(sent(b, 'request-vote-reply')[0]!.msg.granted).toBe(true);
    expect(deadline(b)).toBeGreaterThan(last);
    last = deadline(b);
    b.ctx.nowUs += 100_000;
    b.receive('n2', { type: 'heartbeat', term: 2, commit: 0, round: 1 });
    expect(deadline(b)).toBeGreaterThan(last);
  });

  it('a candidate that hears of a newer term keeps its deadline; a leader that steps down gets one', () => {
    const c = boot({ term: 1, config: noPreVote });
    timeout(c);
    const before = deadline(c);
    c.ctx.nowUs += 10_000;
    c.receive('n3', { type: 'request-vote-reply', term: 4, granted: false, preVote: false });
    expect(c.view()).toMatchObject({ role: 'follower', term: 4 });
    expect(deadline(c)).toBe(before);

    const l = boot({ term: 1, config: { ...noPreVote, checkQuorum: false } }); // no vote guard
    makeLeader(l);
    expect(l.ctx.timerNamed('election')).toBeUndefined();
    l.receive('n3', request(5, 0, 0));
    expect(l.view()).toMatchObject({ role: 'follower', term: 5 });
    expect(l.ctx.timerNamed('election')).toBeDefined();
  });
});

describe('becoming leader', () => {
  it('a candidate with a quorum becomes leader and appends a no-op of its term', () => {
    const b = boot({ term: 1, log: [1, 1], config: noPreVote });
    makeLeader(b);
    const view = b.view();
    expect(view).toMatchObject({ role: 'leader', term: 2, lastIndex: 3, lastTerm: 2 });
    expect(b.node.state.log.entryAt(3)).toEqual({ term: 2, command: null });
    expect(b.ctx.events('became-leader')).toEqual([{ term: 2 }]);
    const appends = sent(b, 'append-entries');
    expect(appends.map((a) => a.to)).toEqual(['n2', 'n3']);
    expect(appends[0]!.msg).toMatchObject({ term: 2, prevLogIndex: 2, prevLogTerm: 1, leaderCommit: 0 });
    expect(appends[0]!.msg.entries).toEqual([{ term: 2, command: null }]);
  });

  it('ignores votes from another term and pre-votes once a candidate', () => {
    const b = boot({ term: 1, config: noPreVote });
    timeout(b);
    b.receive('n2', { type: 'request-vote-reply', term: 1, granted: true, preVote: false });
    b.receive('n2', { type: 'request-vote-reply', term: 2, granted: true, preVote: true });
    expect(b.view().role).toBe('candidate');
  });

  it('a single-server cluster elects itself and commits at once', () => {
    const b = boot({ servers: ['n1'] });
    timeout(b);
    expect(b.view()).toMatchObject({ role: 'leader', term: 1, commitIndex: 1 });
  });

  it('a leader seeing a newer term steps down', () => {
    const b = boot({ term: 1, config: noPreVote });
    makeLeader(b);
    b.receive('n3', { type: 'append-entries-reply', term: 9, success: false, matchIndex: 0, rejectedIndex: 0, conflictTerm: 0, conflictIndex: 0, requestTerm: 2, round: 0 });
    expect(b.view()).toMatchObject({ role: 'follower', term: 9, leader: null });
    expect(b.ctx.events('became-follower').at(-1)).toEqual({ term: 9, leader: null });
  });

  it('role changes are asserted: a leader can not campaign', async () => {
    const { becomeCandidate, becomeLeader } = await import('../../../protocols/raft/roles.js');
    const b = boot({ term: 1, config: noPreVote });
    expect(() => becomeLeader(b.node.state, b.ctx)).toThrow(/from follower, not candidate/);
    makeLeader(b);
    expect(() => becomeCandidate(b.node.state, b.ctx)).toThrow(/leader can not become a candidate/);
  });
});
