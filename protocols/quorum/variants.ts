// The bug switches. Each is one flag read at one place in the code, never a copy.
// (Stale reads with R + W <= N, sloppy quorums and LWW's lost updates are not bugs but
// settings; their scenarios set config, not a variant.)
export const QUORUM_VARIANTS = {
  'vclock-truncation':
    'vector clocks keep only their 2 most recently incremented entries: a newer version no longer descends from an older one, and false siblings appear',
  'tombstone-purge-early':
    'a tombstone is purged once its grace period has passed, without checking that every replica holds it: a replica that missed the delete brings the value back',
} as const;

export type QuorumVariant = keyof typeof QUORUM_VARIANTS;

/** Entries a vector clock keeps under vclock-truncation. */
export const TRUNCATED_CLOCK_ENTRIES = 2;

export interface QuorumFlags {
  readonly vclockTruncation: boolean;
  readonly tombstonePurgeEarly: boolean;
}

export function quorumFlags(variant: string | null): QuorumFlags {
  if (variant !== null && !Object.hasOwn(QUORUM_VARIANTS, variant)) {
    throw new Error(`quorum: unknown variant "${variant}" (known: ${Object.keys(QUORUM_VARIANTS).join(', ')})`);
  }
  return {
    vclockTruncation: variant === 'vclock-truncation',
    tombstonePurgeEarly: variant === 'tombstone-purge-early',
  };
}
