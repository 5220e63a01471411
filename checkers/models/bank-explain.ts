// How the bank witness (bank-witness.ts) places a read: the sets of open transfers whose
// effects make up the difference between the balances and what the read saw, fewest
// transfers first (iterative deepening; each step branches on the account with the
// fewest candidate transfers), in a legal order, then the read. The first read, when the
// opening balances are unknown, fixes them: only which pending transfers came before it
// matters.
import type { BankState, Transfer } from './bank-values.js';
import { asBalances, normalize } from './bank-values.js';
import { INCONSISTENT, type TimedOp } from './model.js';

/** Transfers one read's difference from the balances may be explained by. */
const BLOCK_OPS_MAX = 6;
/** Transfers pending at the first read whose order around it is tried (2^this plans). */
const FIRST_READ_PENDING_MAX = 8;
/** Steps one read's explanations may take before the walk backs up to an earlier choice. */
const EXPLAIN_STEPS_MAX = 5_000;

/** Ops placed together (in this order), and the state after them. */
export interface Plan {
  readonly ops: readonly number[];
  readonly state: BankState;
}

/** What the explanations need of the walk: its ops, their transfers, and its step count. */
export interface WalkContext {
  steps: number;
  readonly ops: readonly TimedOp[];
  readonly transfers: readonly (Transfer | null)[];
  apply(state: BankState, i: number): BankState | typeof INCONSISTENT;
}

/** One read's search for explanations of at most `size` transfers. */
interface CoverQuery {
  readonly state: BankState;
  readonly r: number;
  /** The candidate transfers into and out of each account, in candidate order. */
  readonly into: ReadonlyMap<string, readonly number[]>;
  readonly outOf: ReadonlyMap<string, readonly number[]>;
  readonly size: number;
  readonly budgetEnd: number;
  /** Sets of chosen transfers already searched from, at this size; solutions already yielded. */
  readonly visited: Set<string>;
  readonly found: Set<string>;
}

export class ReadExplainer {
  constructor(private readonly walk: WalkContext) {}

  /** Plans that place read r next, after a set of the candidate transfers that explains what it saw. */
  *explain(state: BankState, r: number, candidates: readonly number[]): Generator<Plan> {
    if (!state.known) return yield* this.firstRead(state, r, candidates);
    const seen = normalize(asBalances(this.walk.ops[r]!.output)!);
    const residual = new Map<string, number>();
    for (const a of new Set([...Object.keys(seen), ...Object.keys(state.balances)])) {
      const d = (seen[a] ?? 0) - (state.balances[a] ?? 0);
      if (d !== 0) residual.set(a, d);
    }
    const found = new Set<string>();
    const into = new Map<string, number[]>();
    const outOf = new Map<string, number[]>();
    for (const c of candidates) {
      const t = this.walk.transfers[c]!;
      (into.get(t.to) ?? into.set(t.to, []).get(t.to)!).push(c);
      (outOf.get(t.from) ?? outOf.set(t.from, []).get(t.from)!).push(c);
    }
    // Iterative deepening: the explanations with the fewest transfers first.
    const budgetEnd = this.walk.steps + EXPLAIN_STEPS_MAX;
    for (let size = 0; size <= BLOCK_OPS_MAX && this.walk.steps < budgetEnd; size++) {
      yield* this.cover({ state, r, into, outOf, size, budgetEnd, visited: new Set(), found }, residual, []);
    }
  }

  /** The first read fixes the opening balances, so it explains any set of transfers
   *  before it; but which of the transfers pending at it came first matters later. */
  private *firstRead(state: BankState, r: number, candidates: readonly number[]): Generator<Plan> {
    const pending = candidates.filter((c) => this.walk.ops[c]!.required).slice(0, FIRST_READ_PENDING_MAX);
    for (let mask = 0; mask < 1 << pending.length; mask++) {
      const before = pending.filter((_, k) => ((mask >> k) & 1) === 1);
      const plan = this.ordered(state, before, r);
      if (plan !== null) yield plan;
    }
  }

  /** Sets of at most `size` candidates (chosen so far + more) whose effects sum to the residual. */
  private *cover(q: CoverQuery, residual: Map<string, number>, chosen: number[]): Generator<Plan> {
    this.walk.steps++;
    const key = [...chosen].sort((a, b) => a - b).join(',');
    if (q.visited.has(key) || this.walk.steps >= q.budgetEnd) return;
    q.visited.add(key);
    if (residual.size === 0) {
      if (q.found.has(key)) return;
      q.found.add(key);
      const plan = this.ordered(q.state, chosen, q.r);
      if (plan !== null) yield plan;
      return;
    }
    // Each transfer moves two balances: too many accounts off for the transfers left.
    if (residual.size > 2 * (q.size - chosen.length)) return;
    for (const c of this.fewestOptions(residual, q, chosen)) {
      const t = this.walk.transfers[c]!;
      shift(residual, t.from, t.amount);
      shift(residual, t.to, -t.amount);
      chosen.push(c);
      yield* this.cover(q, residual, chosen);
      chosen.pop();
      shift(residual, t.to, t.amount);
      shift(residual, t.from, -t.amount);
    }
  }

  /** Some chosen transfer must move money in or out of each account still off: the
   *  transfers that could do it for the account with the fewest, best fits first. */
  private fewestOptions(residual: ReadonlyMap<string, number>, q: CoverQuery, chosen: readonly number[]): number[] {
    // The account with the fewest candidates first (counted without the chosen ones: few).
    let account = '';
    let need = 0;
    let fewest = Infinity;
    for (const [a, n] of residual) {
      const count = (n > 0 ? q.into : q.outOf).get(a)?.length ?? 0;
      if (count < fewest) (account = a), (need = n), (fewest = count);
    }
    const fit = (t: Transfer) => (t.amount === Math.abs(need) ? 0 : 2) + ((residual.get(need > 0 ? t.from : t.to) ?? 0) === (need > 0 ? -t.amount : t.amount) ? 0 : 1);
    return ((need > 0 ? q.into : q.outOf).get(account) ?? [])
      .filter((c) => !chosen.includes(c))
      .map((c, rank) => ({ c, rank, fit: fit(this.walk.transfers[c]!) }))
      .sort((a, b) => a.fit - b.fit || a.rank - b.rank)
      .map((o) => o.c);
  }


  /** The chosen transfers in a legal order (greedily: the first that can go, each time), then the read. */
  private ordered(state: BankState, chosen: readonly number[], r: number): Plan | null {
    const left = [...chosen];
    const ops: number[] = [];
    let s = state;
    while (left.length > 0) {
      const k = left.findIndex((i) => this.walk.apply(s, i) !== INCONSISTENT);
      if (k < 0) return null;
      s = this.walk.apply(s, left[k]!) as BankState;
      ops.push(left[k]!);
      left.splice(k, 1);
    }
    const after = this.walk.apply(s, r);
    return after === INCONSISTENT ? null : { ops: [...ops, r], state: after };
  }
}

function shift(residual: Map<string, number>, account: string, delta: number): void {
  const v = (residual.get(account) ?? 0) + delta;
  if (v === 0) residual.delete(account);
  else residual.set(account, v);
}
