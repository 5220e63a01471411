// ABD timestamps: (number, writer id), ordered by number and then by writer id, so two
// writers that picked the same number still order their writes the same way everywhere.
import type { KvValue } from '../kv/commands.js';
import type { NodeId } from '../../sim/types.js';

export interface Timestamp {
  readonly num: number;
  readonly writer: NodeId;
}

/** A replica's copy of one register. */
export interface Tagged {
  readonly ts: Timestamp;
  readonly value: KvValue;
}

export const ZERO: Tagged = { ts: { num: 0, writer: '' }, value: null };

/** a > b. Without tie-breaking (a bug variant) equal numbers are never greater. */
export function newer(a: Timestamp, b: Timestamp, tieBreak: boolean): boolean {
  return a.num > b.num || (tieBreak && a.num === b.num && a.writer > b.writer);
}
