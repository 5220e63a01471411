// The candidate order, adaptively. Two orders of crashed ops each win on their own kind of
// history (search.ts): trying crashed ops last saves many steps when most of them never
// took effect (Jepsen's etcd histories: timeouts under partitions), and real-time order
// finds at once a crashed op that a later observation needs (a crashed write that only a
// failed cas shows took effect; Knossos's memstress histories), where crashed-last can
// explore every order of the other ops first.
//
// Both searches are complete, so either one's answer is the verdict. A segment starts with
// crashed-last alone; once it has walked `crashedLastSoloSteps` without an answer, a
// time-ordered search starts beside it and the two take turns, `SLICE_STEPS` each, until
// one answers. An easy history never pays for the second search; a hard one pays at most
// twice the faster order's steps (plus the solo head start). Counted in steps, so the
// verdict, and which search gave it, is the same on every machine.

import type { Model } from '../models/model.js';
import type { PreparedOp } from './prepare.js';
import { createSearch } from './search.js';
import type { PartitionSearchResult, Search, SearchBudget } from './search.js';

const SLICE_STEPS = 1 << 12;

/** Steps crashed-last walks alone: 20,000, plus 20 per op (an etcd-style history of 1,000
 *  ops with crashes needs a few thousand). */
export function crashedLastSoloSteps(opCount: number): number {
  return 20_000 + 20 * opCount;
}

/** A search of `ops` that runs both candidate orders when the first is slow. */
export function createAdaptiveSearch(
  model: Model<unknown>,
  init: unknown,
  ops: readonly PreparedOp[],
  budget: SearchBudget,
  collectEnds: boolean,
): Search {
  const first = createSearch(model, init, ops, budget, { order: 'crashed-last', collectEnds });
  if (!ops.some((o) => !o.required || o.ret === Infinity)) return first; // the orders coincide
  let soloLeft = crashedLastSoloSteps(ops.length);
  let live: Search[] = [first];
  let turn = 0;
  let secondStarted = false;
  const startSecond = (): void => {
    secondStarted = true;
    soloLeft = 0;
    live.push(createSearch(model, init, ops, budget, { order: 'time', collectEnds }));
  };
  // a search that returns null walked exactly the steps it was given
  const advance = (quota: number): PartitionSearchResult | null => {
    let left = quota;
    while (left > 0) {
      if (soloLeft === 0 && !secondStarted) startSecond();
      const q = Math.min(left, soloLeft > 0 ? soloLeft : SLICE_STEPS);
      const active = live[turn % live.length] as Search;
      const r = active.advance(q);
      left -= q;
      if (soloLeft > 0) soloLeft -= q;
      else turn++;
      if (r === null) continue;
      if (r.verdict === 'unknown' && r.unknownReason === 'memory' && (live.length > 1 || !secondStarted)) {
        // out of memory in one order (its memory is back in the budget): the other may answer
        live = live.filter((x) => x !== active);
        if (!secondStarted) startSecond();
        continue;
      }
      for (const other of live) if (other !== active) other.abandon();
      live = [];
      return r;
    }
    return null;
  };
  return { advance, abandon: () => live.forEach((x) => x.abandon()) };
}
