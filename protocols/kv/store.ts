// The key-value data itself: get / put / cas / append / delete over JSON scalars. Pure and
// deterministic; it knows nothing of sessions, logs or nodes.
import { OK, type KvOperation, type KvOutcome, type KvValue } from './commands.js';

export const CAS_MISMATCH = 'cas-mismatch';
export const BAD_ARGUMENT = 'bad-argument';

export function isKvValue(value: unknown): value is KvValue {
  return (
    value === null ||
    typeof value === 'string' ||
    (typeof value === 'number' && Number.isFinite(value)) ||
    typeof value === 'boolean'
  );
}

export class KvStore {
  private readonly data = new Map<string, KvValue>();

  /** The value under `key`, or null when absent. */
  read(key: string): KvValue {
    const value = this.data.get(key);
    return value === undefined ? null : value;
  }

  get size(): number {
    return this.data.size;
  }

  /**
   * Run one operation. put stores a scalar; cas takes [expected, new] and fails definitely
   * when the current value (null if absent) is not `expected`; append stores
   * String(current ?? '') + String(arg); delete removes the key; get returns the value (null if absent).
   */
  execute(f: KvOperation, key: string, value: unknown): KvOutcome {
    switch (f) {
      case 'get':
        return { type: 'ok', value: this.read(key) };
      case 'put':
        if (!isKvValue(value)) return { type: 'fail', error: BAD_ARGUMENT };
        this.data.set(key, value);
        return OK;
      case 'cas': {
        if (!Array.isArray(value) || value.length !== 2 || !isKvValue(value[1])) {
          return { type: 'fail', error: BAD_ARGUMENT };
        }
        if (this.read(key) !== value[0]) return { type: 'fail', error: CAS_MISMATCH };
        this.data.set(key, value[1]);
        return OK;
      }
      case 'delete':
        this.data.delete(key);
        return OK;
      case 'append': {
        const current = this.data.get(key);
        this.data.set(key, String(current ?? '') + String(value));
        return OK;
      }
    }
  }

  /** Entries in insertion order, as a fresh array (for snapshots). */
  entries(): [string, KvValue][] {
    return [...this.data];
  }

  static fromEntries(entries: readonly (readonly [string, KvValue])[]): KvStore {
    const store = new KvStore();
    for (const [key, value] of entries) store.data.set(key, value);
    return store;
  }
}
