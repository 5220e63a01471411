// Captures in a scenario file: `{ at: 3s, capture: { L: leader, F: random-follower } }`.
// The names are collected before any fault is resolved, so later faults may use them as
// targets; a name may not shadow a node, group, role or keyword, may be captured once,
// and may not be used by a fault that fires before its capture.
import { RANDOM_ROLE_PREFIX } from '../captures.js';
import { FieldError, type PathSegment } from './errors.js';
import type { FaultEntry } from './file-schema.js';
import { formatDurationUs } from './fields.js';
import { checkTarget, REST, TARGET_KEYWORDS, type TargetNames } from './targets.js';
import type { FaultAction, FaultSpec } from './types.js';

/** name -> when it is captured. */
export type CaptureTimes = ReadonlyMap<string, number>;

export function collectCaptures(entries: readonly FaultEntry[], names: TargetNames): CaptureTimes {
  const times = new Map<string, number>();
  const taken = [...names.servers, ...names.clients, ...names.groups, ...names.roles, ...TARGET_KEYWORDS, REST];
  entries.forEach((entry, i) => {
    for (const name of Object.keys(entry.capture ?? {})) {
      const path = ['faults', i, 'capture', name];
      if (taken.includes(name)) throw new FieldError(path, `${JSON.stringify(name)} is already a node, group, role or keyword`);
      if (times.has(name)) throw new FieldError(path, `${JSON.stringify(name)} is captured twice`);
      times.set(name, entry.at);
    }
  });
  return times;
}

export function resolveCapture(
  raw: Readonly<Record<string, string>>,
  path: readonly PathSegment[],
  names: TargetNames,
): FaultAction {
  for (const [name, target] of Object.entries(raw)) {
    const at = [...path, name];
    if (target.startsWith(RANDOM_ROLE_PREFIX)) {
      const role = target.slice(RANDOM_ROLE_PREFIX.length);
      if (!names.roles.includes(role)) {
        throw new FieldError(at, `random-<role> needs a role (${names.roles.join(', ')}), got ${JSON.stringify(role)}`);
      }
    } else {
      checkTarget(target, at, { ...names, captures: [] }, false);
    }
  }
  return { kind: 'capture', bindings: { ...raw } };
}

/** A fault naming a capture must fire at or after it (same time: after it in file order). */
export function checkCaptureUse(spec: FaultSpec, index: number, times: CaptureTimes, captureIndex: ReadonlyMap<string, number>): void {
  for (const name of stringsIn(spec.action)) {
    const atUs = times.get(name);
    if (atUs === undefined) continue;
    const before = spec.atUs < atUs || (spec.atUs === atUs && index < captureIndex.get(name)!);
    if (before) {
      throw new FieldError(['faults', index], `uses ${name} before it is captured (at ${formatDurationUs(atUs)})`);
    }
  }
}

function stringsIn(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(stringsIn);
  if (value !== null && typeof value === 'object') return Object.values(value).flatMap(stringsIn);
  return [];
}
