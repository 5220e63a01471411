// Multi-Paxos's `config:` block: what a scenario may set, with defaults.
import { z } from 'zod';
import { durationRangeUs, durationUs, ppm } from '../../sim/units.js';
import { checkLeaderTiming, READ_MODES } from '../raft/config.js';

export const multiPaxosConfigSchema = z.strictObject({
  /** A server that hears no leader for a random time in this range runs phase 1 (campaigns). */
  electionTimeout: durationRangeUs().prefault('150ms..300ms'),
  /** How often a leader sends heartbeats (with its chosen prefix), and re-sends unanswered accepts. */
  heartbeat: durationUs().prefault('50ms'),
  /**
   * How gets are answered: `readindex` (the leader confirms with a heartbeat round that a
   * quorum still follows its ballot, then answers once every slot it proposed before the
   * read is applied; no slot used), `lease` (the leader answers alone while a round a
   * quorum acked is recent enough: reads.ts), or `log` (a get takes a slot like any command).
   */
  reads: z.enum(READ_MODES).default('readindex'),
  /** The clock drift bound lease reads assume, in ppm (|rate - 1| <= maxDriftPpm / 1e6), as Raft's. */
  maxDriftPpm: ppm().prefault('1000ppm'),
  /** Snapshot the replica and compact the slots below it every this many applied slots; 0 never. */
  snapshotEvery: z.number().int().min(0).default(1000),
  /** The most chosen slots one catch-up message carries to a lagging learner. */
  catchUpSlotsMax: z.number().int().min(1).default(64),
  /** The most unanswered accepts a leader re-sends per heartbeat. */
  resendSlotsMax: z.number().int().min(1).default(64),
  /** Client: how long one attempt waits for an answer. */
  clientTimeout: durationUs().prefault('100ms'),
  /** Client: backoff between retries, doubling from min to max, jittered. */
  clientBackoff: durationRangeUs().prefault('10ms..200ms'),
}).superRefine(checkLeaderTiming);

export type MultiPaxosConfig = z.output<typeof multiPaxosConfigSchema>;

export function defaultMultiPaxosConfig(overrides: z.input<typeof multiPaxosConfigSchema> = {}): MultiPaxosConfig {
  return multiPaxosConfigSchema.parse(overrides);
}
