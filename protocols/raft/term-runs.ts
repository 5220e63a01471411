// Reading the run-length term summaries that views carry (RaftLog.termRuns): the term at an
// index, and where two logs break the Log Matching property. Pure; table-tested.

/** [start, term, start, term, ...] covering start0..lastIndex. */
export interface TermRunsView {
  readonly logTerms: readonly number[];
  readonly lastIndex: number;
}

/** The term at `index`, or undefined when the summary does not cover it. */
export function termAtIndex(view: TermRunsView, index: number): number | undefined {
  const runs = view.logTerms;
  if (runs.length === 0 || index < runs[0]! || index > view.lastIndex) return undefined;
  let term: number | undefined;
  for (let k = 0; k < runs.length; k += 2) {
    if (runs[k]! > index) break;
    term = runs[k + 1];
  }
  return term;
}

export interface LogMismatch {
  /** Both logs hold an entry of `term` at `index`... */
  readonly index: number;
  readonly term: number;
  /** ...yet they differ at this earlier index. */
  readonly differsAt: number;
}

/**
 * Log Matching: if two logs hold an entry with the same index and term, they agree on every
 * earlier index. Over the indexes both summaries cover, the indexes where the terms agree
 * must therefore come before every index where they differ. Returns the first breach, or
 * null. O(runs of a + runs of b).
 */
export function findLogMismatch(a: TermRunsView, b: TermRunsView): LogMismatch | null {
  const ra = a.logTerms;
  const rb = b.logTerms;
  if (ra.length === 0 || rb.length === 0) return null;
  const lo = Math.max(ra[0]!, rb[0]!);
  const hi = Math.min(a.lastIndex, b.lastIndex);
  if (lo > hi) return null;
  let ka = 0;
  let kb = 0;
  let differsAt = -1;
  let index = lo;
  while (index <= hi) {
    while (ka + 2 < ra.length && ra[ka + 2]! <= index) ka += 2;
    while (kb + 2 < rb.length && rb[kb + 2]! <= index) kb += 2;
    const termA = ra[ka + 1]!;
    const termB = rb[kb + 1]!;
    if (termA === termB) {
      if (differsAt >= 0) return { index, term: termA, differsAt };
    } else if (differsAt < 0) {
      differsAt = index;
    }
    const nextA = ka + 2 < ra.length ? ra[ka + 2]! : hi + 1;
    const nextB = kb + 2 < rb.length ? rb[kb + 2]! : hi + 1;
    index = Math.min(nextA, nextB);
  }
  return null;
}
