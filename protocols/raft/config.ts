// Raft's `config:` block: what a scenario may set, with defaults, and the timing figures
// derived from it (the lease length).
import { z } from 'zod';
import { durationRangeUs, durationUs, ppm } from '../../sim/units.js';
import type { Micros } from '../../sim/types.js';

export const READ_MODES = ['readindex', 'lease', 'log'] as const;
export type ReadMode = (typeof READ_MODES)[number];

/** The timing fields every leader-based kv protocol's config has (Raft's, Multi-Paxos's). */
interface LeaderTiming {
  readonly electionTimeout: { readonly minUs: Micros };
  readonly heartbeat: Micros;
  readonly maxDriftPpm: number;
  readonly clientTimeout: Micros;
  readonly clientBackoff: { readonly minUs: Micros };
}

/** The checks those fields need beyond their types: a heartbeat inside the election timeout, a drift bound below 100%. */
export function checkLeaderTiming(config: LeaderTiming, ctx: z.RefinementCtx): void {
  if (config.electionTimeout.minUs <= 0) {
    ctx.addIssue({ code: 'custom', path: ['electionTimeout'], message: 'the election timeout must be > 0' });
  }
  if (config.heartbeat <= 0 || config.heartbeat >= config.electionTimeout.minUs) {
    ctx.addIssue({
      code: 'custom',
      path: ['heartbeat'],
      message: 'the heartbeat must be > 0 and shorter than the minimum election timeout',
    });
  }
  if (config.maxDriftPpm < 0 || config.maxDriftPpm >= 1_000_000) {
    ctx.addIssue({ code: 'custom', path: ['maxDriftPpm'], message: 'the drift bound must be in [0, 1000000) ppm' });
  }
  if (config.clientTimeout <= 0 || config.clientBackoff.minUs <= 0) {
    ctx.addIssue({ code: 'custom', path: ['clientTimeout'], message: 'client timeout and backoff must be > 0' });
  }
}

export const raftConfigSchema = z.strictObject({
  /** A follower that hears no leader for a random time in this range starts an election. */
  electionTimeout: durationRangeUs().prefault('150ms..300ms'),
  /** How often a leader sends heartbeats. */
  heartbeat: durationUs().prefault('50ms'),
  /** Ask for pre-votes before raising the term (dissertation 9.6): a partitioned node can not disrupt. */
  preVote: z.boolean().default(true),
  /** A leader steps down when it has not heard from a quorum for a minimum election timeout. */
  checkQuorum: z.boolean().default(true),
  /** How gets are answered: ReadIndex (default), a leader lease, or through the log. */
  reads: z.enum(READ_MODES).default('readindex'),
  /** The clock drift bound lease reads assume, in ppm (|rate - 1| <= maxDriftPpm / 1e6). */
  maxDriftPpm: ppm().prefault('1000ppm'),
  /** Take a snapshot and compact the log every this many applied entries; 0 never compacts. */
  snapshotEvery: z.number().int().min(0).default(1000),
  /** The most entries one AppendEntries carries. */
  entriesPerAppendMax: z.number().int().min(1).default(64),
  /** Membership changes: a removal that would leave fewer voting members than this is refused. */
  membersMin: z.number().int().min(1).default(1),
  /** Membership changes: a new server that has not caught up as a learner within this long is given up. */
  learnerCatchUp: durationUs().prefault('2s'),
  /** Client: how long one attempt waits for an answer. */
  clientTimeout: durationUs().prefault('100ms'),
  /** Client: backoff between retries, doubling from min to max, jittered. */
  clientBackoff: durationRangeUs().prefault('10ms..200ms'),
}).superRefine(checkLeaderTiming);

export type RaftConfig = z.output<typeof raftConfigSchema>;

/** The defaults, parsed: handy for tests and for code building a config by hand. */
export function defaultRaftConfig(overrides: z.input<typeof raftConfigSchema> = {}): RaftConfig {
  return raftConfigSchema.parse(overrides);
}

/**
 * How long a leader may answer reads from its lease after a heartbeat round it sent at
 * local time t was acknowledged by a quorum: until t + leaseDurationUs, on its own clock.
 *
 * Every acknowledging follower refuses to vote for a minimum election timeout T after it
 * heard from the leader (on its clock). With clock rates within 1 +- rho, T on a fast
 * follower clock lasts at least T / (1 + rho) of true time, while a duration L on a slow
 * leader clock may last up to L / (1 - rho). So L = T * (1 - rho) / (1 + rho) is safe.
 * `ignoreDrift` (the lease-without-drift-bound bug) takes L = T. Multi-Paxos's leases use
 * the same rule (its acceptors refuse other proposers for T after hearing the leader).
 */
export function leaseDurationUs(config: Pick<RaftConfig, 'electionTimeout' | 'maxDriftPpm'>, ignoreDrift: boolean): Micros {
  const minUs = config.electionTimeout.minUs;
  if (ignoreDrift) return minUs;
  const rho = config.maxDriftPpm / 1_000_000;
  return Math.floor((minUs * (1 - rho)) / (1 + rho));
}
