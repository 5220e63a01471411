// The key-value commands every kv protocol replicates, their outcomes, and cheap size and
// digest estimates. A command carries its session tag (client, seq) so a retried command
// can be recognised and applied exactly once.

/** What a key holds: any JSON scalar. An absent key reads as null. */
export type KvValue = string | number | boolean | null;

/** The operations a kv client understands. */
export const KV_OPERATIONS = ['get', 'put', 'cas', 'append', 'delete'] as const;
export type KvOperation = (typeof KV_OPERATIONS)[number];

export function isKvOperation(f: string): f is KvOperation {
  return f === 'get' || f === 'put' || f === 'cas' || f === 'append' || f === 'delete';
}

/** One client command as it is replicated (a log entry's payload). Immutable once built. */
export interface KvCommand {
  readonly f: KvOperation;
  readonly key: string;
  /** put: the new value; cas: [expected, new]; append: the suffix; get and delete: null. */
  readonly value: unknown;
  /** The client session (a client process incarnation). */
  readonly client: string;
  /** The client's sequence number for this op; retries reuse it. */
  readonly seq: number;
}

/**
 * How a command ended: `ok` (took effect; `value` is what a get read) or `fail`
 * (definitely did not take effect, e.g. a cas whose expected value did not match).
 */
export type KvOutcome =
  | { readonly type: 'ok'; readonly value?: KvValue }
  | { readonly type: 'fail'; readonly error: string };

export const OK: KvOutcome = { type: 'ok' };

/**
 * Where a command keeps its digest once built. Every server applies every command (and the
 * invariants compare the digests), and a command is one object from the client's request
 * to every server's log, so one string per command serves them all. A symbol key: for-in,
 * JSON and the trace hash do not see it, so the command reads as before. Pure memoization.
 */
const DIGEST: unique symbol = Symbol('digest');

/**
 * A short string naming a command, for `apply` events: `put k1 c1.1#4`. Built by `join`,
 * not `+`: a concatenation of 13 characters or more is a rope (V8's cons string), whose
 * characters the trace hash reads about three times slower on every server's `apply`;
 * `join` makes a flat string. Same text either way.
 */
export function commandDigest(command: KvCommand): string {
  const memo = command as KvCommand & { [DIGEST]?: string };
  // (String(): join writes null and undefined as '', where + wrote "null" and "undefined".)
  return (memo[DIGEST] ??= [String(command.f), String(command.key), `${command.client}#${command.seq}`].join(' '));
}

/** Estimated encoded size of a value, in bytes. No JSON.stringify: this runs per message. */
export function valueBytes(value: unknown): number {
  if (value === null || value === undefined) return 1;
  switch (typeof value) {
    case 'string':
      return value.length;
    case 'number':
      return 8;
    case 'boolean':
      return 1;
    default:
      break;
  }
  if (Array.isArray(value)) {
    let total = 2;
    for (const item of value) total += valueBytes(item);
    return total;
  }
  return 16;
}

/** Estimated encoded size of a command: a small header plus key and value. */
export function commandBytes(command: KvCommand): number {
  return 16 + command.key.length + command.client.length + valueBytes(command.value);
}
