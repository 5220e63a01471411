import { describe, expect, it } from 'vitest';
import type { KvCommand } from '../../../protocols/kv/commands.js';
import { KvStateMachine } from '../../../protocols/kv/state-machine.js';

const append = (value: string, seq: number, client = 'c1.1'): KvCommand => ({ f: 'append', key: 'k', value, client, seq });

describe('KvStateMachine with sessions', () => {
  it('applies a retried command once and answers the retry with the first outcome', () => {
    const sm = KvStateMachine.create({ sessions: true });
    expect(sm.apply(append('a', 1))).toEqual({ type: 'ok' });
    expect(sm.apply(append('a', 1))).toEqual({ type: 'ok' });
    expect(sm.read('k')).toBe('a');
    expect(sm.sessionCheck('c1.1', 1)).toEqual({ kind: 'duplicate', outcome: { type: 'ok' } });
    expect(sm.sessionCheck('c1.1', 2)).toEqual({ kind: 'new' });
  });

  it('remembers a failure too: a retried cas that failed fails again without re-running', () => {
    const sm = KvStateMachine.create({ sessions: true });
    const cas: KvCommand = { f: 'cas', key: 'k', value: [null, 1], client: 'c1.1', seq: 1 };
    sm.apply({ f: 'put', key: 'k', value: 9, client: 'c2.1', seq: 1 });
    expect(sm.apply(cas)).toEqual({ type: 'fail', error: 'cas-mismatch' });
    sm.apply({ f: 'put', key: 'k', value: null, client: 'c2.1', seq: 2 });
    expect(sm.apply(cas)).toEqual({ type: 'fail', error: 'cas-mismatch' });
    expect(sm.read('k')).toBeNull();
  });

  it('never applies a command older than the session’s last', () => {
    const sm = KvStateMachine.create({ sessions: true });
    sm.apply(append('a', 2));
    expect(sm.apply(append('b', 1))).toEqual({ type: 'fail', error: 'stale-command' });
    expect(sm.read('k')).toBe('a');
    expect(sm.sessionCheck('c1.1', 1)).toEqual({ kind: 'stale' });
  });

  it('keeps sessions apart per client', () => {
    const sm = KvStateMachine.create({ sessions: true });
    sm.apply(append('a', 1, 'c1.1'));
    sm.apply(append('b', 1, 'c2.1'));
    sm.apply(append('c', 1, 'c1.2')); // a restarted client is a new session
    expect(sm.read('k')).toBe('abc');
  });

  it('without sessions (the no-sessions bug) a retry applies again', () => {
    const sm = KvStateMachine.create({ sessions: false });
    sm.apply(append('a', 1));
    sm.apply(append('a', 1));
    expect(sm.read('k')).toBe('aa');
    expect(sm.sessionCheck('c1.1', 1)).toEqual({ kind: 'new' });
  });

  it('a snapshot carries data and sessions, and restores both', () => {
    const sm = KvStateMachine.create({ sessions: true });
    sm.apply(append('a', 1));
    sm.apply({ f: 'put', key: 'n', value: 3, client: 'c2.1', seq: 7 });
    const snapshot = sm.snapshot();
    expect(snapshot.bytes).toBeGreaterThan(0);
    const copy = KvStateMachine.restore(snapshot, { sessions: true });
    expect([copy.read('k'), copy.read('n'), copy.keyCount]).toEqual(['a', 3, 2]);
    expect(copy.apply(append('a', 1))).toEqual({ type: 'ok' });
    expect(copy.read('k')).toBe('a');
    sm.apply(append('z', 2));
    expect(copy.read('k')).toBe('a'); // the snapshot is a copy
  });

  it('a snapshot stays as taken while both machines go on (sessions update in place)', () => {
    const sm = KvStateMachine.create({ sessions: true });
    sm.apply(append('a', 1));
    const snapshot = sm.snapshot();
    const taken = JSON.stringify(snapshot);
    sm.apply(append('b', 2)); // the same client's session moves on in the original
    const copy = KvStateMachine.restore(snapshot, { sessions: true });
    copy.apply(append('c', 2)); // and in a machine restored from the snapshot
    expect(JSON.stringify(snapshot)).toBe(taken);
    expect(sm.sessionCheck('c1.1', 2)).toEqual({ kind: 'duplicate', outcome: { type: 'ok' } });
    expect(KvStateMachine.restore(snapshot, { sessions: true }).sessionCheck('c1.1', 2)).toEqual({ kind: 'new' });
  });
});
