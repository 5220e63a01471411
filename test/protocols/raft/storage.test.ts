import { describe, expect, it } from 'vitest';
import { loadDurableState, logKey, saveEntry, saveSnapshot, saveTerm, saveVote } from '../../../protocols/raft/storage.js';
import { EMPTY_KV_SNAPSHOT } from '../../../protocols/kv/state-machine.js';
import { FakeDisk } from '../../support/fake-context.js';

describe('raft storage', () => {
  it('pads log keys so they sort by index', () => {
    expect(logKey(7)).toBe('raft/log/000000000007');
    expect([logKey(10), logKey(9)].sort()).toEqual([logKey(9), logKey(10)]);
  });

  it('reads back what was written, skipping entries the snapshot covers', () => {
    const disk = new FakeDisk();
    saveTerm(disk, 4);
    saveVote(disk, 'n2');
    for (let i = 1; i <= 5; i++) saveEntry(disk, i, { term: i < 3 ? 1 : 4, command: null });
    saveSnapshot(disk, { index: 2, term: 1, state: EMPTY_KV_SNAPSHOT });
    disk.sync();
    const state = loadDurableState(disk);
    expect(state.term).toBe(4);
    expect(state.vote).toBe('n2');
    expect(state.snapshot?.index).toBe(2);
    expect(state.entries.map((e) => e.term)).toEqual([4, 4, 4]);
  });

  it('starts from nothing on an empty disk', () => {
    expect(loadDurableState(new FakeDisk())).toEqual({ term: 0, vote: null, snapshot: null, entries: [] });
  });

  it('refuses a log with a hole', () => {
    const disk = new FakeDisk();
    saveEntry(disk, 1, { term: 1, command: null });
    saveEntry(disk, 3, { term: 1, command: null });
    expect(() => loadDurableState(disk)).toThrow(/hole/);
  });
});
