// Each bug variant flips exactly the behaviour it names: the same input, with and without.
import { describe, expect, it } from 'vitest';
import { RAFT_VARIANTS, raftFlags } from '../../../protocols/raft/variants.js';
import { VOTE_KEY } from '../../../protocols/raft/storage.js';
import type { RaftMessage } from '../../../protocols/raft/messages.js';
import { boot, entries, makeLeader, sent, timeout } from './helpers.js';

const noPreVote = { preVote: false, checkQuorum: false };
const ack = (term: number, matchIndex: number): RaftMessage => ({
  type: 'append-entries-reply', term, success: true, matchIndex, rejectedIndex: 0, conflictTerm: 0, conflictIndex: 0, requestTerm: term, round: 0,
});

describe('variants', () => {
  it('lists each variant with a description, and refuses unknown names', () => {
    expect(Object.keys(RAFT_VARIANTS)).toEqual([
      'figure8-commit',
      'vote-not-persisted',
      'no-up-to-date-check',
      'truncate-on-stale-append',
      'stale-leader-read',
      'lease-without-drift-bound',
      'no-sessions',
      'fixed-election-timeout',
      'stale-round-ack',
      'timer-reset-on-refused-vote',
    ]);
    for (const name of Object.keys(RAFT_VARIANTS)) {
      const flags = Object.values(raftFlags(name));
      expect(flags.filter((on) => on)).toHaveLength(1);
    }
    expect(Object.values(raftFlags(null)).some((on) => on)).toBe(false);
    expect(() => raftFlags('typo')).toThrow(/unknown variant "typo"/);
  });

  it.each([
    [null, 0, 3],
    ['figure8-commit', 2, 2],
  ])('%s: a previous-term entry on a quorum is committed at %i (lastIndex %i)', (variant, commitIndex, lastIndex) => {
    const b = boot({ term: 2, log: [1, 2], config: noPreVote, variant });
    makeLeader(b);
    expect(b.view().lastIndex).toBe(lastIndex); // the bug also leaves out the no-op
    b.receive('n2', ack(3, 2));
    expect(b.view().commitIndex).toBe(commitIndex);
  });

  it.each([
    [null, 'n2', false],
    ['vote-not-persisted', undefined, true],
  ])('%s: the vote on disk is %s; after a restart a second candidate granted: %s', (variant, onDisk, grantedAgain) => {
    const b = boot({ term: 1, config: noPreVote, variant });
    b.receive('n2', { type: 'request-vote', term: 2, lastLogIndex: 0, lastLogTerm: 0, preVote: false });
    expect(b.disk.durableGet(VOTE_KEY)).toBe(onDisk);
    const r = b.restart();
    r.receive('n3', { type: 'request-vote', term: 2, lastLogIndex: 0, lastLogTerm: 0, preVote: false });
    expect(sent(r, 'request-vote-reply')[0]!.msg.granted).toBe(grantedAgain);
  });

  it.each([
    [null, false],
    ['no-up-to-date-check', true],
  ])('%s: a candidate with a stale log is granted: %s', (variant, granted) => {
    const b = boot({ term: 2, log: [1, 2, 2], config: noPreVote, variant });
    b.receive('n2', { type: 'request-vote', term: 3, lastLogIndex: 1, lastLogTerm: 1, preVote: false });
    expect(sent(b, 'request-vote-reply')[0]!.msg.granted).toBe(granted);
  });

  it.each([
    [null, 4, []],
    ['truncate-on-stale-append', 2, [{ from: 3, to: 4 }]],
  ])('%s: after a stale AppendEntries that matches, lastIndex is %i', (variant, lastIndex, truncations) => {
    const b = boot({ term: 2, log: [2, 2, 2, 2], variant });
    b.receive('n2', { type: 'append-entries', term: 2, prevLogIndex: 1, prevLogTerm: 2, entries: entries([2], 2), leaderCommit: 1, round: 0 });
    expect(b.view().lastIndex).toBe(lastIndex);
    expect(b.ctx.events('truncate')).toEqual(truncations);
    expect(sent(b, 'append-entries-reply')[0]!.msg).toMatchObject({ success: true, matchIndex: 2 });
  });

  it.each([
    [null, 0],
    ['stale-leader-read', 1],
  ])('%s: a fresh leader answers %i reads without confirming it leads', (variant, answered) => {
    const b = boot({ term: 1, config: noPreVote, variant });
    makeLeader(b);
    b.receive('c1', { type: 'kv-request', command: { f: 'get', key: 'a', value: null, client: 'c1.1', seq: 1 } });
    expect(sent(b, 'kv-reply')).toHaveLength(answered);
  });

  it.each([
    [null, 122_727],
    ['lease-without-drift-bound', 150_000],
  ])('%s: the lease lasts %ius', (variant, leaseUs) => {
    const b = boot({ config: { reads: 'lease', maxDriftPpm: '100000ppm' }, variant });
    expect(b.node.state.leaseDurationUs).toBe(leaseUs);
  });

  it.each([
    [null, 'x'],
    ['no-sessions', 'xx'],
  ])('%s: a retried append leaves %s', (variant, value) => {
    const b = boot({ term: 1, config: noPreVote, variant });
    makeLeader(b);
    const retry: RaftMessage = { type: 'kv-request', command: { f: 'append', key: 'k', value: 'x', client: 'c1.1', seq: 1 } };
    b.receive('c1', retry);
    b.receive('c1', retry);
    b.receive('n2', ack(2, b.view().lastIndex));
    expect(b.node.state.kv.read('k')).toBe(value);
  });

  it.each([
    [null, true],
    ['fixed-election-timeout', false],
  ])('%s: election timeouts vary: %s', (variant, varies) => {
    const b = boot({ config: { electionTimeout: '150ms..300ms', preVote: false }, variant });
    const seen = new Set<number>();
    for (let i = 0; i < 10; i++) {
      timeout(b);
      seen.add(b.ctx.timerNamed('election')!.afterUs);
    }
    expect(seen.size > 1).toBe(varies);
    if (!varies) expect([...seen]).toEqual([150_000]);
  });

  it.each([
    [null, 0],
    ['stale-round-ack', 1],
  ])('%s: a reply to a term-1 heartbeat (round 900, before a restart) confirms %i term-2 reads', (variant, answered) => {
    const b = boot({ term: 1, config: noPreVote, variant });
    makeLeader(b); // term 2; this process's rounds start again from 0
    b.receive('n2', ack(2, 1));
    b.receive('c1', { type: 'kv-request', command: { f: 'get', key: 'a', value: null, client: 'c1.1', seq: 1 } });
    expect(sent(b, 'heartbeat')[0]!.msg.round).toBeLessThan(900);
    b.receive('n3', { type: 'heartbeat-reply', term: 2, requestTerm: 1, round: 900 });
    expect(sent(b, 'kv-reply')).toHaveLength(answered);
  });

  it.each([
    [null, false],
    ['timer-reset-on-refused-vote', true],
  ])('%s: refusing a stale candidate of a newer term restarts the election timer: %s', (variant, restarted) => {
    const b = boot({ term: 1, log: [1, 1], config: noPreVote, variant });
    const deadlineUs = b.node.state.electionDeadlineUs;
    b.ctx.nowUs += 100_000;
    b.receive('n3', { type: 'request-vote', term: 5, lastLogIndex: 1, lastLogTerm: 1, preVote: false });
    expect(sent(b, 'request-vote-reply')[0]!.msg).toMatchObject({ term: 5, granted: false });
    expect(b.node.state.electionDeadlineUs !== deadlineUs).toBe(restarted);
  });
});
