// Multi-Paxos's bug switches. Each is one flag read at one place in the code, never a copy.
export const MULTI_PAXOS_VARIANTS = {
  'acceptor-amnesia':
    'acceptors keep promises and accepted values only in memory: a restarted acceptor forgets them, and a second value is chosen in a slot',
  'no-slot-recovery':
    'a new leader skips recovery: it does not re-propose the values acceptors report for slots above its chosen prefix, and puts new commands in slots that may already be chosen',
  'no-gap-filling':
    'a new leader re-proposes reported values but leaves slots nobody reported empty instead of filling them with no-ops: every later slot waits forever (no progress)',
  'lease-without-drift-bound':
    "lease reads use a lease of one minimum election timeout, ignoring clock drift (Raft's variant of the same name): fast acceptor clocks let a new leader take over while the old lease holds",
} as const;

export type MultiPaxosVariant = keyof typeof MULTI_PAXOS_VARIANTS;

/** The variant as flags, checked once at node creation. */
export interface MultiPaxosFlags {
  readonly acceptorAmnesia: boolean;
  readonly noSlotRecovery: boolean;
  readonly noGapFilling: boolean;
  readonly leaseWithoutDriftBound: boolean;
}

export function multiPaxosFlags(variant: string | null): MultiPaxosFlags {
  if (variant !== null && !Object.hasOwn(MULTI_PAXOS_VARIANTS, variant)) {
    throw new Error(
      `multi-paxos: unknown variant "${variant}" (known: ${Object.keys(MULTI_PAXOS_VARIANTS).join(', ')})`,
    );
  }
  return {
    acceptorAmnesia: variant === 'acceptor-amnesia',
    noSlotRecovery: variant === 'no-slot-recovery',
    noGapFilling: variant === 'no-gap-filling',
    leaseWithoutDriftBound: variant === 'lease-without-drift-bound',
  };
}
