// Single-decree Paxos's `config:` block: what a scenario may set, with defaults.
import { z } from 'zod';
import { durationRangeUs, durationUs } from '../../sim/units.js';

export const paxosConfigSchema = z.strictObject({
  /** A proposer that has not learned the decision this long after starting a ballot tries a higher one. */
  roundTimeout: durationUs().prefault('100ms'),
  /**
   * A preempted (or timed-out) proposer waits a random time in this range before its next
   * ballot, doubled per consecutive failure (up to 8x): duelling proposers drift apart.
   */
  backoff: durationRangeUs().prefault('5ms..50ms'),
  /** Client: how long one attempt waits for the decision before asking another server. */
  clientTimeout: durationUs().prefault('200ms'),
  /** Client: backoff between attempts, doubling from min to max, jittered. */
  clientBackoff: durationRangeUs().prefault('10ms..200ms'),
}).superRefine((config, ctx) => {
  if (config.roundTimeout <= 0) ctx.addIssue({ code: 'custom', path: ['roundTimeout'], message: 'must be > 0' });
  if (config.backoff.minUs <= 0) ctx.addIssue({ code: 'custom', path: ['backoff'], message: 'the backoff must be > 0' });
  if (config.clientTimeout <= 0 || config.clientBackoff.minUs <= 0) {
    ctx.addIssue({ code: 'custom', path: ['clientTimeout'], message: 'client timeout and backoff must be > 0' });
  }
});

export type PaxosConfig = z.output<typeof paxosConfigSchema>;

export function defaultPaxosConfig(overrides: z.input<typeof paxosConfigSchema> = {}): PaxosConfig {
  return paxosConfigSchema.parse(overrides);
}
