// The memory budget of a check, counted in entries, never measured: each memo entry,
// interned model state and cached transition is charged a fixed number of bytes, so the
// verdict of a history is the same on every machine (a measured heap would depend on the
// machine, the garbage collector and the Node version).
//
// The byte figures are upper estimates of what each entry costs once its table has grown
// (open-addressing tables at most half full, arrays grown by doubling).

/** One memo entry: its bitset words (4 bytes each), key and state (4 + 4), slot (2 x 4). */
export function memoEntryBytes(bitsetWords: number): number {
  return 4 * bitsetWords + 16;
}

/** One interned model state: the object, its hash-map entry and its array slot. A kv key
 *  or register state is a small object; queues and sets can be larger, hence the margin. */
export const STATE_BYTES = 256;

/** One cached transition in the open-addressing table: three Int32 words, half full. */
export const TRANSITION_BYTES = 24;

/** The default memory budget: 2 GiB, the same on every machine. */
export const MEMORY_BYTES_DEFAULT = 2 * 1024 ** 3;

/** What a check may still spend, shared by every search of the check. */
export interface MemoryBudget {
  /** Bytes left; an entry that would take it below zero ends its search with 'memory'. */
  memoryBytesLeft: number;
}

/** "2GiB", "512MiB", "1.5GB", "800MB", "64KiB", or a bare number of bytes. */
export function parseMemorySize(text: string): number | null {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(b|kb|kib|mb|mib|gb|gib|k|m|g)?\s*$/i.exec(text);
  if (!m) return null;
  const n = Number(m[1]);
  const unit = (m[2] ?? 'b').toLowerCase();
  const scale: Record<string, number> = { b: 1, k: 1024, kib: 1024, kb: 1000, m: 1024 ** 2, mib: 1024 ** 2, mb: 1e6, g: 1024 ** 3, gib: 1024 ** 3, gb: 1e9 };
  return Math.floor(n * (scale[unit] as number));
}

/** 2147483648 -> "2 GiB", 536870912 -> "512 MiB". */
export function formatMemorySize(bytes: number): string {
  for (const [unit, size] of [['GiB', 1024 ** 3], ['MiB', 1024 ** 2], ['KiB', 1024]] as const) {
    if (bytes >= size) return `${Math.round((bytes / size) * 10) / 10} ${unit}`;
  }
  return `${bytes} B`;
}
