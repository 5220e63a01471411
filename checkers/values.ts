// Values as histories carry them (JSON-like: null, booleans, numbers, strings, arrays,
// plain objects): structural equality, a canonical text form, a 32-bit hash, and the
// EDN-like rendering used in explanations ("nil", "[1 4]").

/** Structural equality; numbers by ===, object keys in any order. */
export function valueEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === undefined) return b === null;
  if (b === undefined) return a === null;
  if (a === null || b === null) return false;
  if (typeof a !== 'object' || typeof b !== 'object') return false;
  const aArr = Array.isArray(a);
  if (aArr !== Array.isArray(b)) return false;
  if (aArr) {
    const x = a as unknown[];
    const y = b as unknown[];
    if (x.length !== y.length) return false;
    for (let i = 0; i < x.length; i++) if (!valueEqual(x[i], y[i])) return false;
    return true;
  }
  const x = a as Record<string, unknown>;
  const y = b as Record<string, unknown>;
  const xk = Object.keys(x);
  const yk = Object.keys(y);
  if (xk.length !== yk.length) return false;
  for (const k of xk) {
    if (!Object.prototype.hasOwnProperty.call(y, k)) return false;
    if (!valueEqual(x[k], y[k])) return false;
  }
  return true;
}

/**
 * Texts of strings already quoted: histories repeat a few keys and values thousands of
 * times (the measures and the checker each key every op), and JSON.stringify costs more
 * than a lookup. Pure memoization, bounded: it starts over when full.
 */
const stringKeys = new Map<string, string>();
const STRING_KEYS_MAX = 1 << 14;
/** Longer strings (append values grow without end) are quoted each time, never kept. */
const STRING_KEY_LENGTH_MAX = 32;

function stringKey(s: string): string {
  if (s.length > STRING_KEY_LENGTH_MAX) return JSON.stringify(s);
  let key = stringKeys.get(s);
  if (key === undefined) {
    if (stringKeys.size >= STRING_KEYS_MAX) stringKeys.clear();
    key = JSON.stringify(s);
    stringKeys.set(s, key);
  }
  return key;
}

/** A canonical text for a value: equal values give equal texts (object keys sorted). */
export function canonicalKey(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  switch (typeof v) {
    case 'number':
      return Object.is(v, -0) ? '0' : String(v);
    case 'string':
      return stringKey(v);
    case 'boolean':
      return v ? 'true' : 'false';
    case 'object': {
      if (Array.isArray(v)) {
        let s = '[';
        for (let i = 0; i < v.length; i++) s += (i ? ',' : '') + canonicalKey(v[i]);
        return s + ']';
      }
      const o = v as Record<string, unknown>;
      const keys = Object.keys(o).sort();
      let s = '{';
      for (let i = 0; i < keys.length; i++) {
        const k = keys[i] as string;
        s += (i ? ',' : '') + JSON.stringify(k) + ':' + canonicalKey(o[k]);
      }
      return s + '}';
    }
    default:
      return String(v);
  }
}

/** FNV-1a over a string, 32 bits. */
export function hashString(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h | 0;
}

/** Mix a 32-bit integer (a finaliser in the murmur3 style). */
export function mix32(x: number): number {
  x ^= x >>> 16;
  x = Math.imul(x, 0x85ebca6b);
  x ^= x >>> 13;
  x = Math.imul(x, 0xc2b2ae35);
  x ^= x >>> 16;
  return x | 0;
}

/** A 32-bit hash consistent with valueEqual. */
export function valueHash(v: unknown): number {
  if (v === null || v === undefined) return 0x2545f491;
  if (typeof v === 'number' && Number.isInteger(v) && v >= -0x80000000 && v <= 0x7fffffff) {
    return mix32(v ^ 0x5bd1e995);
  }
  if (typeof v === 'string') return hashString(v); // as canonicalKey's JSON text, without building it
  return hashString(canonicalKey(v));
}

const KEYWORD_NAME = /^[A-Za-z*+!_?<>=.][A-Za-z0-9*+!_?<>=./-]*$/;

/** True when s can be written as an EDN keyword (:s) and read back as s. */
export function isKeywordName(s: string): boolean {
  return KEYWORD_NAME.test(s) && !s.endsWith('/') && !s.includes('//') && s !== 'nil';
}

/** EDN-like display: nil, 3, "abc", [1 4], {k v}. Long values are cut. */
export function formatValue(v: unknown, maxLength = 80): string {
  const s = formatInner(v);
  return s.length > maxLength ? s.slice(0, maxLength - 1) + '…' : s;
}

function formatInner(v: unknown): string {
  if (v === null || v === undefined) return 'nil';
  switch (typeof v) {
    case 'number':
      return Object.is(v, -0) ? '0' : String(v);
    case 'string':
      return JSON.stringify(v);
    case 'boolean':
      return v ? 'true' : 'false';
    case 'object': {
      if (Array.isArray(v)) return '[' + v.map(formatInner).join(' ') + ']';
      const o = v as Record<string, unknown>;
      return '{' + Object.keys(o).map((k) => (isKeywordName(k) ? ':' + k : JSON.stringify(k)) + ' ' + formatInner(o[k])).join(', ') + '}';
    }
    default:
      return String(v);
  }
}

/**
 * A map keyed by value as `canonicalKey` sees values (equal texts, one entry), without a
 * text per lookup for the values histories mostly hold: numbers, strings, booleans and
 * null are their own keys (a Map already equates 0 with -0 and NaN with itself, as the
 * texts do; undefined is null); arrays and objects are keyed by their text, apart, since
 * a string may spell another value's text. Histories hold JSON-like values only.
 */
export class ValueMap<T> {
  private readonly primitives = new Map<unknown, T>();
  private readonly composites = new Map<string, T>();

  get(value: unknown): T | undefined {
    return typeof value === 'object' && value !== null ? this.composites.get(canonicalKey(value)) : this.primitives.get(value ?? null);
  }

  has(value: unknown): boolean {
    return typeof value === 'object' && value !== null ? this.composites.has(canonicalKey(value)) : this.primitives.has(value ?? null);
  }

  set(value: unknown, entry: T): void {
    if (typeof value === 'object' && value !== null) this.composites.set(canonicalKey(value), entry);
    else this.primitives.set(value ?? null, entry);
  }
}
