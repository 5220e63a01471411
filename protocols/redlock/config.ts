// Redlock's `config:` block: the lock's timing, the servers' persistence, and whether the
// protected resource checks fencing tokens. Durations in the file read like '10s'.
import { z } from 'zod';
import { durationRangeUs, durationUs } from '../../sim/units.js';

export const PERSISTENCE_MODES = ['none', 'sync', 'periodic'] as const;
export type Persistence = (typeof PERSISTENCE_MODES)[number];

/** How the lock is placed: Redlock's independent servers, or one asynchronously replicated primary with a failover replica. */
export const LOCK_MODES = ['redlock', 'replicated'] as const;

export const redlockConfigSchema = z.strictObject({
  /** The lock's time to live (PX). */
  ttl: durationUs().prefault('2s'),
  /** The clock drift allowance, as a fraction of the TTL (antirez: 0.01), plus a fixed 2ms. */
  driftFactor: z.number().min(0).max(0.5).default(0.01),
  /** How long a client waits for one lock server's reply (short against the TTL). */
  serverTimeout: durationUs().prefault('50ms'),
  /** After a failed attempt: a random delay in this range before the next. */
  retryDelay: durationRangeUs().prefault('50ms..200ms'),
  /** How long a client's storage or counter request waits before it gives up (the op ends info). */
  requestTimeout: durationUs().prefault('200ms'),
  /** The client's work between reading the resource and writing it back (a read-modify-write). */
  work: durationUs().prefault('10ms'),
  /** Do the work in two halves and extend the lock between them (the work may then outlast one TTL). */
  extend: z.boolean().default(false),
  /** Lock servers' persistence: none (a restart forgets), sync (every write), periodic. */
  persistence: z.enum(PERSISTENCE_MODES).default('sync'),
  /** With periodic persistence: how often a server writes its keys to disk. */
  persistEvery: durationUs().prefault('1s'),
  /** The resource refuses a token lower than the highest it has seen (Kleppmann's fencing). */
  fencing: z.boolean().default(true),
  lockMode: z.enum(LOCK_MODES).default('redlock'),
  /** Replicated mode: how long the primary waits before it copies a write to the replica. */
  replicationDelay: durationUs().prefault('100ms'),
});

export type RedlockConfig = z.output<typeof redlockConfigSchema>;

/** The fixed part of the drift allowance (the published algorithm adds 2ms for the clock's resolution). */
export const DRIFT_FIXED_US = 2_000;

/** The validity left after `elapsedUs` of an attempt: TTL - elapsed - drift allowance. */
export function validityUs(config: RedlockConfig, elapsedUs: number): number {
  return config.ttl - elapsedUs - Math.round(config.ttl * config.driftFactor) - DRIFT_FIXED_US;
}

/** The key every client competes for, and the counter's key. */
export const LOCK_KEY = 'lock';
export const FENCE_KEY = 'fence';
