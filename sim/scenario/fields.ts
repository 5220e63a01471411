// Building blocks of the file schema: unit fields (from sim/units.ts) carrying the
// metadata the JSON Schema needs (a description and a pattern editors can check), and
// strict mappings whose unknown-field error lists the allowed fields.
import { z } from 'zod';
import {
  durationRangeUs,
  durationUs,
  formatDurationUs,
  ppm as ppmSchema,
  probability as probabilitySchema,
  ratePerSecond,
  signedDurationUs,
} from '../units.js';
import { unknownName } from './errors.js';

const NUM = String.raw`\d+(?:\.\d+)?`;
const UNIT = '(?:us|ms|s|m|h)';
const DURATION = String.raw`\s*${NUM}\s*${UNIT}\s*`;

/** Patterns mirroring the parsers in sim/units.ts (JSON Schema applies them to strings only). */
export const PATTERNS = {
  duration: `^${DURATION}$`,
  signedDuration: String.raw`^\s*-?${DURATION}$`,
  durationRange: `^${DURATION}(?:\\.\\.${DURATION})?$`,
  probability: String.raw`^\s*${NUM}\s*%\s*$`,
  rate: String.raw`^\s*${NUM}\s*/\s*${UNIT}\s*$`,
  ppm: String.raw`^\s*-?${NUM}\s*ppm\s*$`,
  nodeId: '^[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}$',
} as const;

/** Longest duration anything may have: virtual time stays an exact integer. */
export const DURATION_US_MAX = Number.MAX_SAFE_INTEGER;

interface DurationOptions {
  /** Zero is not allowed. */
  readonly positive?: boolean;
}

/** A duration (`150ms`, `2s`, `500us`; a unit is required, 0 aside) -> microseconds. */
export function duration(description: string, options: DurationOptions = {}) {
  return durationUs()
    .refine((us) => us <= DURATION_US_MAX, { message: 'duration too large' })
    .refine((us) => !options.positive || us > 0, { message: 'must be more than 0' })
    // A bare number must be 0 (numeric keywords apply to numbers only, pattern to strings).
    .meta({ description, pattern: PATTERNS.duration, maximum: 0, ...(options.positive ? { exclusiveMinimum: 0 } : { minimum: 0 }) });
}

/** A duration that may be negative (`-500ms`), for clock steps and offsets. */
export function signedDuration(description: string) {
  return signedDurationUs()
    .refine((us) => Math.abs(us) <= DURATION_US_MAX, { message: 'duration too large' })
    .meta({ description, pattern: PATTERNS.signedDuration, minimum: 0, maximum: 0 });
}

/** `1s..3s` (or a single duration) -> {minUs, maxUs}. */
export function durationRange(description: string, options: DurationOptions = {}) {
  return durationRangeUs()
    .refine((r) => r.maxUs <= DURATION_US_MAX, { message: 'duration too large' })
    .refine((r) => !options.positive || r.minUs > 0, { message: 'must be more than 0' })
    .meta({ description, pattern: PATTERNS.durationRange, minimum: 0, maximum: 0 });
}

/** `0.5%` or 0.005 -> 0.005. */
export function probability(description: string) {
  return probabilitySchema().meta({ description, pattern: PATTERNS.probability, minimum: 0, maximum: 1 });
}

/** `200/s` (or a bare number per second) -> per second. */
export function rate(description: string) {
  return ratePerSecond()
    .refine((perSecond) => perSecond > 0 && Number.isFinite(perSecond), { message: 'must be more than 0/s' })
    .meta({ description, pattern: PATTERNS.rate, exclusiveMinimum: 0 });
}

const PPM_LIMIT = 1_000_000;

/** `100ppm` or 100 -> 100. */
export function ppm(description: string, options: { readonly signed?: boolean } = {}) {
  return ppmSchema()
    .refine((value) => options.signed || value >= 0, { message: 'must not be negative' })
    // At -1000000ppm a clock would stop; keep both directions inside that.
    .refine((value) => Math.abs(value) < PPM_LIMIT, { message: `must be within +-${PPM_LIMIT - 1}ppm (a clock cannot stop)` })
    .meta({ description, pattern: PATTERNS.ppm });
}

/** An integer in [min, max]. */
export function integer(description: string, min: number, max: number) {
  return z.number().int().min(min).max(max).meta({ description });
}

/** A node id as written in `nodes:` / `clients:` lists. */
export function nodeId(description: string) {
  return z
    .string()
    .regex(new RegExp(PATTERNS.nodeId), {
      message: 'expected a node id: letters, digits and _ . : - (starting with a letter or digit, up to 64)',
    })
    .meta({ description });
}

/** A mapping that rejects unknown fields, naming the field and the allowed ones. */
export function strict<Shape extends z.core.$ZodLooseShape>(shape: Shape, description?: string) {
  const allowed = Object.keys(shape);
  const schema = z.strictObject(shape, {
    error: (issue) =>
      issue.code === 'unrecognized_keys'
        ? unknownName('unknown field', String(issue.keys[0]), allowed)
        : undefined,
  });
  return description === undefined ? schema : schema.meta({ description });
}

export { formatDurationUs };
