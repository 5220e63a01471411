// Redlock's bug switches: each becomes flags once, each flag guards one line (the
// discipline of protocols/raft/variants.ts). The debate's other cases are faults (pauses,
// clock jumps, restarts) or config (persistence: none, fencing: false, a single-counter
// service group), not code changes.
export const REDLOCK_VARIANTS = {
  'plain-delete': 'release is a plain DEL, not compare-and-delete: a late release deletes the next holder\'s lock',
  'ignore-elapsed': 'validity is TTL minus drift, not minus the time the attempt took: replies consumed late (after a pause) still count',
  'extend-minority': 'an extension that reached any server counts, not only one that reached a majority within the validity',
  'unchecked-tokens': 'the resource takes fencing tokens but never compares them',
  'setnx-then-expire': 'one server, SETNX then EXPIRE in two steps: a client that dies between them leaves a lock that never expires',
} as const;

export type RedlockVariant = keyof typeof REDLOCK_VARIANTS;

export interface RedlockFlags {
  readonly plainDelete: boolean;
  readonly ignoreElapsed: boolean;
  readonly extendMinority: boolean;
  readonly uncheckedTokens: boolean;
  readonly setnxThenExpire: boolean;
}

export function redlockFlags(variant: string | null): RedlockFlags {
  return {
    plainDelete: variant === 'plain-delete',
    ignoreElapsed: variant === 'ignore-elapsed',
    extendMinority: variant === 'extend-minority',
    uncheckedTokens: variant === 'unchecked-tokens',
    setnxThenExpire: variant === 'setnx-then-expire',
  };
}
