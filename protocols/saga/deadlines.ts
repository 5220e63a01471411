// The orchestrator's deadlines: per saga, at most one thing is due (its call timing out,
// its backoff ending, its breaker letting calls through again), on one timer per saga that
// is not re-armed per command. A deadline moved later leaves the timer as it is: the timer
// fires early, sees the deadline is not due yet and is set again for the rest (a saga's
// steps usually all answer within the first call timeout, so most sagas use one timer). A
// deadline moved earlier re-arms it. Volatile, like the timers: lost in a crash. The
// timers are all named `deadline` (the saga is known by the timer's id), so the trace
// has one label for them rather than one per saga.
import type { Context, TimerId } from '../../sim/types.js';
import type { SagaMessage } from './messages.js';

type Ctx = Context<SagaMessage>;

type DeadlineKind = 'timeout' | 'retry' | 'wait';

interface Deadline {
  /** What is due at `atUs` (local time). */
  kind: DeadlineKind;
  atUs: number;
  /** The saga's timer, and when it fires (local time). */
  timer: TimerId;
  timerAtUs: number;
}

const TIMER = 'deadline';

export class Deadlines {
  private readonly bySaga = new Map<string, Deadline>();
  /** Pending timers -> their saga. */
  private readonly sagaOfTimer = new Map<TimerId, string>();

  /** `kind` is due for `saga` in `afterUs` (at least 1us), replacing what was due. */
  set(ctx: Ctx, saga: string, afterUs: number, kind: DeadlineKind): void {
    const atUs = ctx.now() + Math.max(1, afterUs);
    const d = this.bySaga.get(saga);
    if (d === undefined) {
      this.bySaga.set(saga, { kind, atUs, timer: this.arm(ctx, saga, atUs), timerAtUs: atUs });
      return;
    }
    d.kind = kind;
    d.atUs = atUs;
    if (d.timerAtUs <= atUs) return; // the timer fires first and is set again for the rest
    this.cancel(ctx, d.timer);
    d.timer = this.arm(ctx, saga, atUs);
    d.timerAtUs = atUs;
  }

  /** `saga` ended: its timer is cancelled. */
  forget(ctx: Ctx, saga: string): void {
    const d = this.bySaga.get(saga);
    if (d === undefined) return;
    this.cancel(ctx, d.timer);
    this.bySaga.delete(saga);
  }

  /** A deadline timer fired: its saga and what is due for it now (then cleared), or null (not yet: set again). */
  fired(ctx: Ctx, timer: TimerId): { saga: string; kind: DeadlineKind } | null {
    const saga = this.sagaOfTimer.get(timer);
    if (saga === undefined) return null;
    this.sagaOfTimer.delete(timer);
    const d = this.bySaga.get(saga);
    if (d === undefined || d.timer !== timer) throw new Error(`saga deadlines: timer ${timer} of ${saga} is not its saga's timer`);
    const nowUs = ctx.now();
    if (nowUs < d.atUs) {
      d.timer = this.arm(ctx, saga, d.atUs);
      d.timerAtUs = d.atUs;
      return null;
    }
    this.bySaga.delete(saga); // a new deadline set while handling this one arms a fresh timer
    return { saga, kind: d.kind };
  }

  private arm(ctx: Ctx, saga: string, atUs: number): TimerId {
    const timer = ctx.setTimer(atUs - ctx.now(), TIMER);
    this.sagaOfTimer.set(timer, saga);
    return timer;
  }

  private cancel(ctx: Ctx, timer: TimerId): void {
    ctx.cancelTimer(timer);
    this.sagaOfTimer.delete(timer);
  }
}
