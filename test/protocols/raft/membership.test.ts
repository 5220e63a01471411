// Single-server membership changes, handler by handler (thesis chapter 4): learners, a
// configuration in force when appended, one change at a time, the errata's rule, a removed
// leader, truncation, votes; and the two membership invariants on hand-made views.
import { describe, expect, it } from 'vitest';
import type { ObservedEvent } from '../../../checkers/invariants.js';
import type { RaftMessage } from '../../../protocols/raft/messages.js';
import { configOneAtATime, electionQuorum } from '../../../protocols/raft/membership-invariants.js';
import type { AdminCommand } from '../../../sim/types.js';
import { boot, makeLeader, sent, timeout, type Booted } from './helpers.js';

const noPreVote = { preVote: false, checkQuorum: false };
const ack = (term: number, matchIndex: number): RaftMessage => ({
  type: 'append-entries-reply', term, success: true, matchIndex, rejectedIndex: 0, conflictTerm: 0, conflictIndex: 0, requestTerm: term, round: 0,
});
const add = (node: string): AdminCommand => ({ name: 'membership', change: 'add', node });
const remove = (node: string): AdminCommand => ({ name: 'membership', change: 'remove', node });

/** n1 leads {n1, n2, n3} in term 1 with its no-op committed (index 1). */
function committedLeader(variant: string | null = null): Booted {
  const b = boot({ config: noPreVote, variant });
  makeLeader(b);
  b.receive('n2', ack(1, 1));
  expect(b.view().commitIndex).toBe(1);
  return b;
}

describe('raft membership changes', () => {
  it('adds a server as a learner first, then as a member once it holds what is committed; in force when appended', () => {
    const b = committedLeader();
    b.ctx.takeSent();
    b.node.admin(b.ctx, add('n4'));
    expect(sent(b, 'append-entries').map((m) => m.to)).toEqual(['n4']);
    expect(b.view().members).toEqual(['n1', 'n2', 'n3']);
    b.receive('n4', ack(1, 1));
    expect(b.view()).toMatchObject({ members: ['n1', 'n2', 'n3', 'n4'], configIndex: 2, uncommittedConfigs: 1 });
    b.receive('n2', ack(1, 2)); // 2 of 4 is not a majority of the new configuration
    expect(b.view().commitIndex).toBe(1);
    b.receive('n4', ack(1, 2));
    expect(b.view()).toMatchObject({ commitIndex: 2, uncommittedConfigs: 0 });
  });

  it('makes one change at a time: the next waits until the previous is committed', () => {
    const b = committedLeader();
    b.node.admin(b.ctx, remove('n3'));
    b.node.admin(b.ctx, remove('n2'));
    expect(b.view()).toMatchObject({ members: ['n1', 'n2'], lastIndex: 2 });
    b.receive('n2', ack(1, 2)); // commits {n1, n2}; then {n1} is proposed, and n1 alone commits it
    expect(b.view()).toMatchObject({ commitIndex: 3, members: ['n1'], lastIndex: 3 });
  });

  it.each([
    [null, ['n1', 'n2', 'n3'], 1],
    ['membership-before-term-commit', ['n1', 'n2'], 2],
  ])('%s: a new leader whose no-op is not committed proposes no change (thesis errata): members %j, last index %i', (variant, members, lastIndex) => {
    const b = boot({ config: noPreVote, variant });
    makeLeader(b);
    b.node.admin(b.ctx, remove('n3'));
    expect(b.view()).toMatchObject({ members, lastIndex });
  });

  it('a leader that removes itself leads until the change commits, without counting itself, then steps down for good', () => {
    const b = committedLeader();
    b.node.admin(b.ctx, remove('n1'));
    expect(b.view()).toMatchObject({ role: 'leader', members: ['n2', 'n3'] });
    b.receive('n2', ack(1, 2));
    expect(b.view()).toMatchObject({ role: 'leader', commitIndex: 1 });
    b.receive('n3', ack(1, 2));
    expect(b.view()).toMatchObject({ role: 'follower', commitIndex: 2 });
    expect(b.ctx.logs.some((l) => l.event === 'removed')).toBe(true);
    b.ctx.takeSent();
    for (let i = 0; i < 3; i++) b.fire('election');
    expect(b.view()).toMatchObject({ role: 'follower', term: 1 });
    expect(sent(b, 'request-vote')).toEqual([]);
  });

  it('a configuration entry removed by a truncation is no longer in force', () => {
    const b = boot({ config: noPreVote, term: 1, log: [1] });
    const config = { term: 1, command: null, members: ['n1', 'n2'] };
    b.receive('n2', { type: 'append-entries', term: 1, prevLogIndex: 1, prevLogTerm: 1, entries: [config], leaderCommit: 1, round: 0 });
    expect(b.view()).toMatchObject({ members: ['n1', 'n2'], configIndex: 2 });
    b.receive('n3', { type: 'append-entries', term: 2, prevLogIndex: 1, prevLogTerm: 1, entries: [{ term: 2, command: null }], leaderCommit: 1, round: 0 });
    expect(b.view()).toMatchObject({ members: ['n1', 'n2', 'n3'], configIndex: 0, lastIndex: 2 });
  });

  it("counts only members' votes, and a server outside the configuration never campaigns", () => {
    const b = boot({ config: noPreVote });
    timeout(b);
    b.receive('n9', { type: 'request-vote-reply', term: 1, granted: true, preVote: false });
    expect(b.view().role).toBe('candidate');
    const spare = boot({ id: 'n4', config: noPreVote });
    for (let i = 0; i < 3; i++) spare.fire('election');
    expect(spare.view()).toMatchObject({ role: 'follower', term: 0 });
  });

  it('ignores a change already made, and gives up on a learner that does not catch up', () => {
    const b = committedLeader();
    b.node.admin(b.ctx, add('n2'));
    expect(b.ctx.logs.filter((l) => l.event === 'membership-ignored')).toHaveLength(1);
    b.node.admin(b.ctx, add('n4'));
    b.ctx.nowUs += 3_000_000; // learnerCatchUp is 2s
    b.fire('heartbeat');
    expect(b.view().members).toEqual(['n1', 'n2', 'n3']);
    expect(b.ctx.logs.filter((l) => l.event === 'membership-ignored')).toHaveLength(2);
  });
});

function check(invariant: typeof configOneAtATime, name: string, view: Record<string, unknown>): string | null {
  const event: ObservedEvent = { index: 0, timeUs: 0, kind: 'log', node: 'n1', name, fields: {} };
  return invariant.create().onEvent!(event, () => view, ['n1', 'n2', 'n3']);
}

describe('membership invariants on hand-made views', () => {
  it('config-one-at-a-time rejects a leader appending a second uncommitted change', () => {
    expect(check(configOneAtATime, 'config', { uncommittedConfigs: 1 })).toBeNull();
    expect(check(configOneAtATime, 'config', { uncommittedConfigs: 2 })).toBe('n1 leads with 2 configuration changes uncommitted');
  });

  it('election-quorum rejects votes from outside the configuration, and too few votes', () => {
    const members = ['n1', 'n2', 'n3', 'n4'];
    expect(check(electionQuorum, 'became-leader', { term: 2, members, votes: ['n1', 'n2', 'n3'] })).toBeNull();
    expect(check(electionQuorum, 'became-leader', { term: 2, members, votes: ['n1', 'n2', 'n5'] })).toMatch(/votes from n5, not members/);
    expect(check(electionQuorum, 'became-leader', { term: 2, members, votes: ['n1', 'n2'] })).toMatch(/with 2 votes of .*a majority is 3/);
  });
});
