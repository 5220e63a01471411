// The protocol test harness (test/support/harness/) on three protocols, each driven by
// hand: a test chooses which message arrives, which is lost, and when a timer fires, and
// the protocol's own invariants watch. Raft: votes delivered one by one make a leader, and
// lost votes do not. Paxos: phases 1 and 2 by hand, a value chosen by a majority, then a
// second proposer's phase 1 that must find it (the ignore-promised-values variant does
// not, and agreement catches it). 2PC: a lost no-vote makes the coordinator abort on its
// timeout (the timeout-counts-as-yes variant commits an overdraft instead).
import { describe, expect, it } from 'vitest';
import type { PaxosMessage } from '../../protocols/paxos/messages.js';
import type { PaxosNode } from '../../protocols/paxos/node.js';
import type { RaftMessage } from '../../protocols/raft/messages.js';
import type { RaftNode } from '../../protocols/raft/node.js';
import type { TwopcMessage } from '../../protocols/twopc/messages.js';
import { Harness, type InFlight } from '../support/harness/cluster.js';

const is =
  <M extends { type: string }>(type: M['type'], from?: string, to?: string) =>
  (m: InFlight<M>) =>
    m.msg.type === type && (from === undefined || m.from === from) && (to === undefined || m.to === to);

describe('raft by hand', () => {
  function campaign(h: Harness<RaftNode, RaftMessage>, id: string): void {
    // The election timer is lazy (it re-arms until the timeout has really passed).
    for (let i = 0; i < 10 && h.view(id).role === 'follower'; i++) h.fire(id, 'election');
    expect(h.view(id).role).toBe('candidate');
  }

  it('n1 becomes leader once one vote besides its own arrives, and n3 never heard of it', () => {
    const h = new Harness<RaftNode, RaftMessage>('raft', { config: { preVote: false } });
    campaign(h, 'n1');
    expect(h.inFlight(is('request-vote', 'n1'))).toHaveLength(2);
    h.drop(is('request-vote', 'n1', 'n3'));
    h.deliver(is('request-vote', 'n1', 'n2'));
    expect(h.view('n1').role).toBe('candidate'); // the grant is still in flight
    h.deliver(is('request-vote-reply', 'n2', 'n1'));
    expect(h.leader()).toBe('n1');
    expect(h.view('n3')['term']).toBe(0);
    expect(h.eventsNamed('became-leader')).toHaveLength(1);
    expect(h.violations).toEqual([]);
  });

  it('with every vote lost, nobody leads, and the next timeout starts a higher term', () => {
    const h = new Harness<RaftNode, RaftMessage>('raft', { config: { preVote: false } });
    campaign(h, 'n1');
    const term = h.view('n1')['term'] as number;
    h.deliver(is('request-vote'));
    expect(h.drop(is('request-vote-reply'))).toBe(2);
    expect(h.leader()).toBeNull();
    h.fire('n1', 'election');
    expect(h.view('n1')).toMatchObject({ role: 'candidate', term: term + 1 });
  });
});

describe('paxos by hand', () => {
  /** n1 gets value 1 chosen by n1 and n2 (n3 sees neither accept nor votes); then n3 proposes 2. */
  function chosenThenRival(variant: string | null) {
    const h = new Harness<PaxosNode, PaxosMessage>('paxos', { variant });
    h.inject({ from: 'client', to: 'n1', msg: { type: 'propose-request', key: 'k', value: 1 } });
    h.deliver();
    expect(h.deliver(is('prepare', 'n1'))).toBe(3); // phase 1a
    expect(h.deliver(is('promise'))).toBe(3); // phase 1b: n1 has a quorum of promises
    expect(h.drop(is('accept', 'n1', 'n3'))).toBe(1);
    expect(h.deliver(is('accept', 'n1'))).toBe(2); // phase 2a to n1 and n2
    h.drop((m) => m.to === 'n3');
    h.deliverAll(); // phase 2b: n1 and n2 learn 1
    expect(h.outside.at(-1)!.msg).toMatchObject({ type: 'propose-reply', decided: 1 });
    h.inject({ from: 'client', to: 'n3', msg: { type: 'propose-request', key: 'k', value: 2 } });
    h.deliver();
    h.drop(is('prepare', 'n3', 'n1')); // n3's quorum is {n2, n3}: n2 holds the accepted 1
    h.deliverAll();
    return h;
  }

  it('a second proposer finds the chosen value in phase 1 and proposes it again', () => {
    const h = chosenThenRival(null);
    expect(h.outside.at(-1)!.msg).toMatchObject({ type: 'propose-reply', decided: 1 });
    expect(h.eventsNamed('learn').map((e) => `${e.node}:${String(e.fields['digest'])}`)).toContain('n3:1');
    expect(h.violations).toEqual([]);
  });

  it('ignore-promised-values: it proposes its own value, and agreement is violated', () => {
    const h = chosenThenRival('ignore-promised-values');
    expect(h.outside.at(-1)!.msg).toMatchObject({ type: 'propose-reply', decided: 2 });
    expect(h.violated('agreement')).toBeDefined();
  });
});

describe('2pc by hand', () => {
  /** A transfer of 150 from a0 (shard-1, balance 100) to a8 (shard-2); shard-1's vote is lost. */
  function lostNoVote(variant: string | null) {
    const h = new Harness<never, TwopcMessage>('2pc', { services: { coordinator: 1, shard: 2 }, clients: 1, variant });
    h.invoke('c1', 'transfer', null, { from: 'a0', to: 'a8', amount: 150 });
    h.deliver(is('begin'));
    expect(h.deliver(is('prepare'))).toBe(2);
    expect(h.inFlight(is('vote', 'shard-1')).map((m) => m.msg.type === 'vote' && m.msg.yes)).toEqual([false]);
    expect(h.drop(is('vote', 'shard-1'))).toBe(1);
    h.run(2_000_000); // the coordinator's vote timeout fires; everything after is delivered by time
    h.checkAtEnd();
    return h;
  }

  it('the coordinator aborts when a vote never comes, and the client is told fail', () => {
    const h = lostNoVote(null);
    expect(h.completed.map((c) => c.result.type)).toEqual(['fail']);
    expect(h.eventsNamed('decided').map((e) => e.fields['commit'])).toEqual([false]);
    expect(h.violations).toEqual([]);
  });

  it('timeout-counts-as-yes: the coordinator commits the overdraft, and the invariants catch it', () => {
    const h = lostNoVote('timeout-counts-as-yes');
    expect(h.eventsNamed('decided').map((e) => e.fields['commit'])).toEqual([true]);
    expect(h.completed.map((c) => c.result.type)).toEqual(['ok']);
    expect(h.violations.map((v) => v.invariant)).toEqual(['atomic-commit', 'money-conserved']);
  });
});
