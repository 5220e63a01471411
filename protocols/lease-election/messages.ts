// Lease election's messages: the lease row's conditional update (take or renew) and its
// answer; the protected resource speaks Redlock's fenced storage messages.
import type { StorageMessage } from '../redlock/messages.js';

/**
 * UPDATE lease SET holder = :me, expires = now + ttl WHERE holder = :me OR expires <= now.
 * `clientNowUs` is the instance's clock, which only the client-clock-expiry bug reads.
 */
export interface LeaseAcquire {
  readonly type: 'lease-acquire';
  readonly request: number;
  readonly clientNowUs: number;
}
export interface LeaseReply {
  readonly type: 'lease-reply';
  readonly request: number;
  /** The lease's epoch when granted (it grows with each new holder), null when refused. */
  readonly epoch: number | null;
}

export type LeaseMessage = LeaseAcquire | LeaseReply | StorageMessage;

const MESSAGE_BYTES = 64;

export function leaseMessageBytes(): number {
  return MESSAGE_BYTES;
}
