// Persist before reply, and restart from disk.
import { describe, expect, it } from 'vitest';
import { SNAPSHOT_KEY, TERM_KEY, VOTE_KEY, logKey } from '../../../protocols/raft/storage.js';
import type { RaftMessage } from '../../../protocols/raft/messages.js';
import { boot, entries, makeLeader, sent, timeout } from './helpers.js';
import { Cluster } from './cluster.js';

describe('persist before reply', () => {
  it('every reply leaves only after the term, vote and entries it depends on are durable', () => {
    const b = boot({ term: 1, log: [1], config: { preVote: false } });
    // Record what was durable at the moment each message was released to the network.
    const durableAtRelease: { msg: RaftMessage; term: unknown; vote: unknown; entry2: unknown }[] = [];
    const ctx = b.ctx;
    const release = ctx.disk.sync.bind(ctx.disk);
    ctx.disk.sync = () => {
      const released = ctx.outbox.length;
      const id = release();
      for (const s of ctx.outbox.slice(released)) {
        durableAtRelease.push({ msg: s.msg, term: b.disk.durableGet(TERM_KEY), vote: b.disk.durableGet(VOTE_KEY), entry2: b.disk.durableGet(logKey(2)) });
      }
      return id;
    };
    b.receive('n2', { type: 'request-vote', term: 2, lastLogIndex: 1, lastLogTerm: 1, preVote: false });
    b.receive('n2', { type: 'append-entries', term: 2, prevLogIndex: 1, prevLogTerm: 1, entries: entries([2], 2), leaderCommit: 0, round: 0 });
    expect(durableAtRelease.map((d) => [d.msg.type, d.term, d.vote, d.entry2 !== undefined])).toEqual([
      ['request-vote-reply', 2, 'n2', false],
      ['append-entries-reply', 2, 'n2', true],
    ]);
    expect(ctx.held).toHaveLength(0);
  });

  it('a crash before the sync loses the reply with the write (the kernel holds it)', () => {
    const b = boot({ term: 1 });
    // Buffer a write by hand and send: the message is held, then lost with the crash.
    b.ctx.disk.put('x', 1);
    b.ctx.send('n2', { type: 'heartbeat-reply', term: 1, requestTerm: 1, round: 0 });
    expect(b.ctx.held).toHaveLength(1);
    const after = b.restart();
    expect(after.ctx.outbox.filter((s) => s.msg.type === 'heartbeat-reply')).toHaveLength(0);
    expect(after.disk.durableGet('x')).toBeUndefined();
  });
});

describe('restart', () => {
  it('rebuilds term, vote and log from disk; commit and apply points restart from the snapshot', () => {
    const b = boot({ term: 1, config: { preVote: false } });
    makeLeader(b);
    b.receive('n2', { type: 'append-entries-reply', term: 2, success: true, matchIndex: 1, rejectedIndex: 0, conflictTerm: 0, conflictIndex: 0, requestTerm: 2, round: 0 });
    b.receive('c1', { type: 'kv-request', command: { f: 'put', key: 'a', value: 7, client: 'c1.1', seq: 1 } });
    b.receive('n2', { type: 'append-entries-reply', term: 2, success: true, matchIndex: 2, rejectedIndex: 0, conflictTerm: 0, conflictIndex: 0, requestTerm: 2, round: 0 });
    const before = b.view();
    expect(before).toMatchObject({ role: 'leader', term: 2, commitIndex: 2, lastIndex: 2 });
    const r = b.restart();
    expect(r.view()).toMatchObject({
      role: 'follower',
      term: 2,
      votedFor: 'n1',
      lastIndex: 2,
      lastTerm: 2,
      commitIndex: 0,
      lastApplied: 0,
      logTerms: before.logTerms,
    });
    expect(r.ctx.events('boot')).toEqual([{ term: 2, lastIndex: 2, snapshotIndex: 0 }]);
    // A leader's heartbeat tells it the commit point; it re-applies from its log.
    r.receive('n2', { type: 'heartbeat', term: 3, commit: 2, round: 1 });
    expect(r.view()).toMatchObject({ commitIndex: 2, lastApplied: 2, term: 3 });
    expect(r.node.state.kv.read('a')).toBe(7);
  });

  it('a restarted voter remembers its vote and does not vote twice in a term', () => {
    const b = boot({ term: 1, config: { preVote: false, checkQuorum: false } });
    b.receive('n2', { type: 'request-vote', term: 2, lastLogIndex: 0, lastLogTerm: 0, preVote: false });
    const r = b.restart();
    r.receive('n3', { type: 'request-vote', term: 2, lastLogIndex: 0, lastLogTerm: 0, preVote: false });
    expect(sent(r, 'request-vote-reply')[0]!.msg.granted).toBe(false);
  });

  it('restarts from a snapshot plus the entries after it', () => {
    const c = new Cluster({ nodes: 3, clients: 1, config: { snapshotEvery: 5, preVote: false } });
    c.elect('n1');
    for (let i = 0; i < 8; i++) {
      c.invoke('c1', 'append', 'k', `${i},`);
      c.deliverAll();
    }
    const view = c.view('n2');
    expect(view.snapshotIndex).toBe(5);
    expect(c.ctx('n2').disk.get(SNAPSHOT_KEY)).toBeDefined();
    expect(c.ctx('n2').disk.keys('raft/log/')).toHaveLength(view.lastIndex - 5);
    c.crash('n2');
    c.restart('n2');
    expect(c.view('n2')).toMatchObject({ snapshotIndex: 5, commitIndex: 5, lastApplied: 5, lastIndex: view.lastIndex });
    c.fire('n1', 'heartbeat');
    c.deliverAll();
    expect(c.view('n2').lastApplied).toBe(view.lastIndex);
    expect(c.node('n2').state.kv.read('k')).toBe('0,1,2,3,4,5,6,7,');
    expect(c.violations).toEqual([]);
  });

  it('a campaign interrupted by a crash keeps the durable term', () => {
    const b = boot({ term: 4, config: { preVote: false } });
    timeout(b);
    const r = b.restart();
    expect(r.view()).toMatchObject({ term: 5, votedFor: 'n1', role: 'follower' });
  });
});
