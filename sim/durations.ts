// The one duration syntax of scenario files and the command line (`150ms`, `2s`, `500us`,
// `1m`), without zod: `faultline check` parses --timeout with it and loads nothing else
// of the simulator. sim/units.ts wraps it in the scenario schema's zod fields.
import type { Micros } from './types.js';

export const DURATION_UNITS_US: Readonly<Record<string, number>> = {
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

