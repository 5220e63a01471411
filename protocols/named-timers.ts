// One timer per name ("retry", "work", "request", ...): arming a name replaces its timer,
// and a timer that fires counts only if it is still that name's current one (a cancelled
// or replaced timer that was already due is ignored). Redlock's client and lease
// election's instance keep their timers this way.
import type { Context, Message, Micros, TimerId } from '../sim/types.js';

type TimerContext = Pick<Context<Message>, 'setTimer' | 'cancelTimer'>;

/** A name without a current timer. Names are set to it, not deleted: a Map that churns through deletes rehashes (allocates) every few of them. */
const NONE = -1;

export class NamedTimers {
  private readonly ids = new Map<string, TimerId>();

  /** `name` fires after `afterUs` of the local clock, replacing a timer of that name. */
  arm(ctx: TimerContext, name: string, afterUs: Micros): void {
    this.cancel(ctx, name);
    this.ids.set(name, ctx.setTimer(afterUs, name));
  }

  cancel(ctx: TimerContext, name: string): void {
    const id = this.ids.get(name);
    if (id === undefined || id === NONE) return;
    ctx.cancelTimer(id);
    this.ids.set(name, NONE);
  }

  /** A timer fired: true, and forgotten, if it is `name`'s current timer. */
  fired(name: string, id: TimerId): boolean {
    if (this.ids.get(name) !== id) return false; // timer ids start at 1: NONE never fires
    this.ids.set(name, NONE);
    return true;
  }
}
