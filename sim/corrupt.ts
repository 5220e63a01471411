// How a `corrupt` disk fault changes a stored value: one leaf of it (picked with the fault
// stream) becomes a different value of the same type, as a flipped bit would leave it. The
// value is copied first: what the node holds in memory is never touched, only the disk.
import { pickIndex, type Uniform } from './rng.js';

/** How deep the walk to a leaf may go (values on disk are small records). */
const CORRUPT_DEPTH_MAX = 16;

export function corruptValue(value: unknown, random: Uniform): unknown {
  return changeLeaf(structuredClone(value), random, 0);
}

function changeLeaf(value: unknown, random: Uniform, depth: number): unknown {
  if (typeof value === 'number') return flipNumber(value, random);
  if (typeof value === 'string') return flipChar(value, random);
  if (typeof value === 'boolean') return !value;
  if (value === null || value === undefined || typeof value !== 'object' || depth >= CORRUPT_DEPTH_MAX) return 0;
  if (Array.isArray(value)) {
    if (value.length === 0) return [0];
    const k = pickIndex(random, value.length);
    value[k] = changeLeaf(value[k], random, depth + 1);
    return value;
  }
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record).sort();
  if (keys.length === 0) return 0;
  const key = keys[pickIndex(random, keys.length)]!;
  record[key] = changeLeaf(record[key], random, depth + 1);
  return record;
}

/** An integer gets one of its low 8 bits flipped; any other number is negated and shifted by 1. */
function flipNumber(n: number, random: Uniform): number {
  if (Number.isSafeInteger(n)) {
    const bit = 2 ** pickIndex(random, 8);
    const isSet = ((Math.floor(n / bit) % 2) + 2) % 2 === 1;
    return isSet ? n - bit : n + bit;
  }
  return Number.isFinite(n) ? -n - 1 : 0;
}

/** One character gets its lowest bit flipped (an empty string becomes "?"). */
function flipChar(text: string, random: Uniform): string {
  if (text.length === 0) return '?';
  const k = pickIndex(random, text.length);
  return text.slice(0, k) + String.fromCharCode(text.charCodeAt(k) ^ 1) + text.slice(k + 1);
}
