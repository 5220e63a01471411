// Client commands at the leader: proposals, exactly-once via sessions, redirects.
import { describe, expect, it } from 'vitest';
import type { RaftMessage } from '../../../protocols/raft/messages.js';
import { boot, makeLeader, sent, type Booted } from './helpers.js';

const append = (value: string, seq: number, client = 'c1.1'): RaftMessage => ({
  type: 'kv-request',
  command: { f: 'append', key: 'k', value, client, seq },
});
const ack = (matchIndex: number): RaftMessage => ({
  type: 'append-entries-reply', term: 2, success: true, matchIndex, rejectedIndex: 0, conflictTerm: 0, conflictIndex: 0, requestTerm: 2, round: 0,
});

function leader(variant: string | null = null): Booted {
  const b = boot({ term: 1, config: { preVote: false }, variant });
  makeLeader(b);
  b.receive('n2', ack(1));
  b.ctx.takeSent();
  return b;
}

describe('client commands at the leader', () => {
  it('appends the command, replicates it, and answers once it is applied', () => {
    const b = leader();
    b.receive('c1', append('x', 1));
    expect(b.ctx.events('propose')).toEqual([{ index: 2, term: 2 }]);
    expect(sent(b, 'append-entries').map((a) => a.to)).toEqual(['n2']);
    expect(sent(b, 'kv-reply')).toEqual([]);
    b.receive('n2', ack(2));
    expect(sent(b, 'kv-reply').map((r) => r.msg)).toEqual([{ type: 'kv-reply', client: 'c1.1', seq: 1, outcome: 'ok', value: undefined }]);
  });

  it('a retry of a command still in the log is not appended again; the latest attempt gets the answer', () => {
    const b = leader();
    b.receive('c1', append('x', 1));
    b.receive('c9', append('x', 1)); // same session and seq, from another address
    expect(b.view().lastIndex).toBe(2);
    b.receive('n2', ack(2));
    expect(sent(b, 'kv-reply').map((r) => r.to)).toEqual(['c9']);
  });

  it('a retry of an applied command is answered from the session, not applied again', () => {
    const b = leader();
    b.receive('c1', append('x', 1));
    b.receive('n2', ack(2));
    b.ctx.takeSent();
    b.receive('c1', append('x', 1));
    expect(b.view().lastIndex).toBe(2);
    expect(sent(b, 'kv-reply').map((r) => r.msg.outcome)).toEqual(['ok']);
    expect(b.node.state.kv.read('k')).toBe('x');
  });

  it('a command older than the session’s last is ignored', () => {
    const b = leader();
    b.receive('c1', append('x', 2));
    b.receive('n2', ack(2));
    b.ctx.takeSent();
    b.receive('c1', append('old', 1));
    expect(b.view().lastIndex).toBe(2);
    expect(b.ctx.outbox).toEqual([]);
  });

  it('a cas whose expected value does not match fails definitely', () => {
    const b = leader();
    b.receive('c1', { type: 'kv-request', command: { f: 'cas', key: 'k', value: [5, 6], client: 'c1.1', seq: 1 } });
    b.receive('n2', ack(2));
    expect(sent(b, 'kv-reply').map((r) => [r.msg.outcome, r.msg.error])).toEqual([['fail', 'cas-mismatch']]);
  });

  it('a leader that steps down tells pending clients to retry elsewhere', () => {
    const b = leader();
    b.receive('c1', append('x', 1));
    b.receive('n3', { type: 'append-entries', term: 3, prevLogIndex: 0, prevLogTerm: 0, entries: [], leaderCommit: 0, round: 0 });
    expect(sent(b, 'kv-reply').map((r) => [r.to, r.msg.outcome, r.msg.leader])).toEqual([['c1', 'redirect', 'n3']]);
  });

  it('no-sessions (bug): a retry is appended and applied again', () => {
    const b = leader('no-sessions');
    b.receive('c1', append('x', 1));
    b.receive('c1', append('x', 1));
    expect(b.view().lastIndex).toBe(3);
    b.receive('n2', ack(3));
    expect(b.node.state.kv.read('k')).toBe('xx');
    b.receive('c1', append('x', 1));
    b.receive('n2', ack(4));
    expect(b.node.state.kv.read('k')).toBe('xxx');
  });
});
