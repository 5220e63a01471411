// The in-memory Raft log: entries after the snapshot point, plus a run-length summary of
// their terms (one run per term, so finding where a term starts or ends costs O(terms),
// not O(entries)). Indexes start at 1; index 0 has term 0. Persistence is in storage.ts.
import type { LogEntry } from './messages.js';
import type { TermLookup } from './log-matching.js';

export class RaftLog implements TermLookup {
  private entries: LogEntry[] = [];
  private snapshotIndexValue = 0;
  private snapshotTermValue = 0;
  /** Runs of equal terms over the entries: runStarts[k] is the first index of runTerms[k]. */
  private runStarts: number[] = [];
  private runTerms: number[] = [];

  /** The last index covered by the snapshot (0 when none). */
  get snapshotIndex(): number {
    return this.snapshotIndexValue;
  }

  get snapshotTerm(): number {
    return this.snapshotTermValue;
  }

  get firstIndex(): number {
    return this.snapshotIndexValue + 1;
  }

  get lastIndex(): number {
    return this.snapshotIndexValue + this.entries.length;
  }

  get lastTerm(): number {
    const n = this.entries.length;
    return n === 0 ? this.snapshotTermValue : this.entries[n - 1]!.term;
  }

  /** Entries held in memory (after the snapshot). */
  get length(): number {
    return this.entries.length;
  }

  termAt(index: number): number | undefined {
    if (index === this.snapshotIndexValue) return this.snapshotTermValue;
    if (index < this.snapshotIndexValue || index > this.lastIndex) return undefined;
    return this.entries[index - this.snapshotIndexValue - 1]!.term;
  }

  entryAt(index: number): LogEntry {
    const entry = this.entries[index - this.snapshotIndexValue - 1];
    if (entry === undefined || index <= this.snapshotIndexValue) {
      throw new Error(`raft log: no entry ${index} (holds ${this.firstIndex}..${this.lastIndex})`);
    }
    return entry;
  }

  /** Entries from `from` (>= firstIndex) to `toInclusive`, as a fresh array. */
  slice(from: number, toInclusive: number): LogEntry[] {
    if (from < this.firstIndex) throw new Error(`raft log: slice from ${from} below first index ${this.firstIndex}`);
    const offset = this.snapshotIndexValue + 1;
    return this.entries.slice(from - offset, toInclusive - offset + 1);
  }

  append(entry: LogEntry): number {
    const index = this.lastIndex + 1;
    const runs = this.runTerms.length;
    if (runs === 0 || this.runTerms[runs - 1] !== entry.term) {
      if (runs > 0 && entry.term < this.runTerms[runs - 1]!) {
        throw new Error(`raft log: appending term ${entry.term} after term ${this.runTerms[runs - 1]} at index ${index}`);
      }
      this.runStarts.push(index);
      this.runTerms.push(entry.term);
    }
    this.entries.push(entry);
    return index;
  }

  /** Delete entries `from`..lastIndex (a conflicting suffix). */
  truncateFrom(from: number): void {
    if (from <= this.snapshotIndexValue) {
      throw new Error(`raft log: truncating at ${from}, inside the snapshot (up to ${this.snapshotIndexValue})`);
    }
    if (from > this.lastIndex) return;
    this.entries.length = from - this.snapshotIndexValue - 1;
    while (this.runStarts.length > 0 && this.runStarts[this.runStarts.length - 1]! >= from) {
      this.runStarts.pop();
      this.runTerms.pop();
    }
  }

  /** Forget entries up to `index` (now in a snapshot whose last entry has `term`). */
  compactTo(index: number, term: number): void {
    if (index <= this.snapshotIndexValue) return;
    if (index >= this.lastIndex) {
      this.resetTo(index, term);
      return;
    }
    if (this.termAt(index) !== term) {
      throw new Error(`raft log: compacting to ${index} with term ${term}, log has term ${this.termAt(index)}`);
    }
    this.entries = this.entries.slice(index - this.snapshotIndexValue);
    this.snapshotIndexValue = index;
    this.snapshotTermValue = term;
    let k = 0;
    while (k + 1 < this.runStarts.length && this.runStarts[k + 1]! <= index + 1) k++;
    this.runStarts = this.runStarts.slice(k);
    this.runTerms = this.runTerms.slice(k);
    this.runStarts[0] = index + 1;
  }

  /** Replace the whole log by a snapshot point (InstallSnapshot with a conflicting log). */
  resetTo(index: number, term: number): void {
    this.entries = [];
    this.snapshotIndexValue = index;
    this.snapshotTermValue = term;
    this.runStarts = [];
    this.runTerms = [];
  }

  firstIndexOfTerm(term: number): number {
    for (let k = 0; k < this.runTerms.length; k++) {
      if (this.runTerms[k] === term) return this.runStarts[k]!;
    }
    return term === this.snapshotTermValue && this.snapshotIndexValue > 0 ? this.snapshotIndexValue : 0;
  }

  lastIndexOfTerm(term: number): number {
    for (let k = this.runTerms.length - 1; k >= 0; k--) {
      if (this.runTerms[k] === term) {
        return k + 1 < this.runStarts.length ? this.runStarts[k + 1]! - 1 : this.lastIndex;
      }
      if (this.runTerms[k]! < term) return 0;
    }
    return term === this.snapshotTermValue && this.snapshotIndexValue > 0 ? this.snapshotIndexValue : 0;
  }

  /**
   * The terms of the log as runs [start, term, start, term, ...], from the snapshot point
   * (if any) to the last index. A fresh array: it goes into inspect() views.
   */
  termRuns(): number[] {
    const out: number[] = [];
    if (this.snapshotIndexValue > 0) out.push(this.snapshotIndexValue, this.snapshotTermValue);
    for (let k = 0; k < this.runStarts.length; k++) {
      if (out.length > 0 && out[out.length - 1] === this.runTerms[k]) continue;
      out.push(this.runStarts[k]!, this.runTerms[k]!);
    }
    return out;
  }
}
