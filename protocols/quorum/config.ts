// The quorum store's `config:` block: replication factor N, write and read quorums W and R
// (a number or a Cassandra consistency level), how versions are kept (last-write-wins
// timestamps or vector clocks), read repair, sloppy quorums with hinted handoff,
// anti-entropy and tombstone purging.
import { z } from 'zod';
import { durationUs } from '../../sim/units.js';

export const LEVELS = ['one', 'quorum', 'all'] as const;
export type ConsistencyLevel = (typeof LEVELS)[number];

const quorumSetting = z
  .union([z.enum(LEVELS), z.number().int().min(1)], { error: 'expected one, quorum, all or a number of replicas >= 1' })
  .meta({ description: 'replicas that must answer: one, quorum (floor(N/2)+1), all, or a number' });

export const VERSIONINGS = ['lww', 'vclock'] as const;
export const READ_REPAIRS = ['blocking', 'background', 'off'] as const;

export const quorumConfigSchema = z
  .strictObject({
    /** N: replicas per key, the first N distinct nodes clockwise from the key on the ring. */
    replicas: z.number().int().min(1).default(3),
    /** W: replica acknowledgements a write waits for. */
    writeQuorum: quorumSetting.default('quorum'),
    /** R: replica answers a read waits for. */
    readQuorum: quorumSetting.default('quorum'),
    /** lww: one version per key, the coordinator's local clock decides; vclock: siblings. */
    versioning: z.enum(VERSIONINGS).default('lww'),
    /** Vector clocks keep at most this many entries (Riak's pruning); 0 keeps all. */
    vclockEntriesMax: z.number().int().min(0).default(0),
    /** blocking: a read waits until a write quorum holds what it returns; background: answer at once, repair after. */
    readRepair: z.enum(READ_REPAIRS).default('blocking'),
    /** Replace unreachable replicas with the next nodes on the ring, which keep hints. */
    sloppyQuorum: z.boolean().default(false),
    /** Virtual nodes (tokens) per server on the ring. */
    vnodes: z.number().int().min(1).max(256).default(8),
    /** Sloppy quorum: a replica that has not answered within this is suspected and replaced (a strict quorum just waits). */
    replicaTimeout: durationUs().prefault('50ms'),
    /** How long a suspected node is skipped by coordinators. */
    suspectFor: durationUs().prefault('1s'),
    /** A coordinator gives up on a request after this (the client retries elsewhere). */
    requestTimeout: durationUs().prefault('300ms'),
    /** How often a fallback tries to hand its hints to the owners. */
    hintDeliveryEvery: durationUs().prefault('200ms'),
    /** Hints are buffered and flushed to disk this often (Cassandra: hints_flush_period 10s). */
    hintFlushEvery: durationUs().prefault('10s'),
    /** Anti-entropy: each node exchanges digests with one peer this often; 0 turns it off. */
    antiEntropyEvery: durationUs().prefault('1s'),
    /** A tombstone may be purged this long after it was written (Cassandra's gc_grace). */
    tombstonePurgeAfter: durationUs().prefault('5s'),
    /** Client: how long one attempt waits for the coordinator. */
    clientTimeout: durationUs().prefault('500ms'),
  })
  .superRefine((config, ctx) => {
    for (const field of ['writeQuorum', 'readQuorum'] as const) {
      const value = config[field];
      if (typeof value === 'number' && value > config.replicas) {
        ctx.addIssue({ code: 'custom', path: [field], message: `must be at most replicas (${config.replicas})` });
      }
    }
    if (config.replicaTimeout <= 0 || config.requestTimeout <= config.replicaTimeout) {
      ctx.addIssue({ code: 'custom', path: ['requestTimeout'], message: 'need 0 < replicaTimeout < requestTimeout' });
    }
    if (config.hintDeliveryEvery <= 0 || config.hintFlushEvery <= 0 || config.clientTimeout <= 0) {
      ctx.addIssue({ code: 'custom', path: ['hintDeliveryEvery'], message: 'intervals and timeouts must be > 0' });
    }
  });

export type QuorumConfig = z.output<typeof quorumConfigSchema>;

/** Replicas a level or number stands for, with N replicas per key. */
export function quorumSize(setting: ConsistencyLevel | number, replicas: number): number {
  switch (setting) {
    case 'one':
      return 1;
    case 'quorum':
      return Math.floor(replicas / 2) + 1;
    case 'all':
      return replicas;
    default:
      return setting;
  }
}
