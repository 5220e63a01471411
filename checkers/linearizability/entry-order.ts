// The order of a search's list entries (search.ts's buildLists): each entry's position in
// the history, sorted, in scratch arrays kept from one search to the next.

/**
 * Scratch space of buildLists, kept from one search to the next: the entries before they
 * are sorted, and their sort keys. A search builds its lists once and never reads these
 * again, and a check of a Raft bench history builds four lists of about 1,900 entries:
 * fresh typed arrays each time cost more (allocated outside the heap, zeroed, first
 * touched) than filling them. Grown by doubling; each use writes what it reads.
 */
let scratchEvents = new Float64Array(1024);
let scratchKeys = new Float64Array(512);

function scratchOf(scratch: Float64Array<ArrayBuffer>, size: number): Float64Array<ArrayBuffer> {
  return scratch.length >= size ? scratch : new Float64Array(Math.max(size, 2 * scratch.length));
}

/** Room for `size` numbers, for the caller to fill before sortByPosition reads them. */
export function entriesScratch(size: number): Float64Array {
  scratchEvents = scratchOf(scratchEvents, size);
  return scratchEvents;
}

/** Moves an insertion sort may make per key before the native sort takes over. */
const INSERTION_MOVES_PER_KEY = 8;

/**
 * Sort distinct keys ascending. The entries come op by op, a call then its return, so a
 * return is out of place by the calls that came during its op: a few for closed-loop
 * clients, and an insertion sort moves that many (the native sort of a Raft bench key's
 * 1,900 entries cost 3 times more). Past INSERTION_MOVES_PER_KEY moves per key on average
 * (ops that ran long while others came and went), the native sort finishes the job: the
 * keys are distinct, so both give the same order.
 */
export function sortNearlySorted(keys: Float64Array): void {
  let movesLeft = INSERTION_MOVES_PER_KEY * keys.length;
  for (let i = 1; i < keys.length; i++) {
    const key = keys[i] as number;
    let j = i - 1;
    while (j >= 0 && (keys[j] as number) > key) {
      keys[j + 1] = keys[j] as number;
      j--;
    }
    keys[j + 1] = key;
    movesLeft -= i - 1 - j;
    if (movesLeft < 0) {
      keys.sort();
      return;
    }
  }
}

/**
 * The entries (pairs (position, code) in `events`) in position order, ties in entry order.
 * Positions are history indices, or halfway between two (an op an optimize hook bounded):
 * then each entry packs into one exact float (twice its position, then its index), and
 * the floats are sorted (sortNearlySorted); otherwise a comparator sort. The index comes
 * back out by exact arithmetic (`%` on a float is a call to fmod: it was a fifth of the
 * lists' cost).
 */
export function sortByPosition(events: Float64Array, E: number): ArrayLike<number> {
  const SHIFT = 2 ** 26;
  let packable = E < SHIFT;
  for (let e = 0; packable && e < E; e++) {
    const twice = 2 * (events[2 * e] as number);
    if (!Number.isInteger(twice) || twice < 0 || twice >= SHIFT * 2) packable = false;
  }
  if (packable) {
    scratchKeys = scratchOf(scratchKeys, E);
    const keys = scratchKeys.subarray(0, E);
    for (let e = 0; e < E; e++) keys[e] = 2 * (events[2 * e] as number) * SHIFT + e;
    sortNearlySorted(keys);
    const order = new Int32Array(E);
    for (let e = 0; e < E; e++) {
      const key = keys[e] as number;
      order[e] = key - Math.floor(key / SHIFT) * SHIFT;
    }
    return order;
  }
  const sorted = new Array<number>(E);
  for (let e = 0; e < E; e++) sorted[e] = e;
  sorted.sort((a, b) => (events[2 * a] as number) - (events[2 * b] as number));
  return sorted;
}
