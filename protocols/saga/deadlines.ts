// The orchestrator's deadlines: per saga, at most one thing is due (its call timing out,
// its backoff ending, its breaker letting calls through again), on one timer per saga that
// is not re-armed per command. A deadline moved later leaves the timer as it is: the timer
// fires early, sees the deadline is not due yet and is set again for the rest (a saga's
// steps usually all answer within the first call timeout, so most sagas use one timer). A
// deadline moved earlier re-arms it. Volatile, like the timers: lost in a crash.
import type { Context, TimerId } from '../../sim/types.js';
import type { SagaMessage } from './messages.js';

type Ctx = Context<SagaMessage>;

export type DeadlineKind = 'timeout' | 'retry' | 'wait';

interface Deadline {
  /** What is due at `atUs` (local time), or null: nothing (the timer is dropped when it fires). */
  kind: DeadlineKind | null;
  atUs: number;
  /** The saga's timer, and when it fires (local time). */
  timer: TimerId;
  timerAtUs: number;
}

/** A deadline timer's name: the saga it belongs to. */
export const deadlineTimer = (saga: string): string => `deadline|${saga}`;
export const sagaOfDeadlineTimer = (name: string): string => name.slice('deadline|'.length);

export class Deadlines {
  private readonly bySaga = new Map<string, Deadline>();

  /** `kind` is due for `saga` in `afterUs` (at least 1us), replacing what was due. */
  set(ctx: Ctx, saga: string, afterUs: number, kind: DeadlineKind): void {
    const atUs = ctx.now() + Math.max(1, afterUs);
    const d = this.bySaga.get(saga);
    if (d === undefined) {
      this.bySaga.set(saga, { kind, atUs, timer: ctx.setTimer(atUs - ctx.now(), deadlineTimer(saga)), timerAtUs: atUs });
      return;
    }
    d.kind = kind;
    d.atUs = atUs;
    if (d.timerAtUs <= atUs) return; // the timer fires first and is set again for the rest
    ctx.cancelTimer(d.timer);
    d.timer = ctx.setTimer(atUs - ctx.now(), deadlineTimer(saga));
    d.timerAtUs = atUs;
  }

  /** Nothing is due for `saga` any more (its timer stays, and is dropped when it fires). */
  clear(saga: string): void {
    const d = this.bySaga.get(saga);
    if (d !== undefined) d.kind = null;
  }

  /** `saga` ended: its timer is cancelled. */
  forget(ctx: Ctx, saga: string): void {
    const d = this.bySaga.get(saga);
    if (d === undefined) return;
    ctx.cancelTimer(d.timer);
    this.bySaga.delete(saga);
  }

  /** `saga`'s timer fired: what is due now (then cleared), or null (not yet: set again; or nothing). */
  fired(ctx: Ctx, saga: string, timer: TimerId): DeadlineKind | null {
    const d = this.bySaga.get(saga);
    if (d === undefined || d.timer !== timer) return null;
    if (d.kind === null) {
      this.bySaga.delete(saga);
      return null;
    }
    const nowUs = ctx.now();
    if (nowUs < d.atUs) {
      d.timer = ctx.setTimer(d.atUs - nowUs, deadlineTimer(saga));
      d.timerAtUs = d.atUs;
      return null;
    }
    const kind = d.kind;
    this.bySaga.delete(saga); // a new deadline set while handling this one arms a fresh timer
    return kind;
  }
}
