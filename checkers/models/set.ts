// A grow-only set: add x, read (returns the whole set, as an array or EDN set in any
// order). The state is the sorted list of the elements' canonical texts.

import { canonicalKey, formatValue, hashString } from '../values.js';
import { INCONSISTENT, outputSuffix } from './model.js';
import type { Model } from './model.js';

export type SetState = readonly string[];

const ALIASES: Readonly<Record<string, string>> = { add: 'add', read: 'read', get: 'read' };

/** The canonical sorted texts of a read's elements; null when the value is not a list. */
export function readElements(v: unknown): string[] | null {
  if (v === null || v === undefined) return [];
  if (!Array.isArray(v)) return null;
  const keys = Array.from(new Set(v.map(canonicalKey)));
  keys.sort();
  return keys;
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

export const setModel: Model<SetState> = {
  name: 'set',
  description: 'a grow-only set: add x, read (returns the whole set)',
  kind: 'set',
  functions: ['add', 'read'],
  partitioned: false,
  canonicalF: (f) => ALIASES[f] ?? null,
  init: (initial) => readElements(initial) ?? [],
  step(state, op) {
    if (op.f === 'add') {
      if (op.outcome === 'fail') return INCONSISTENT;
      const k = canonicalKey(op.input);
      // binary search for the insertion point
      let lo = 0;
      let hi = state.length;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if ((state[mid] as string) < k) lo = mid + 1;
        else hi = mid;
      }
      if (state[lo] === k) return state;
      const next = state.slice();
      next.splice(lo, 0, k);
      return next;
    }
    if (op.f === 'read') {
      if (op.outcome === 'unknown') return state;
      const els = readElements(op.output);
      return els !== null && sameSet(state, els) ? state : INCONSISTENT;
    }
    return INCONSISTENT;
  },
  equal: sameSet,
  hash: (s) => hashString(s.join('\u0000')),
  readOnly: (f) => f === 'read',
  validate: (op) =>
    op.f === 'read' && op.outcome === 'ok' && readElements(op.output) === null
      ? `expected a set read to return a list or set of elements, found ${formatValue(op.output, 30)}`
      : null,
  partition: () => null,
  describeOp: (op) => (op.f === 'add' ? `add ${formatValue(op.input, 30)}${outputSuffix(op, false)}` : 'read' + outputSuffix(op, true)),
  describeState: (s) => '#{' + s.map((k) => formatValue(JSON.parse(k) as unknown, 20)).join(' ') + '}',
};
