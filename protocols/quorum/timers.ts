// The periodic work of a quorum node: hint delivery and flushing, anti-entropy rounds and
// tombstone purging. Each is a named timer that re-arms itself.
import { startAntiEntropy } from './anti-entropy.js';
import { deliverHints, flushHints } from './hints.js';
import type { Ctx, QuorumState } from './state.js';
import { purgeTombstones } from './tombstones.js';

export const TIMER_HINT_DELIVERY = 'hint-delivery';
export const TIMER_HINT_FLUSH = 'hint-flush';
export const TIMER_ANTI_ENTROPY = 'anti-entropy';
export const TIMER_PURGE = 'tombstone-purge';

/** How often tombstones past their grace period are looked at: a quarter of the grace, at most 1s. */
function purgeEveryUs(state: QuorumState): number {
  return Math.max(1, Math.min(1_000_000, Math.floor(state.config.tombstonePurgeAfter / 4)));
}

/** Anti-entropy rounds are jittered (0.5x to 1.5x) so nodes do not all exchange at once. */
function antiEntropyDelayUs(state: QuorumState, ctx: Ctx): number {
  return Math.max(1, Math.round(state.config.antiEntropyEvery * (0.5 + ctx.random())));
}

export function startPeriodicWork(state: QuorumState, ctx: Ctx): void {
  ctx.setTimer(state.config.hintDeliveryEvery, TIMER_HINT_DELIVERY);
  ctx.setTimer(state.config.hintFlushEvery, TIMER_HINT_FLUSH);
  ctx.setTimer(purgeEveryUs(state), TIMER_PURGE);
  if (state.config.antiEntropyEvery > 0) ctx.setTimer(antiEntropyDelayUs(state, ctx), TIMER_ANTI_ENTROPY);
}

/** Run one periodic job; false when `name` is not one of them. */
export function onPeriodicTimer(state: QuorumState, ctx: Ctx, name: string): boolean {
  switch (name) {
    case TIMER_HINT_DELIVERY:
      deliverHints(state, ctx);
      ctx.setTimer(state.config.hintDeliveryEvery, TIMER_HINT_DELIVERY);
      return true;
    case TIMER_HINT_FLUSH:
      flushHints(state, ctx);
      ctx.setTimer(state.config.hintFlushEvery, TIMER_HINT_FLUSH);
      return true;
    case TIMER_ANTI_ENTROPY:
      startAntiEntropy(state, ctx);
      ctx.setTimer(antiEntropyDelayUs(state, ctx), TIMER_ANTI_ENTROPY);
      return true;
    case TIMER_PURGE:
      purgeTombstones(state, ctx);
      ctx.setTimer(purgeEveryUs(state), TIMER_PURGE);
      return true;
    default:
      return false;
  }
}
