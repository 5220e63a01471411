// Paxos's invariants reject known-bad event sequences and accept good ones.
import { describe, expect, it } from 'vitest';
import type { Invariant, ObservedEvent } from '../../../checkers/invariants.js';
import { stateMachineSafety } from '../../../protocols/invariant-helpers.js';
import { acceptorMonotonic, agreement, validity } from '../../../protocols/paxos/invariants.js';

type Ev = [node: string, name: string, fields: Record<string, unknown>, kind?: string];

/** The first violation message of `invariant` over the events, or null. */
function run(invariant: Invariant, events: readonly Ev[]): string | null {
  const check = invariant.create();
  const noView = () => ({});
  for (const [i, [node, name, fields, kind]] of events.entries()) {
    const event: ObservedEvent = { index: i, timeUs: i, kind: kind ?? 'log', node, name, fields };
    const message = check.onEvent?.(event, noView, ['n1', 'n2', 'n3']) ?? null;
    if (message !== null) return message;
  }
  return check.atEnd?.(noView, ['n1', 'n2', 'n3']) ?? null;
}

describe('agreement', () => {
  it('passes learners that agree, per instance', () => {
    expect(run(agreement, [
      ['n1', 'learn', { slot: 1, digest: 'a' }],
      ['n2', 'learn', { slot: 1, digest: 'a' }],
      ['n2', 'learn', { slot: 'k1', digest: 'b' }],
    ])).toBeNull();
  });

  it('rejects two values learned in one instance', () => {
    expect(run(agreement, [
      ['n1', 'learn', { slot: 'k1', digest: 'a' }],
      ['n3', 'learn', { slot: 'k1', digest: 'b' }],
    ])).toMatch(/two values chosen in slot k1: n1 learned "a", n3 learned "b"/);
  });
});

describe('validity', () => {
  it('passes a learned value that was proposed, and rejects one nobody proposed', () => {
    expect(run(validity, [['n1', 'propose', { digest: 'a' }], ['n2', 'learn', { slot: 1, digest: 'a' }]])).toBeNull();
    expect(run(validity, [['n1', 'propose', { digest: 'a' }], ['n2', 'learn', { slot: 1, digest: 'z' }]])).toMatch(
      /n2 learned "z" in slot 1, which nobody proposed/,
    );
  });

  it('checks what Multi-Paxos replicas apply too (a slot applied at once logs no learn)', () => {
    expect(run(validity, [['n1', 'propose', { index: 1, digest: 'a' }], ['n2', 'apply', { index: 1, digest: 'a' }]])).toBeNull();
    expect(run(validity, [['n1', 'propose', { index: 1, digest: 'a' }], ['n2', 'apply', { index: 1, digest: 'z' }]])).toMatch(
      /n2 applied "z" in slot 1, which nobody proposed/,
    );
  });
});

describe('acceptor-monotonic', () => {
  it('passes rising promises and a restart that remembers', () => {
    expect(run(acceptorMonotonic, [
      ['n1', 'promise', { ballot: 1001 }],
      ['n1', 'promise', { ballot: 2002 }],
      ['n1', 'boot', { promised: 2002 }],
      ['n1', 'promise', { ballot: 3001 }],
    ])).toBeNull();
  });

  it('rejects a restart that forgot the promise (acceptor amnesia)', () => {
    expect(run(acceptorMonotonic, [['n1', 'promise', { ballot: 2002 }], ['n1', 'boot', { promised: 0 }]])).toMatch(
      /n1 restarted with a promise of ballot 0 after having promised 2002/,
    );
  });

  it('rejects accepting a ballot below one already accepted, per instance (accept is a promise)', () => {
    expect(run(acceptorMonotonic, [
      ['n1', 'accept', { slot: 'k1', ballot: 2002 }],
      ['n1', 'promise', { slot: 'k2', ballot: 1001 }],
    ])).toBeNull();
    expect(run(acceptorMonotonic, [
      ['n1', 'accept', { slot: 'k1', ballot: 2002 }],
      ['n1', 'accept', { slot: 'k1', ballot: 1005 }],
    ])).toMatch(/n1 accepted ballot 1005 in k1 after having promised 2002/);
  });

  it('keeps acceptors apart', () => {
    expect(run(acceptorMonotonic, [['n1', 'promise', { ballot: 2002 }], ['n2', 'promise', { ballot: 1001 }]])).toBeNull();
  });
});

describe('state-machine-safety (shared with Raft)', () => {
  it('compares digests per index; terms only when events carry them', () => {
    expect(run(stateMachineSafety, [['n1', 'apply', { index: 1, digest: 'a' }], ['n2', 'apply', { index: 1, digest: 'a' }]])).toBeNull();
    expect(run(stateMachineSafety, [['n1', 'apply', { index: 1, digest: 'a' }], ['n2', 'apply', { index: 1, digest: 'b' }]])).toMatch(
      /n1 applied "a" at index 1 but n2 applied "b"/,
    );
    expect(run(stateMachineSafety, [
      ['n1', 'apply', { index: 1, term: 1, digest: 'a' }],
      ['n2', 'apply', { index: 1, term: 2, digest: 'a' }],
    ])).toMatch(/\(term 1\) at index 1 but n2 applied "a" \(term 2\)/);
  });
});
