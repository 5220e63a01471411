// The invariant runner: first violation per invariant, at the right event index and time;
// end-of-run checks; lazy views; an invariant that throws is reported, not fatal.

import { describe, expect, it } from 'vitest';
import { InvariantRunner, runInvariants } from '../../checkers/invariant-runner.js';
import type { Invariant, ObservedEvent, ViewOf } from '../../checkers/invariants.js';

/** At most one leader per term, from 'become-leader' log events. */
const electionSafety: Invariant = {
  name: 'election-safety',
  description: 'at most one leader per term',
  create() {
    const leaders = new Map<number, string>();
    return {
      onEvent(e) {
        if (e.kind !== 'log' || e.name !== 'become-leader') return null;
        const term = e.fields['term'] as number;
        const other = leaders.get(term);
        if (other !== undefined && other !== e.node) return `two leaders in term ${term}: ${other} and ${e.node}`;
        leaders.set(term, e.node);
        return null;
      },
    };
  },
};

/** Every node's view says commitIndex <= lastIndex; checked on every event via viewOf. */
const commitBounded: Invariant = {
  name: 'commit-bounded',
  description: 'commit index never passes the last log index',
  create: () => ({
    onEvent(_e, viewOf, nodes) {
      for (const n of nodes) {
        const v = viewOf(n);
        if ((v['commitIndex'] as number) > (v['lastIndex'] as number)) return `${n}: commitIndex ${String(v['commitIndex'])} > lastIndex ${String(v['lastIndex'])}`;
      }
      return null;
    },
  }),
};

const someoneLeads: Invariant = {
  name: 'someone-leads',
  description: 'a leader exists at the end',
  create: () => ({
    atEnd(viewOf, nodes) {
      return nodes.some((n) => viewOf(n).role === 'leader') ? null : 'no leader at the end';
    },
  }),
};

const throws: Invariant = {
  name: 'buggy',
  description: 'throws on the third event',
  create() {
    let seen = 0;
    return {
      onEvent() {
        if (++seen === 3) throw new Error('boom');
        return null;
      },
    };
  },
};

function ev(index: number, node: string, name: string, fields: Record<string, unknown> = {}): ObservedEvent {
  return { index, timeUs: index * 100, kind: 'log', node, name, fields };
}

describe('InvariantRunner', () => {
  const nodes = ['n1', 'n2', 'n3'];
  const views: Record<string, Record<string, unknown>> = {
    n1: { role: 'follower', commitIndex: 0, lastIndex: 0 },
    n2: { role: 'follower', commitIndex: 0, lastIndex: 0 },
    n3: { role: 'follower', commitIndex: 0, lastIndex: 0 },
  };
  const viewOf: ViewOf = (n) => views[n] as Record<string, unknown>;

  it('reports the first violation at the event index where it happened, once', () => {
    const runner = new InvariantRunner([electionSafety], nodes);
    const events = [
      ev(0, 'n1', 'become-leader', { term: 1 }),
      ev(1, 'n2', 'vote', { term: 2 }),
      ev(2, 'n2', 'become-leader', { term: 2 }),
      ev(3, 'n3', 'become-leader', { term: 2 }), // violation here
      ev(4, 'n1', 'become-leader', { term: 2 }), // a second one, not reported
    ];
    const found = events.map((e) => runner.onEvent(e, viewOf));
    expect(found.map((f) => f.length)).toEqual([0, 0, 0, 1, 0]);
    expect(runner.violations).toEqual([{ invariant: 'election-safety', eventIndex: 3, timeUs: 300, message: 'two leaders in term 2: n2 and n3' }]);
    expect(runner.ok).toBe(false);
  });

  it('keeps checking the other invariants after one fails; views are read lazily', () => {
    let reads = 0;
    const counting: ViewOf = (n) => {
      reads++;
      return viewOf(n);
    };
    const runner = new InvariantRunner([electionSafety, commitBounded], nodes);
    runner.onEvent(ev(10, 'n1', 'become-leader', { term: 1 }), counting);
    runner.onEvent(ev(11, 'n2', 'become-leader', { term: 1 }), counting);
    expect(reads).toBe(6);
    views['n2'] = { role: 'leader', commitIndex: 5, lastIndex: 4 };
    runner.onEvent(ev(12, 'n2', 'append'), counting);
    views['n2'] = { role: 'follower', commitIndex: 0, lastIndex: 0 };
    expect(runner.violationOf('election-safety')).toMatchObject({ eventIndex: 11 });
    expect(runner.violationOf('commit-bounded')).toEqual({ invariant: 'commit-bounded', eventIndex: 12, timeUs: 1200, message: 'n2: commitIndex 5 > lastIndex 4' });
  });

  it('atEnd: eventIndex -1 and the end time', () => {
    const runner = new InvariantRunner([someoneLeads, electionSafety], nodes);
    runner.onEvent(ev(0, 'n1', 'tick'), viewOf);
    expect(runner.atEnd(viewOf, 5_000)).toEqual([{ invariant: 'someone-leads', eventIndex: -1, timeUs: 5_000, message: 'no leader at the end' }]);
    expect(() => runner.atEnd(viewOf)).toThrow(/twice/);
    expect(() => runner.onEvent(ev(1, 'n1', 'tick'), viewOf)).toThrow(/after atEnd/);
  });

  it('an invariant that throws is reported as violated at that event', () => {
    const v = runInvariants([throws, electionSafety], [ev(0, 'n1', 'a'), ev(1, 'n1', 'b'), ev(2, 'n1', 'c'), ev(3, 'n1', 'd')], viewOf, nodes);
    expect(v).toEqual([{ invariant: 'buggy', eventIndex: 2, timeUs: 200, message: 'check threw: boom' }]);
  });

  it('a passing run reports nothing', () => {
    const v = runInvariants([electionSafety, commitBounded], [ev(0, 'n1', 'become-leader', { term: 1 }), ev(1, 'n2', 'become-leader', { term: 2 })], viewOf, nodes);
    expect(v).toEqual([]);
  });

  it('refuses two invariants with the same name', () => {
    expect(() => new InvariantRunner([electionSafety, electionSafety])).toThrow(/listed twice/);
  });
});
