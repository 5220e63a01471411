// Single-decree Paxos handlers on one server, driven by hand-written messages: each role's
// rule, with and without the variant that breaks it.
import { describe, expect, it } from 'vitest';
import { paxosConfigSchema } from '../../../protocols/paxos/config.js';
import type { PaxosMessage } from '../../../protocols/paxos/messages.js';
import { PaxosNode } from '../../../protocols/paxos/node.js';
import { ACCEPTOR_PREFIX } from '../../../protocols/paxos/storage.js';
import { paxosFlags } from '../../../protocols/paxos/variants.js';
import { FakeContext } from '../../support/fake-context.js';

const SERVERS = ['n1', 'n2', 'n3'];

function boot(variant: string | null = null, ctx?: FakeContext<PaxosMessage>) {
  const c = ctx ?? new FakeContext<PaxosMessage>({ id: 'n1', servers: SERVERS });
  const node = new PaxosNode('n1', SERVERS, paxosConfigSchema.parse({}), paxosFlags(variant));
  node.start(c);
  const receive = (from: string, msg: PaxosMessage) => node.receive(c, from, msg);
  return { node, ctx: c, receive };
}

describe('paxos acceptor', () => {
  it('promises a ballot at least as high (on disk before the reply), refuses a lower one', () => {
    const b = boot();
    b.receive('n2', { type: 'prepare', key: 'k', ballot: 1002 });
    expect(b.ctx.disk.durableGet(ACCEPTOR_PREFIX + 'k')).toMatchObject({ promised: 1002 });
    b.receive('n3', { type: 'prepare', key: 'k', ballot: 1002 }); // a duplicate: same answer
    b.receive('n3', { type: 'prepare', key: 'k', ballot: 1001 });
    expect(b.ctx.sentOfType('promise').map((s) => s.msg.ok)).toEqual([true, true, false]);
  });

  it.each([
    [null, false],
    ['accept-not-promise', true],
  ])('%s: after accepting ballot 2002, a late accept of 1003 is accepted: %s', (variant, acceptedLate) => {
    const b = boot(variant);
    b.receive('n2', { type: 'accept', key: 'k', ballot: 2002, value: 1 });
    b.receive('n3', { type: 'accept', key: 'k', ballot: 1003, value: 2 });
    expect(b.ctx.sentOfType('rejected')).toHaveLength(acceptedLate ? 0 : 1);
    expect(b.ctx.sentOfType('accepted').filter((s) => s.msg.ballot === 1003).length > 0).toBe(acceptedLate);
  });

  it.each([
    [null, 1002],
    ['acceptor-amnesia', undefined],
  ])('%s: a restarted acceptor remembers its promise: %s', (variant, promised) => {
    const b = boot(variant);
    b.receive('n2', { type: 'prepare', key: 'k', ballot: 1002 });
    const r = boot(variant, b.ctx.crash());
    r.receive('n3', { type: 'prepare', key: 'k', ballot: 1001 });
    expect(r.ctx.sentOfType('promise')[0]!.msg.ok).toBe(promised === undefined);
    expect((r.ctx.disk.durableGet(ACCEPTOR_PREFIX + 'k') as { promised: number } | undefined)?.promised).toBe(promised);
  });
});

describe('paxos learner', () => {
  it.each([
    [null, null],
    ['learner-across-ballots', 7],
  ])('%s: value 7 accepted by n1 in ballot 1001 and n2 in ballot 3003 is decided: %s', (variant, decided) => {
    const b = boot(variant);
    b.receive('n1', { type: 'accepted', key: 'k', ballot: 1001, value: 7 });
    b.receive('n2', { type: 'accepted', key: 'k', ballot: 3003, value: 7 });
    expect(b.ctx.events('learn').map((e) => e['digest'])).toEqual(decided === null ? [] : ['7']);
  });

  it('decides once a quorum accepted in the same ballot, and answers waiting clients', () => {
    const b = boot();
    b.receive('c1', { type: 'propose-request', key: 'k', value: 5 });
    b.receive('n2', { type: 'accepted', key: 'k', ballot: 2002, value: 9 });
    b.receive('n3', { type: 'accepted', key: 'k', ballot: 2002, value: 9 });
    expect(b.ctx.sentOfType('propose-reply').map((s) => [s.to, s.msg.decided])).toEqual([['c1', 9]]);
  });
});

describe('paxos proposer', () => {
  /** A client asks n1; n1 prepares; n2 and n3 promise with these votes. What does n1 send in phase 2? */
  function phase2(variant: string | null, votes: [number, number | null][]) {
    const b = boot(variant);
    b.receive('c1', { type: 'propose-request', key: 'k', value: 5 });
    const ballot = b.ctx.sentOfType('prepare')[0]!.msg.ballot;
    votes.forEach(([acceptedBallot, acceptedValue], i) =>
      b.receive(SERVERS[i + 1]!, { type: 'promise', key: 'k', ballot, ok: true, promised: ballot, acceptedBallot, acceptedValue }),
    );
    return b.ctx.sentOfType('accept').map((s) => s.msg.value)[0];
  }

  it.each([
    [null, 8],
    ['ignore-promised-values', 5],
    ['lowest-ballot-value', 6],
  ])('%s: with votes 6 (ballot 1002) and 8 (ballot 2003) reported, proposes %s', (variant, value) => {
    expect(phase2(variant, [[1002, 6], [2003, 8]])).toBe(value);
  });

  it('proposes its own value when no vote was reported', () => {
    expect(phase2(null, [[0, null], [0, null]])).toBe(5);
  });

  it.each([
    [null, 'distinct'],
    ['ballot-collision', 'equal'],
  ])('%s: two proposers of the first round use %s ballots', (variant, expected) => {
    const ballots = ['n1', 'n2'].map((id) => {
      const ctx = new FakeContext<PaxosMessage>({ id, servers: SERVERS });
      const node = new PaxosNode(id, SERVERS, paxosConfigSchema.parse({}), paxosFlags(variant));
      node.start(ctx);
      node.receive(ctx, 'c1', { type: 'propose-request', key: 'k', value: 1 });
      return ctx.sentOfType('prepare')[0]!.msg.ballot;
    });
    expect(ballots[0] === ballots[1] ? 'equal' : 'distinct').toBe(expected);
  });

  it.each([
    [null, true],
    ['no-backoff', false],
  ])('%s: a preempted proposer waits a random backoff before its next ballot: %s', (variant, waits) => {
    const b = boot(variant);
    b.receive('c1', { type: 'propose-request', key: 'k', value: 5 });
    const ballot = b.ctx.sentOfType('prepare')[0]!.msg.ballot;
    b.receive('n2', { type: 'promise', key: 'k', ballot, ok: false, promised: ballot + 1000, acceptedBallot: 0, acceptedValue: null });
    expect(b.ctx.events('ballot-abandoned')).toHaveLength(1);
    const backoff = b.ctx.timerNamed('backoff/k')!;
    expect(backoff.afterUs >= 5_000).toBe(waits);
  });
});
