// Units people write in scenario files and protocol configs, and zod schemas that accept
// them: durations (`150ms`, `2s`, `500us`, `1m`), duration ranges (`150ms..300ms`),
// probabilities (`0.5%` or 0.005), rates (`200/s`) and drift (`100ppm`).
import { z } from 'zod';
import type { Micros } from './types.js';

const DURATION_UNITS_US: Readonly<Record<string, number>> = {
  us: 1,
  ms: 1_000,
  s: 1_000_000,
  m: 60_000_000,
  h: 3_600_000_000,
};

const DURATION_RE = /^\s*(\d+(?:\.\d+)?)\s*(us|ms|s|m|h)\s*$/;

/**
 * `150ms` -> 150000. The one duration syntax of scenario files and the command line alike:
 * a number and a unit (us, ms, s, m, h). A number without a unit is refused (is `5` five
 * seconds or five milliseconds?), except 0, which is the same in every unit. Returns null
 * if unreadable.
 */
export function parseDurationUs(input: string | number): Micros | null {
  if (typeof input === 'number' || /^\s*0+(?:\.0*)?\s*$/.test(input)) return Number(input) === 0 ? 0 : null;
  const match = DURATION_RE.exec(input);
  if (!match) return null;
  return Math.round(Number(match[1]) * DURATION_UNITS_US[match[2]!]!);
}

/** What a duration must look like, for messages (the rule above, in words). */
export const DURATION_EXPECTED = 'a duration with a unit, like 500us, 150ms, 2s or 1m';

/** 150000 -> `150ms`: the largest unit that divides exactly, for messages and reports. */
export function formatDurationUs(us: Micros): string {
  if (us === 0) return '0s';
  const sign = us < 0 ? '-' : '';
  const abs = Math.abs(us);
  if (abs % 1_000_000 === 0) return `${sign}${abs / 1_000_000}s`;
  if (abs % 1_000 === 0) return `${sign}${abs / 1_000}ms`;
  if (abs >= 1_000_000) return `${sign}${(abs / 1_000_000).toFixed(3)}s`;
  if (abs >= 1_000) return `${sign}${(abs / 1_000).toFixed(3)}ms`;
  return `${sign}${abs}us`;
}

/** `0.5%` -> 0.005; a bare number must already be a fraction in [0, 1]. */
export function parseProbability(input: string | number): number | null {
  if (typeof input === 'number') return input >= 0 && input <= 1 ? input : null;
  const match = /^\s*(\d+(?:\.\d+)?)\s*%\s*$/.exec(input);
  if (!match) return null;
  const p = Number(match[1]) / 100;
  return p <= 1 ? p : null;
}

/** `200/s` -> 200 per second; `5/ms` -> 5000. A bare number is per second. */
export function parseRatePerSecond(input: string | number): number | null {
  if (typeof input === 'number') return Number.isFinite(input) && input > 0 ? input : null;
  const match = /^\s*(\d+(?:\.\d+)?)\s*\/\s*(us|ms|s|m|h)\s*$/.exec(input);
  if (!match) return null;
  return (Number(match[1]) * 1_000_000) / DURATION_UNITS_US[match[2]!]!;
}

/** `100ppm` -> 100; a bare number is ppm. Signed values are allowed (`-50ppm`). */
export function parsePpm(input: string | number): number | null {
  if (typeof input === 'number') return Number.isFinite(input) ? input : null;
  const match = /^\s*(-?\d+(?:\.\d+)?)\s*ppm\s*$/.exec(input);
  return match ? Number(match[1]) : null;
}

/** Signed duration for clock steps: `-500ms`. */
export function parseSignedDurationUs(input: string | number): Micros | null {
  if (typeof input === 'string' && input.trim().startsWith('-')) {
    const us = parseDurationUs(input.trim().slice(1));
    return us === null ? null : -us;
  }
  return parseDurationUs(input);
}

function unitSchema<T>(parse: (v: string | number) => T | null, expected: string) {
  return z.union([z.string(), z.number()]).transform((value, ctx) => {
    const parsed = parse(value);
    if (parsed === null) {
      ctx.addIssue({ code: 'custom', message: `expected ${expected}, got ${JSON.stringify(value)}` });
      return z.NEVER;
    }
    return parsed;
  });
}

/** zod: a duration such as `150ms`, `2s`, `500us` (units required, 0 aside) -> microseconds. */
export const durationUs = () => unitSchema(parseDurationUs, DURATION_EXPECTED);
export const signedDurationUs = () => unitSchema(parseSignedDurationUs, `${DURATION_EXPECTED} (or negative: -500ms)`);
export const probability = () => unitSchema(parseProbability, 'a probability like 0.5% or 0.005');
export const ratePerSecond = () => unitSchema(parseRatePerSecond, 'a rate like 200/s');
export const ppm = () => unitSchema(parsePpm, 'a drift like 100ppm');

export interface RangeUs {
  readonly minUs: Micros;
  readonly maxUs: Micros;
}

/** `150ms..300ms` -> {minUs, maxUs}; a single duration is a range of one value. */
export function parseDurationRangeUs(input: string | number): RangeUs | null {
  if (typeof input === 'string' && input.includes('..')) {
    const [lo, hi] = input.split('..');
    const minUs = parseDurationUs(lo!);
    const maxUs = parseDurationUs(hi!);
    if (minUs === null || maxUs === null || maxUs < minUs) return null;
    return { minUs, maxUs };
  }
  const us = parseDurationUs(input);
  return us === null ? null : { minUs: us, maxUs: us };
}

export const durationRangeUs = () =>
  unitSchema(parseDurationRangeUs, 'a duration or a range like 150ms..300ms');
