// `--set path=value`: edits of the raw document applied before validation, so an override
// is checked exactly like the file. The path is dotted with list indexes (`faults.0.at`,
// also `faults[0].at`); the value is read as YAML (`1%`, `false`, `{get: 50%, put: 50%}`).
import { parseDocument } from 'yaml';
import { describeValue, type PathSegment } from './errors.js';

export interface Override {
  /** The `--set` argument as given. */
  readonly text: string;
  /** The path as written before `=`. */
  readonly pathText: string;
  /** Path segments; digits are list indexes when the container is a list. */
  readonly path: readonly string[];
  readonly value: unknown;
}

/** A bad `--set`: where is `--set <path>`. */
export class OverrideError extends Error {
  constructor(
    readonly where: string,
    readonly detail: string,
  ) {
    super(detail);
  }
}

const FORBIDDEN_KEYS = ['__proto__', 'prototype', 'constructor'];
const PATH_SEGMENTS_MAX = 32;

export function parseOverride(text: string): Override {
  const eq = text.indexOf('=');
  if (eq < 0) throw new OverrideError(`--set ${text}`, 'expected path=value, e.g. network.drop=1%');
  const pathText = text.slice(0, eq).trim();
  const where = `--set ${pathText}`;
  const path = pathText.replace(/\[(\d+)\]/g, '.$1').split('.');
  if (pathText === '' || path.some((segment) => segment === '')) {
    throw new OverrideError(where, 'expected a field path like network.drop or faults.0.at');
  }
  if (path.length > PATH_SEGMENTS_MAX) throw new OverrideError(where, `path longer than ${PATH_SEGMENTS_MAX} fields`);
  const bad = path.find((segment) => FORBIDDEN_KEYS.includes(segment));
  if (bad !== undefined) throw new OverrideError(where, `${bad} is not a field`);
  const doc = parseDocument(text.slice(eq + 1), { logLevel: 'error', prettyErrors: false });
  const problem = doc.errors[0] ?? doc.warnings[0];
  if (problem !== undefined) {
    throw new OverrideError(where, `malformed value: ${problem.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '')}`);
  }
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: 100 });
  } catch (error) {
    throw new OverrideError(where, `malformed value: ${error instanceof Error ? error.message : String(error)}`);
  }
  return { text, pathText, path, value };
}

function isContainer(value: unknown): value is Record<string, unknown> | unknown[] {
  return typeof value === 'object' && value !== null && !(value instanceof Uint8Array);
}

/** Set `override.value` at its path in `root` (mutated), creating mappings and lists on the way. */
export function applyOverride(root: Record<string, unknown>, override: Override): void {
  const where = `--set ${override.pathText}`;
  let container: Record<string, unknown> | unknown[] = root;
  const { path } = override;
  for (let i = 0; i < path.length; i++) {
    const segment = path[i]!;
    const last = i === path.length - 1;
    const shown = path.slice(0, i).join('.') || '(top level)';
    let key: PathSegment = segment;
    if (Array.isArray(container)) {
      if (!/^\d+$/.test(segment)) throw new OverrideError(where, `${shown} is a list; expected an index, got ${segment}`);
      key = Number(segment);
      if (key > container.length) {
        throw new OverrideError(where, `${shown} has ${container.length} entries; no index ${key}`);
      }
    }
    if (last) {
      (container as Record<PathSegment, unknown>)[key] = override.value;
      return;
    }
    let child = Object.hasOwn(container, key) ? (container as Record<PathSegment, unknown>)[key] : undefined;
    if (child === undefined || child === null) {
      child = /^\d+$/.test(path[i + 1]!) ? [] : {};
      (container as Record<PathSegment, unknown>)[key] = child;
    } else if (!isContainer(child)) {
      throw new OverrideError(where, `${path.slice(0, i + 1).join('.')} is ${describeValue(child)}, not a mapping or a list`);
    }
    container = child as Record<string, unknown> | unknown[];
  }
}

/** True when the error at `path` concerns what `override` set (one is a prefix of the other). */
export function overrideTouches(override: Override, path: readonly PathSegment[]): boolean {
  const n = Math.min(override.path.length, path.length);
  if (n === 0) return false;
  for (let i = 0; i < n; i++) if (override.path[i] !== String(path[i])) return false;
  return true;
}
