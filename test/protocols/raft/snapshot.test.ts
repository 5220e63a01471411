// Log compaction and InstallSnapshot.
import { describe, expect, it } from 'vitest';
import { KvStateMachine } from '../../../protocols/kv/state-machine.js';
import type { Snapshot } from '../../../protocols/raft/messages.js';
import { SNAPSHOT_KEY } from '../../../protocols/raft/storage.js';
import { boot, sent } from './helpers.js';
import { Cluster } from './cluster.js';

function snapshotWith(index: number, term: number, data: [string, string | number][]): Snapshot {
  const kv = KvStateMachine.create({ sessions: true });
  for (const [key, value] of data) kv.apply({ f: 'put', key, value, client: 'c9.1', seq: kv.keyCount + 1 });
  return { index, term, state: kv.snapshot() };
}

describe('compaction', () => {
  it('snapshots every snapshotEvery applied entries and drops the entries it covers', () => {
    const b = boot({ term: 1, log: [1, 1, 1, 1, 1, 1, 1], config: { snapshotEvery: 3 } });
    b.receive('n2', { type: 'heartbeat', term: 1, commit: 7, round: 1 });
    expect(b.ctx.events('snapshot')).toEqual([{ index: 7, term: 1 }]);
    expect(b.view()).toMatchObject({ snapshotIndex: 7, lastIndex: 7, commitIndex: 7 });
    expect(b.disk.keys('raft/log/')).toEqual([]);
    expect((b.disk.durableGet(SNAPSHOT_KEY) as Snapshot).index).toBe(7);
  });

  it('keeps entries after the apply point', () => {
    const b = boot({ term: 1, log: [1, 1, 1, 1, 1], config: { snapshotEvery: 2 } });
    b.receive('n2', { type: 'heartbeat', term: 1, commit: 3, round: 1 });
    expect(b.view()).toMatchObject({ snapshotIndex: 3, lastIndex: 5 });
    expect(b.disk.keys('raft/log/')).toHaveLength(2);
  });

  it('snapshotEvery: 0 never compacts', () => {
    const b = boot({ term: 1, log: [1, 1, 1, 1, 1], config: { snapshotEvery: 0 } });
    b.receive('n2', { type: 'heartbeat', term: 1, commit: 5, round: 1 });
    expect(b.view().snapshotIndex).toBe(0);
  });
});

describe('InstallSnapshot: follower', () => {
  it('replaces a conflicting or short log with the snapshot and restores the state machine', () => {
    const b = boot({ term: 1, log: [1, 1] });
    const snapshot = snapshotWith(10, 3, [['a', 1], ['b', 'x']]);
    b.receive('n2', { type: 'install-snapshot', term: 3, snapshot, round: 5 });
    expect(b.view()).toMatchObject({ term: 3, leader: 'n2', snapshotIndex: 10, lastIndex: 10, lastTerm: 3, commitIndex: 10, lastApplied: 10 });
    expect(b.node.state.kv.read('b')).toBe('x');
    expect(b.disk.keys('raft/log/')).toEqual([]);
    expect(b.disk.durableGet(SNAPSHOT_KEY)).toBe(snapshot);
    expect(b.ctx.events('snapshot-installed')).toEqual([{ index: 10, term: 3 }]);
    expect(sent(b, 'install-snapshot-reply')[0]!.msg).toEqual({ type: 'install-snapshot-reply', term: 3, matchIndex: 10, requestTerm: 3, round: 5 });
  });

  it('keeps its log when it already holds the snapshot’s last entry, and commits up to it', () => {
    const b = boot({ term: 2, log: [1, 2, 2, 2] });
    b.receive('n2', { type: 'install-snapshot', term: 2, snapshot: snapshotWith(3, 2, []), round: 0 });
    expect(b.view()).toMatchObject({ lastIndex: 4, commitIndex: 3, snapshotIndex: 0 });
    expect(b.ctx.events('snapshot-installed')).toEqual([]);
  });

  it('ignores a snapshot older than its commit point', () => {
    const b = boot({ term: 2, log: [1, 2, 2] });
    b.receive('n2', { type: 'heartbeat', term: 2, commit: 3, round: 0 });
    b.ctx.takeSent();
    b.receive('n2', { type: 'install-snapshot', term: 2, snapshot: snapshotWith(2, 2, []), round: 0 });
    expect(sent(b, 'install-snapshot-reply')[0]!.msg.matchIndex).toBe(3);
    expect(b.view().snapshotIndex).toBe(0);
  });

  it('restarts from an installed snapshot', () => {
    const b = boot({ term: 1 });
    b.receive('n2', { type: 'install-snapshot', term: 3, snapshot: snapshotWith(10, 3, [['a', 1]]), round: 0 });
    const r = b.restart();
    expect(r.view()).toMatchObject({ snapshotIndex: 10, lastIndex: 10, commitIndex: 10 });
    expect(r.node.state.kv.read('a')).toBe(1);
  });
});

describe('InstallSnapshot: end to end', () => {
  it('a follower that missed compacted entries catches up by snapshot', () => {
    const c = new Cluster({ nodes: 3, clients: 1, config: { snapshotEvery: 4, preVote: false } });
    c.elect('n1');
    c.crash('n3');
    for (let i = 0; i < 10; i++) {
      c.invoke('c1', 'put', `k${i % 3}`, i);
      c.deliverAll();
    }
    expect(c.view('n1').snapshotIndex).toBeGreaterThanOrEqual(8);
    c.restart('n3');
    c.fire('n1', 'heartbeat');
    c.deliverAll();
    expect(c.eventsNamed('snapshot-installed', 'n3')).toHaveLength(1);
    expect(c.view('n3')).toMatchObject({ lastIndex: c.view('n1').lastIndex, lastApplied: c.view('n1').lastApplied });
    for (const key of ['k0', 'k1', 'k2']) expect(c.node('n3').state.kv.read(key)).toBe(c.node('n1').state.kv.read(key));
    expect(c.node('n1').state.progress.get('n3')).toMatchObject({ mode: 'replicate', match: c.view('n1').lastIndex });
    expect(c.violations).toEqual([]);
  });

  it('a lost snapshot is sent again after a minimum election timeout', () => {
    const c = new Cluster({ nodes: 3, clients: 1, config: { snapshotEvery: 2, preVote: false } });
    c.elect('n1');
    c.crash('n3');
    for (let i = 0; i < 5; i++) {
      c.invoke('c1', 'put', 'k', i);
      c.deliverAll();
    }
    c.restart('n3');
    c.fire('n1', 'heartbeat');
    let dropped = 0;
    while (c.network.length > 0) {
      dropped += c.drop((m) => m.msg.type === 'install-snapshot');
      c.deliver((m) => m === c.network[0]);
    }
    expect(dropped).toBe(1);
    expect(c.node('n1').state.progress.get('n3')!.mode).toBe('snapshot');
    for (let i = 0; i < 4; i++) {
      c.fire('n1', 'heartbeat');
      c.deliverAll();
    }
    expect(c.eventsNamed('snapshot-installed', 'n3')).toHaveLength(1);
    expect(c.node('n3').state.kv.read('k')).toBe(4);
  });
});
