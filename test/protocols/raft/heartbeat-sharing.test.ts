// Two message savings at the leader: the heartbeat timer skips its round while a ReadIndex
// round went to every follower less than a heartbeat ago, and one broadcast sends the same
// AppendEntries object to every follower that needs the same entries.
import { describe, expect, it } from 'vitest';
import type { RaftMessage } from '../../../protocols/raft/messages.js';
import { boot, makeLeader, sent, type Booted } from './helpers.js';

const get = (key: string, seq = 1): RaftMessage => ({ type: 'kv-request', command: { f: 'get', key, value: null, client: 'c1.1', seq } });
const put = (key: string, value: unknown, seq = 1): RaftMessage => ({
  type: 'kv-request',
  command: { f: 'put', key, value, client: 'c2.1', seq },
});
const ack = (term: number, matchIndex: number, round = 0): RaftMessage => ({
  type: 'append-entries-reply', term, success: true, matchIndex, rejectedIndex: 0, conflictTerm: 0, conflictIndex: 0, requestTerm: term, round,
});

/** A 3-node leader of term 2 (n1) whose no-op is committed and whose followers both replicate. */
function leader(config: Record<string, unknown> = {}): Booted {
  const b = boot({ term: 1, config: { preVote: false, checkQuorum: false, ...config } });
  makeLeader(b);
  b.receive('n2', ack(2, 1));
  b.receive('n3', ack(2, 1));
  expect(b.view().commitIndex).toBe(1);
  b.ctx.takeSent();
  return b;
}

describe('heartbeat timer after a read round', () => {
  it('waits out the rest of the interval when a read just heartbeated every follower', () => {
    const b = leader();
    const timer = b.ctx.timerNamed('heartbeat')!;
    b.ctx.nowUs = timer.atUs - 20_000; // a read arrives 30ms into the 50ms interval
    b.receive('c1', get('a'));
    expect(sent(b, 'heartbeat').map((h) => h.to)).toEqual(['n2', 'n3']);
    b.ctx.takeSent();
    b.fire('heartbeat'); // 20ms after the read's round: nothing to send yet
    expect(sent(b, 'heartbeat')).toEqual([]);
    expect(b.ctx.timerNamed('heartbeat')!.afterUs).toBe(30_000);
    b.fire('heartbeat'); // a full interval after the read's round
    expect(sent(b, 'heartbeat').map((h) => h.to)).toEqual(['n2', 'n3']);
    expect(b.ctx.timerNamed('heartbeat')!.afterUs).toBe(50_000);
  });

  it('heartbeats at once when its clock stepped back behind the last round', () => {
    const b = leader();
    const timer = b.ctx.timerNamed('heartbeat')!;
    b.ctx.nowUs = timer.atUs - 10_000;
    b.receive('c1', get('a'));
    b.ctx.takeSent();
    b.ctx.timers.delete(timer.id);
    b.ctx.nowUs -= 1_000_000; // the local clock jumped a second back
    b.node.timer(b.ctx, 'heartbeat', timer.id);
    expect(sent(b, 'heartbeat').map((h) => h.to)).toEqual(['n2', 'n3']);
  });

  it('still steps down on a lost quorum (checkQuorum) when a read round is recent', () => {
    const b = leader({ checkQuorum: true });
    for (let i = 0; i < 3; i++) b.fire('heartbeat');
    b.receive('c1', get('a')); // a round nobody will answer
    b.fire('heartbeat');
    expect(b.view().role).toBe('follower');
  });
});

describe('one AppendEntries per broadcast', () => {
  it('followers at the same next index get the very same message object', () => {
    const b = leader();
    b.receive('c2', put('a', 1));
    const appends = sent(b, 'append-entries');
    expect(appends.map((a) => [a.to, a.msg.prevLogIndex, a.msg.entries.length])).toEqual([
      ['n2', 1, 1],
      ['n3', 1, 1],
    ]);
    expect(appends[0]!.msg).toBe(appends[1]!.msg);
  });

  it('a follower that needs other entries gets its own message', () => {
    const b = leader();
    b.receive('c2', put('a', 1));
    b.receive('n2', ack(2, 2));
    b.receive('n3', ack(2, 2));
    b.node.state.progress.get('n3')!.next = 2; // as if index 2 had to be sent to n3 again
    b.ctx.takeSent();
    b.receive('c2', put('a', 2, 2));
    const appends = sent(b, 'append-entries');
    expect(appends.map((a) => [a.to, a.msg.prevLogIndex, a.msg.entries.length])).toEqual([
      ['n2', 2, 1],
      ['n3', 1, 2],
    ]);
    expect(appends[0]!.msg).not.toBe(appends[1]!.msg);
  });
});
