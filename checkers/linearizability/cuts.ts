// Quiescent cuts: a long history splits where nothing is in flight. At a point where
// every op invoked before it has returned and no crashed op is pending (a crashed op stays
// open to the end of the history, so cuts only come before the first one, unless the
// register rewrites bounded it), every linearization places all the ops before the point
// ahead of all the ops after it. So the history is linearizable iff some state that a
// linearization of the first segment ends in starts a linearization of the rest: the
// check carries the *set* of those states across each cut (partition-job.ts), and the
// search's memory depends on a segment's size, that is on the concurrency, not on the
// history's length.

import type { PreparedOp } from './prepare.js';

/** Ops a segment holds at least before it ends at a quiescent point. Searching a segment
 *  for every state it can end in (not just one linearization) costs more steps than a plain
 *  search when its ops overlap, so short histories are searched whole, as before, and long
 *  ones in pieces of this size, whose memory no longer grows with the history. */
export const SEGMENT_OPS_MIN = 5_000;

/** The ops (of one partition) in segments between quiescent points, each in call order and
 *  of at least `minOps` ops (but the last). */
export function quiescentSegments(ops: readonly PreparedOp[], minOps = SEGMENT_OPS_MIN): PreparedOp[][] {
  const byCall = isSortedByCall(ops) ? ops : [...ops].sort((a, b) => a.call - b.call);
  const segments: PreparedOp[][] = [];
  let current: PreparedOp[] = [];
  let lastReturn = -Infinity; // the latest return (Infinity once a crashed op is open)
  for (const op of byCall) {
    if (current.length >= minOps && op.call > lastReturn) {
      segments.push(current);
      current = [];
    }
    current.push(op);
    const ret = op.required ? op.ret : Infinity;
    if (ret > lastReturn) lastReturn = ret;
  }
  if (current.length > 0) segments.push(current);
  return segments;
}

function isSortedByCall(ops: readonly PreparedOp[]): boolean {
  for (let i = 1; i < ops.length; i++) if ((ops[i] as PreparedOp).call < (ops[i - 1] as PreparedOp).call) return false;
  return true;
}
