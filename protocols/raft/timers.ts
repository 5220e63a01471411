// Raft's two timers (Multi-Paxos uses them too: any state with these fields will do). The
// election timer is lazy: resetting it only moves a deadline, and when the timer fires
// early (the deadline moved) it re-arms for the rest, so a follower does not cancel and set
// a timer on every heartbeat.
import type { Context, Micros, TimerId } from '../../sim/types.js';
import type { RangeUs } from '../../sim/units.js';

type Ctx = Context;

/** What the timers read and write of a server's state. */
export interface TimerState {
  electionTimerId: TimerId | null;
  electionDeadlineUs: Micros;
  heartbeatTimerId: TimerId | null;
  readonly config: { readonly electionTimeout: RangeUs; readonly heartbeat: Micros };
  /** The fixed-election-timeout bug: every timeout is the minimum. */
  readonly fixedElectionTimeout: boolean;
}

export const ELECTION_TIMER = 'election';
export const HEARTBEAT_TIMER = 'heartbeat';

/** A fresh election timeout: uniform in the configured range (the minimum for the fixed-timeout bug). */
export function electionTimeoutUs(s: TimerState, ctx: Ctx): number {
  const { minUs, maxUs } = s.config.electionTimeout;
  if (s.fixedElectionTimeout) return minUs;
  return minUs + Math.floor(ctx.random() * (maxUs - minUs + 1));
}

export function resetElectionTimer(s: TimerState, ctx: Ctx): void {
  const nowUs = ctx.now();
  s.electionDeadlineUs = nowUs + electionTimeoutUs(s, ctx);
  if (s.electionTimerId === null) s.electionTimerId = ctx.setTimer(s.electionDeadlineUs - nowUs, ELECTION_TIMER);
}

/**
 * The election timer fired: true if the deadline has passed (time to campaign); otherwise
 * it re-arms for the remainder and returns false.
 */
export function electionTimerExpired(s: TimerState, ctx: Ctx): boolean {
  s.electionTimerId = null;
  const remainingUs = s.electionDeadlineUs - ctx.now();
  if (remainingUs > 0) {
    s.electionTimerId = ctx.setTimer(remainingUs, ELECTION_TIMER);
    return false;
  }
  return true;
}

export function stopElectionTimer(s: TimerState, ctx: Ctx): void {
  if (s.electionTimerId !== null) {
    ctx.cancelTimer(s.electionTimerId);
    s.electionTimerId = null;
  }
}

export function startHeartbeatTimer(s: TimerState, ctx: Ctx, afterUs: number = s.config.heartbeat): void {
  s.heartbeatTimerId = ctx.setTimer(afterUs, HEARTBEAT_TIMER);
}

export function stopHeartbeatTimer(s: TimerState, ctx: Ctx): void {
  if (s.heartbeatTimerId !== null) {
    ctx.cancelTimer(s.heartbeatTimerId);
    s.heartbeatTimerId = null;
  }
}
