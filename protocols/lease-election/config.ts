// Lease election's `config:` block: the lease's timing, the safety margin an instance keeps
// against clock drift, and whether the protected resource checks fencing tokens.
import { z } from 'zod';
import { durationUs } from '../../sim/units.js';

export const leaseConfigSchema = z.strictObject({
  /** How long the database grants the lease for, by its own clock. */
  ttl: durationUs().prefault('2s'),
  /** How often the holder renews (and a non-holder tries to take the lease). */
  renewEvery: durationUs().prefault('500ms'),
  /**
   * The holder stops believing it leads this long before ttl has passed on its own clock
   * (counted from when it sent the request): the drift and delay it tolerates.
   */
  margin: durationUs().prefault('100ms'),
  /** How long a storage request waits for its answer before the op ends info. */
  requestTimeout: durationUs().prefault('200ms'),
  /** The work between reading the resource and writing it back (a read-modify-write). */
  work: durationUs().prefault('10ms'),
  /** The resource refuses a lease epoch lower than the highest it has seen (fencing). */
  fencing: z.boolean().default(true),
});

export type LeaseConfig = z.output<typeof leaseConfigSchema>;
