// The bank model's witness (model.ts): a cheap search for one linearization of a bank
// history, which the checker then verifies step by step. A wrong or missing proposal
// costs only steps (the general search runs as before), so this search is free to be
// greedy. Why it is fast where the general search is not (docs/checkers.md, "The bank
// witness"): the general search may place each crashed (info) transfer anywhere after its
// invocation, and every subset of them is a distinct search state, so a history with
// hundreds of them is out of reach. Here a crashed transfer is placed only when a read
// needs it: right before the read whose difference from the current balances it helps
// explain. That is no loss for a transfer whose credit nobody spends before the read:
// placed as late as possible, its source account has the most money it can have, and the
// transfers between keep their own balances or more.
//
// The walk goes through the history's events in order. At the completion of an op not yet
// placed, it places it, choosing among plans: for a transfer, first any pending read that
// matches the balances now, then the transfer itself (or, when it would overdraw, one
// open transfer that credits its source first); for a read, the sets of open transfers
// (pending or crashed, at most 6: bank-explain.ts) whose effects make up the difference
// between the balances and what it read. Dead ends back up to the last choice.
import type { BankState, Transfer } from './bank-values.js';
import { asBalances, asTransfer, normalize } from './bank-values.js';
import { ReadExplainer, type Plan, type WalkContext } from './bank-explain.js';
import { INCONSISTENT, type ModelOp, type TimedOp, type WitnessResult } from './model.js';

type Step = (state: BankState, op: ModelOp) => BankState | typeof INCONSISTENT;

/** One completion where the walk chose a plan: what to restore when it backs up. */
interface Choice {
  readonly event: number;
  readonly calledCount: number;
  readonly calledReadsCount: number;
  readonly orderLength: number;
  readonly state: BankState;
  readonly plans: Iterator<Plan>;
  placed: readonly number[];
}

export function findBankWitness<O extends TimedOp>(step: Step, ops: readonly O[], init: BankState, stepsMax: number): WitnessResult<O> {
  if (ops.some((o) => o.f !== 'transfer' && o.f !== 'read')) return { order: null, steps: 0 };
  const search = new WitnessSearch(step, ops, stepsMax);
  const order = search.run(init);
  return { order: order === null ? null : order.map((i) => ops[i]!), steps: search.steps };
}

class WitnessSearch implements WalkContext {
  steps = 0;
  private readonly explainer = new ReadExplainer(this);
  private readonly placedFlags: Uint8Array;
  private readonly called: number[] = [];
  /** The reads among them (few): most completions need only these. */
  private readonly calledReads: number[] = [];
  readonly transfers: (Transfer | null)[];
  /** Acknowledged reads, in the order they completed. */
  private readonly readsByCompletion: number[];
  /** Invocations and completions by history position: [op, isCompletion]. */
  private readonly events: (readonly [number, boolean])[] = [];

  constructor(
    private readonly step: Step,
    readonly ops: readonly TimedOp[],
    private readonly stepsMax: number,
  ) {
    this.placedFlags = new Uint8Array(ops.length);
    this.transfers = ops.map((o) => (o.f === 'transfer' ? asTransfer(o.input) : null));
    const positioned: (readonly [number, number, boolean])[] = [];
    ops.forEach((o, i) => {
      positioned.push([o.call, i, false]);
      if (Number.isFinite(o.ret)) positioned.push([o.ret, i, true]);
    });
    positioned.sort((a, b) => a[0] - b[0]);
    for (const [, i, done] of positioned) this.events.push([i, done]);
    this.readsByCompletion = this.events.filter(([i, done]) => done && ops[i]!.f === 'read').map(([i]) => i);
  }

  /** The ops in a legal order, or null (dead end everywhere, or out of steps). */
  run(init: BankState): number[] | null {
    const order: number[] = [];
    const choices: Choice[] = [];
    let state = init;
    let e = 0;
    for (;;) {
      while (e < this.events.length && (!this.events[e]![1] || this.placedFlags[this.events[e]![0]] === 1)) {
        if (!this.events[e]![1]) this.invoked(this.events[e]![0]);
        e++;
      }
      if (e === this.events.length) return order;
      const op = this.events[e]![0];
      choices.push({ event: e, calledCount: this.called.length, calledReadsCount: this.calledReads.length, orderLength: order.length, state, plans: this.plansFor(op, state), placed: [] });
      // Take the next plan of the latest choice; back up while a choice has none left.
      for (;;) {
        const c = choices[choices.length - 1];
        if (c === undefined || this.steps >= this.stepsMax) return null;
        for (const i of c.placed) this.placedFlags[i] = 0;
        order.length = c.orderLength;
        this.called.length = c.calledCount;
        this.calledReads.length = c.calledReadsCount;
        const next = c.plans.next();
        if (next.done === true) {
          choices.pop();
          continue;
        }
        c.placed = next.value.ops;
        for (const i of c.placed) this.placedFlags[i] = 1;
        order.push(...c.placed);
        state = next.value.state;
        e = c.event + 1;
        break;
      }
    }
  }

  apply(state: BankState, i: number): BankState | typeof INCONSISTENT {
    this.steps++;
    return this.step(state, this.ops[i]!);
  }

  private invoked(i: number): void {
    this.called.push(i);
    if (this.ops[i]!.f === 'read') this.calledReads.push(i);
  }

  /** Open transfers: required ones first, then crashed ones, latest first. */
  private openTransfers(except: number): number[] {
    const required: number[] = [];
    const crashed: number[] = [];
    for (const i of this.called) {
      if (i === except || this.placedFlags[i] === 1 || this.ops[i]!.f === 'read') continue;
      if (this.ops[i]!.required) required.push(i);
      else crashed.push(i);
    }
    return required.concat(crashed.reverse());
  }

  private pendingReads(except: number): number[] {
    return this.calledReads.filter((i) => i !== except && this.placedFlags[i] === 0);
  }

  private *plansFor(o: number, state: BankState): Generator<Plan> {
    if (this.ops[o]!.f === 'read') return yield* this.explainer.explain(state, o, this.openTransfers(o));
    const reads = this.pendingReads(o);
    const after = this.apply(state, o);
    if (after !== INCONSISTENT) {
      const matching = this.matchingReads(state, reads);
      const then = matching === null ? INCONSISTENT : this.apply(matching.state, o);
      if (then !== INCONSISTENT) yield { ops: [...matching!.ops, o], state: then };
      yield { ops: [o], state: after };
    } else {
      for (const c of this.credits(state, o, this.openTransfers(o))) {
        const credited = this.apply(state, c);
        const then = credited === INCONSISTENT ? INCONSISTENT : this.apply(credited, o);
        if (then !== INCONSISTENT) yield { ops: [c, o], state: then };
      }
    }
    // A pending read that saw the balances before this transfer and some open ones.
    const transfers = reads.length > 0 ? this.openTransfers(o) : [];
    for (const r of reads) {
      for (const plan of this.explainer.explain(state, r, [o, ...transfers])) {
        if (plan.ops.includes(o)) yield plan;
        else {
          const then = this.apply(plan.state, o);
          if (then !== INCONSISTENT) yield { ops: [...plan.ops, o], state: then };
        }
      }
    }
  }

  /** The open transfers that credit o's source, those that bring the balances closest to
   *  what the next read saw first (the credit must show there). */
  private credits(state: BankState, o: number, transfers: readonly number[]): number[] {
    const source = this.transfers[o]!.from;
    const next = this.nextRead(this.ops[o]!.ret);
    const seen = next === null ? {} : normalize(asBalances(this.ops[next]!.output)!);
    const off = (account: string, delta: number) => Math.abs((seen[account] ?? 0) - (state.balances[account] ?? 0) - delta);
    const gain = (t: Transfer) => off(t.from, -t.amount) + off(t.to, t.amount) - off(t.from, 0) - off(t.to, 0);
    return transfers
      .filter((c) => this.transfers[c]!.to === source)
      .map((c, rank) => ({ c, rank, gain: next === null ? 0 : gain(this.transfers[c]!) }))
      .sort((a, b) => a.gain - b.gain || a.rank - b.rank)
      .map((x) => x.c);
  }

  /** The first read to complete after a position, or null. */
  private nextRead(position: number): number | null {
    return this.readsByCompletion[this.readsCompletedBy(position)] ?? null;
  }

  /** How many reads completed at or before a position. */
  private readsCompletedBy(position: number): number {
    let lo = 0;
    let hi = this.readsByCompletion.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.ops[this.readsByCompletion[mid]!]!.ret <= position) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** The pending reads that match the balances now, in order (the first may fix unknown opening balances); null if none. */
  private matchingReads(state: BankState, reads: readonly number[]): Plan | null {
    const ops: number[] = [];
    let s = state;
    for (const r of reads) {
      const next = this.apply(s, r);
      if (next === INCONSISTENT) continue;
      ops.push(r);
      s = next;
    }
    return ops.length === 0 ? null : { ops, state: s };
  }
}
