// zod issues -> one field path and one message. `errorMap` words every issue zod raises
// in the scenario's vocabulary; `firstIssue` picks the issue to report, looking inside
// unions for the branch whose shape the user actually wrote.
import type { z } from 'zod';
import { describeValue, listNames, type PathSegment } from './errors.js';

const TYPE_NAMES: Readonly<Record<string, string>> = {
  object: 'a mapping',
  array: 'a list',
  string: 'a string',
  number: 'a number',
  int: 'an integer',
  boolean: 'true or false',
  null: 'null',
  record: 'a mapping',
  map: 'a mapping',
  set: 'a list',
};

function typeName(expected: string): string {
  return TYPE_NAMES[expected] ?? expected;
}

function formatValue(value: unknown): string {
  return typeof value === 'string' ? value : describeValue(value);
}

function entries(n: number): string {
  return n === 1 ? '1 entry' : `${n} entries`;
}

/** Parse-level error map: used wherever a schema gives no message of its own. */
export const errorMap: z.core.$ZodErrorMap = (issue) => {
  const input = issue.input;
  switch (issue.code) {
    case 'invalid_type':
      if (input === undefined) return 'required';
      return `expected ${typeName(issue.expected)}, got ${describeValue(input)}`;
    case 'too_small': {
      const min = Number(issue.minimum);
      if (issue.origin === 'array' || issue.origin === 'set') {
        return issue.exact ? `expected exactly ${entries(min)}` : `expected at least ${entries(min)}`;
      }
      if (issue.origin === 'string') return min <= 1 ? 'must not be empty' : `expected at least ${min} characters`;
      return issue.inclusive ? `must be at least ${min}` : `must be more than ${min}`;
    }
    case 'too_big': {
      const max = Number(issue.maximum);
      if (issue.origin === 'array' || issue.origin === 'set') {
        return issue.exact ? `expected exactly ${entries(max)}` : `expected at most ${entries(max)}`;
      }
      if (issue.origin === 'string') return `expected at most ${max} characters`;
      return issue.inclusive ? `must be at most ${max}` : `must be less than ${max}`;
    }
    case 'invalid_value': {
      const values = issue.values.map(formatValue);
      if (values.length === 1) return `expected ${values[0]}, got ${describeValue(input)}`;
      return `expected one of ${listNames(values)}, got ${describeValue(input)}`;
    }
    case 'invalid_format':
      return `expected ${issue.format} format, got ${describeValue(input)}`;
    case 'not_multiple_of':
      return `must be a multiple of ${String(issue.divisor)}`;
    case 'unrecognized_keys':
      return 'unknown field'; // firstIssue puts the field itself in the path
    case 'invalid_union': {
      if (input === undefined) return 'required';
      const raw = issue as unknown as { note?: string; discriminator?: string; options?: unknown[] };
      if (raw.discriminator !== undefined && Array.isArray(raw.options)) {
        const options = listNames(raw.options.map(formatValue));
        const value =
          input !== null && typeof input === 'object' ? (input as Record<string, unknown>)[raw.discriminator] : input;
        if (value === undefined) return `required: one of ${options}`;
        return `expected one of ${options}, got ${describeValue(value)}`;
      }
      const expected = new Set<string>();
      for (const branch of issue.errors) {
        const root = branch.find((b) => b.path.length === 0 && b.code === 'invalid_type');
        if (root?.code === 'invalid_type') expected.add(typeName(root.expected));
      }
      if (expected.size === 0) return `unexpected value ${describeValue(input)}`;
      return `expected ${[...expected].join(' or ')}, got ${describeValue(input)}`;
    }
    case 'invalid_key': {
      // Say what a key must look like when the key schema said so (e.g. capture names).
      const inner = issue.issues[0]?.message;
      return inner === undefined ? `invalid key ${describeValue(input)}` : `invalid key ${describeValue(input)}: ${inner}`;
    }
    case 'invalid_element':
      return `invalid entry ${describeValue(input)}`;
    case 'custom':
      return issue.message ?? 'invalid value';
    default:
      return undefined;
  }
};

export interface FoundIssue {
  readonly path: readonly PathSegment[];
  readonly message: string;
}

function segment(key: PropertyKey): PathSegment {
  return typeof key === 'number' ? key : String(key);
}

/** True when a union branch failed because the value is not even of its type. */
function isTypeMismatch(branch: readonly z.core.$ZodIssue[]): boolean {
  return branch.some(
    (issue) =>
      issue.path.length === 0 &&
      // A fraction given for an integer is the right type with the wrong value.
      ((issue.code === 'invalid_type' && !(issue.expected === 'int' && typeof issue.input === 'number')) ||
        (issue.code === 'invalid_union' &&
          issue.errors.length > 0 &&
          issue.errors.every((inner) => isTypeMismatch(inner)))),
  );
}

function expand(issue: z.core.$ZodIssue, prefix: readonly PathSegment[]): FoundIssue {
  const path = [...prefix, ...issue.path.map(segment)];
  if (issue.code === 'invalid_union' && issue.errors.length > 0) {
    const candidates = issue.errors.filter((branch) => branch.length > 0 && !isTypeMismatch(branch));
    if (candidates.length === 1) return expand(candidates[0]![0]!, path);
  }
  if (issue.code === 'unrecognized_keys' && issue.keys.length > 0) {
    return { path: [...path, issue.keys[0]!], message: issue.message };
  }
  return { path, message: issue.message };
}

/** The issue to report (the first), with its full path from the document root. */
export function firstIssue(issues: readonly z.core.$ZodIssue[], prefix: readonly PathSegment[] = []): FoundIssue | null {
  const issue = issues[0];
  return issue === undefined ? null : expand(issue, prefix);
}
