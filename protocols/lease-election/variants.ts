// Lease election's bug switches (the discipline of protocols/raft/variants.ts: flags once,
// each flag guards one line). Pauses, drift and `fencing: false` are faults and config.
export const LEASE_VARIANTS = {
  'client-clock-expiry':
    "the row's expiry is written and compared with the requesting instance's clock, not the database's: an instance whose clock runs ahead takes a live lease",
  'validity-from-reply':
    'the holder counts its lease from when the answer arrived, not from when it asked: a delayed answer stretches its belief past the expiry',
} as const;

export type LeaseVariant = keyof typeof LEASE_VARIANTS;

export interface LeaseFlags {
  readonly clientClockExpiry: boolean;
  readonly validityFromReply: boolean;
}

export function leaseFlags(variant: string | null): LeaseFlags {
  return { clientClockExpiry: variant === 'client-clock-expiry', validityFromReply: variant === 'validity-from-reply' };
}
