// How a `corrupt` disk fault changes a stored value: one leaf of it becomes a different
// value of the same type, as a flipped bit would leave it. Numbers are picked first (a
// flipped bit in a number is silent: the value still parses, which is the dangerous case),
// then strings, then booleans; the leaf is picked with the fault stream. The value is
// copied first: what the node holds in memory is never touched, only the disk.
import { pickIndex, type Uniform } from './rng.js';

/** How deep the walk to the leaves goes (values on disk are small records). */
const CORRUPT_DEPTH_MAX = 16;

type Path = readonly (string | number)[];

export function corruptValue(value: unknown, random: Uniform): unknown {
  const copy = structuredClone(value);
  const leaves: Record<'number' | 'string' | 'boolean', Path[]> = { number: [], string: [], boolean: [] };
  collectLeaves(copy, [], leaves);
  const kind = (['number', 'string', 'boolean'] as const).find((k) => leaves[k].length > 0);
  if (kind === undefined) return 0; // nothing but null and empty containers: the bits now read as a number
  const path = leaves[kind][pickIndex(random, leaves[kind].length)]!;
  if (path.length === 0) return flip(copy, random);
  let parent = copy as Record<string | number, unknown>;
  for (const step of path.slice(0, -1)) parent = parent[step] as Record<string | number, unknown>;
  const last = path[path.length - 1]!;
  parent[last] = flip(parent[last], random);
  return copy;
}

function collectLeaves(value: unknown, path: Path, out: Record<'number' | 'string' | 'boolean', Path[]>): void {
  if (typeof value === 'number' || typeof value === 'string' || typeof value === 'boolean') {
    out[typeof value as 'number' | 'string' | 'boolean'].push(path);
    return;
  }
  if (value === null || typeof value !== 'object' || path.length >= CORRUPT_DEPTH_MAX) return;
  if (Array.isArray(value)) value.forEach((item, k) => collectLeaves(item, [...path, k], out));
  else for (const key of Object.keys(value).sort()) collectLeaves((value as Record<string, unknown>)[key], [...path, key], out);
}

function flip(leaf: unknown, random: Uniform): unknown {
  if (typeof leaf === 'number') return flipNumber(leaf, random);
  if (typeof leaf === 'string') return flipChar(leaf, random);
  return !leaf;
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
