// Pieces every protocol's invariants share: reading event fields, and the properties that
// mean the same in every replicated state machine (Raft, Multi-Paxos, ...).
import type { Invariant, InvariantCheck } from '../checkers/invariants.js';

/** A numeric event field, NaN when absent. */
export function num(fields: Readonly<Record<string, unknown>>, name: string): number {
  const value = fields[name];
  return typeof value === 'number' ? value : Number.NaN;
}

/** A text event field (anything else stringified). */
export function str(fields: Readonly<Record<string, unknown>>, name: string): string {
  const value = fields[name];
  return typeof value === 'string' ? value : String(value);
}

/**
 * An 'apply' event's fields, read where only 'apply' events are read. 'apply' is the most
 * frequent event (every server, every entry): there the reads stay monomorphic, where
 * num() and str(), which every event's fields pass through, read through V8's slow
 * megamorphic path. Same values as num() and str().
 */
export function applyFields(fields: Readonly<Record<string, unknown>>): { index: number; term: number | undefined; digest: string } {
  const f = fields as { readonly index?: unknown; readonly term?: unknown; readonly digest?: unknown };
  const index = f.index;
  const term = f.term;
  const digest = f.digest;
  return {
    index: typeof index === 'number' ? index : Number.NaN,
    term: typeof term === 'number' ? term : undefined,
    digest: typeof digest === 'string' ? digest : String(digest),
  };
}

/**
 * State Machine Safety from 'apply' events {index, digest, term?}: no two servers apply
 * different commands at one log index (or slot). When events carry a `term`, entries of
 * different terms at one index differ too (Raft: same index and term means same entry).
 */
export const stateMachineSafety: Invariant = {
  name: 'state-machine-safety',
  description: 'no two servers apply different entries at the same log index',
  watches: ['apply'],
  create(): InvariantCheck {
    /** index -> the first entry applied there. 'apply' is frequent: a dense array, no map. */
    const applied: ({ term: number | undefined; digest: string; node: string } | undefined)[] = [];
    return {
      onEvent(event) {
        if (event.kind !== 'log' || event.name !== 'apply') return null;
        const { index, term, digest } = applyFields(event.fields);
        const first = applied[index];
        if (first === undefined) {
          applied[index] = { term, digest, node: event.node };
          return null;
        }
        if (first.term === term && first.digest === digest) return null;
        const termOf = (t: number | undefined) => (t === undefined ? '' : ` (term ${t})`);
        return (
          `${first.node} applied "${first.digest}"${termOf(first.term)} at index ${index} ` +
          `but ${event.node} applied "${digest}"${termOf(term)}`
        );
      },
    };
  },
};
