// Paxos's safety properties, shared by single-decree Paxos (one instance per key) and
// Multi-Paxos (one instance per slot), checked from the events servers log:
//   agreement           at most one value is learned per instance      ('learn' {slot, digest};
//                       Multi-Paxos: also 'apply' {index, digest}, a replica's value of a slot)
//   validity            a learned value was proposed                    ('propose' {digest};
//                       checked at 'learn' and Multi-Paxos's 'apply')
//   acceptor-monotonic  an acceptor's promise never goes down, not even across a restart
//                       ('promise' {ballot} when it rises, 'accept' {ballot}: accepting n
//                       promises n; 'boot' {promised} after a restart)
// Instances are named by the `slot` field (a number or a key).
import type { Invariant, InvariantCheck } from '../../checkers/invariants.js';
import { num, str } from '../invariant-helpers.js';

export const agreement: Invariant = {
  name: 'agreement',
  description: 'at most one value is chosen per instance (slot): every learner learns the same one',
  watches: ['learn', 'apply'],
  create(): InvariantCheck {
    /** Multi-Paxos's slots (integers from 1, every server applies every one): a dense array. */
    const bySlot: (Learned | undefined)[] = [];
    /** Any other instance name (single-decree Paxos's keys). */
    const byName = new Map<unknown, Learned>();
    return {
      onEvent(event) {
        if (event.kind !== 'log' || (event.name !== 'learn' && event.name !== 'apply')) return null;
        const slot = event.name === 'learn' ? event.fields['slot'] : event.fields['index'];
        const digest = str(event.fields, 'digest');
        const dense = typeof slot === 'number' && Number.isInteger(slot) && slot >= 0;
        const first = dense ? bySlot[slot] : byName.get(slot);
        if (first === undefined) {
          const learned = { digest, node: event.node };
          if (dense) bySlot[slot] = learned;
          else byName.set(slot, learned);
          return null;
        }
        if (first.digest === digest) return null;
        return `two values chosen in slot ${String(slot)}: ${first.node} learned "${first.digest}", ${event.node} learned "${digest}"`;
      },
    };
  },
};

/** The first value learned in an instance, and by whom. */
interface Learned {
  readonly digest: string;
  readonly node: string;
}

export const validity: Invariant = {
  name: 'validity',
  description: 'a value is learned (or applied) only if some proposer proposed it',
  watches: ['propose', 'learn', 'apply'],
  create(): InvariantCheck {
    const proposed = new Set<string>();
    return {
      onEvent(event) {
        if (event.kind !== 'log') return null;
        if (event.name === 'propose') {
          proposed.add(str(event.fields, 'digest'));
          return null;
        }
        if (event.name !== 'learn' && event.name !== 'apply') return null;
        const digest = str(event.fields, 'digest');
        if (proposed.has(digest)) return null;
        const [verb, slot] = event.name === 'learn' ? ['learned', event.fields['slot']] : ['applied', event.fields['index']];
        return `${event.node} ${verb} "${digest}" in slot ${String(slot)}, which nobody proposed`;
      },
    };
  },
};

/** The events that state a promise, and their ballot field. */
const MONOTONIC_EVENTS: Readonly<Record<string, string>> = { promise: 'ballot', accept: 'ballot', boot: 'promised' };

export const acceptorMonotonic: Invariant = {
  name: 'acceptor-monotonic',
  description: "an acceptor's promise never goes down (accepting n promises n), even across crashes and restarts",
  watches: Object.keys(MONOTONIC_EVENTS),
  create(): InvariantCheck {
    /** node (and instance, when events name one) -> the highest ballot promised. */
    const highest = new Map<string, number>();
    return {
      onEvent(event) {
        if (event.kind !== 'log') return null;
        const field = MONOTONIC_EVENTS[event.name];
        if (field === undefined || typeof event.fields[field] !== 'number') return null;
        const ballot = num(event.fields, field);
        const slot = event.fields['slot'];
        const where = slot === undefined ? event.node : `${event.node} ${String(slot)}`;
        const before = highest.get(where) ?? 0;
        if (ballot >= before) {
          highest.set(where, ballot);
          return null;
        }
        const what = event.name === 'boot' ? 'restarted with a promise of' : event.name === 'accept' ? 'accepted' : 'promised';
        const instance = slot === undefined ? '' : ` in ${String(slot)}`;
        return `acceptor ${event.node} ${what} ballot ${ballot}${instance} after having promised ${before}`;
      },
    };
  },
};

export const PAXOS_INVARIANTS: readonly Invariant[] = [agreement, validity, acceptorMonotonic];
