// The reductions `faultline shrink` tries, each on a scenario document (plain data): drop
// faults (delta debugging over the fault list), shorten them, narrow partitions, and cut
// clients, keys, the op rate and the duration. A step proposes candidates; the caller runs
// each and keeps the first that still fails the same check.
import { exactDuration } from '../sim/scenario/fault-entries.js';
import { parseDurationUs, parseRatePerSecond } from '../sim/units.js';

export type Doc = Record<string, unknown>;
/** Runs a candidate; true when it still fails the same check (false also once the budget is spent). */
export type StillFails = (doc: Doc) => boolean;

export function faultsOf(doc: Doc): unknown[] {
  return Array.isArray(doc['faults']) ? (doc['faults'] as unknown[]) : [];
}

const withFaults = (doc: Doc, faults: readonly unknown[]): Doc => ({ ...doc, faults: [...faults] });

/**
 * Nothing after the failure can have caused it: drop the faults that start later and end
 * the run just after it (one run; only when the failure has a time, as invariants do).
 */
export function cutAfter(failedAt: () => number | null): (doc: Doc, stillFails: StillFails) => Doc {
  return (doc, stillFails) => {
    const failedAtUs = failedAt();
    if (failedAtUs === null) return doc;
    const earlier = faultsOf(doc).filter((f) => (parseDurationUs(String((f as Record<string, unknown>)['at'])) ?? 0) <= failedAtUs);
    const durationUs = parseDurationUs(String(doc['duration'] ?? '10s'));
    const endUs = Math.ceil((failedAtUs + 1) / 1_000) * 1_000 + 1_000;
    const candidate = { ...withFaults(doc, earlier), ...(durationUs !== null && endUs < durationUs ? { duration: exactDuration(endUs) } : {}) };
    if (earlier.length === faultsOf(doc).length && candidate['duration'] === doc['duration']) return doc;
    return stillFails(candidate) ? candidate : doc;
  };
}

/** Delta debugging (ddmin, complements only) over the fault list; tries no faults at all first. */
export function dropFaults(doc: Doc, stillFails: StillFails): Doc {
  let faults = faultsOf(doc);
  if (faults.length === 0) return doc;
  if (stillFails(withFaults(doc, []))) return withFaults(doc, []);
  let parts = 2;
  while (faults.length >= 2) {
    const chunk = Math.ceil(faults.length / parts);
    let reduced = false;
    for (let start = 0; start < faults.length; start += chunk) {
      const rest = [...faults.slice(0, start), ...faults.slice(start + chunk)];
      if (stillFails(withFaults(doc, rest))) {
        faults = rest;
        parts = Math.max(parts - 1, 2);
        reduced = true;
        break;
      }
    }
    if (!reduced) {
      if (parts >= faults.length) break;
      parts = Math.min(parts * 2, faults.length);
    }
  }
  return withFaults(doc, faults);
}

/** Halve each fault's `for:` while the run still fails (down to 1ms). */
export function shortenFaults(doc: Doc, stillFails: StillFails): Doc {
  let current = doc;
  faultsOf(doc).forEach((_, i) => {
    for (;;) {
      const entry = faultsOf(current)[i] as Record<string, unknown>;
      const forUs = typeof entry['for'] === 'string' ? parseDurationUs(entry['for']) : null;
      if (forUs === null || forUs < 2_000) return;
      const shorter = { ...entry, for: exactDuration(Math.round(forUs / 2_000) * 1_000) };
      const candidate = withFaults(current, faultsOf(current).map((f, k) => (k === i ? shorter : f)));
      if (!stillFails(candidate)) return;
      current = candidate;
    }
  });
  return current;
}

/** Take single nodes out of partition groups (`[[n1, n2], rest]` -> `[[n1], rest]`). */
export function narrowPartitions(doc: Doc, stillFails: StillFails): Doc {
  let current = doc;
  faultsOf(doc).forEach((_, i) => {
    let tried = 0;
    while (tried < 64) {
      const entry = faultsOf(current)[i] as Record<string, unknown>;
      const candidate = narrower(entry, tried++);
      if (candidate === undefined) return;
      if (candidate === null) continue;
      const next = withFaults(current, faultsOf(current).map((f, k) => (k === i ? candidate : f)));
      if (stillFails(next)) {
        current = next;
        tried = 0;
      }
    }
  });
  return current;
}

/** The partition entry with its n-th removable node taken out; null: not removable; undefined: no n-th. */
function narrower(entry: Record<string, unknown>, n: number): Record<string, unknown> | null | undefined {
  const groups = entry['partition'];
  if (!Array.isArray(groups)) return undefined;
  const slots = groups.flatMap((g, gi) => (Array.isArray(g) && g.length > 1 ? g.map((_, ti) => [gi, ti] as const) : []));
  const slot = slots[n];
  if (slot === undefined) return undefined;
  const [gi, ti] = slot;
  if ((groups[gi] as unknown[])[ti] === 'rest') return null;
  const next = groups.map((g, k) => (k === gi ? (g as unknown[]).filter((_, t) => t !== ti) : g));
  return { ...entry, partition: next };
}

/** Fewer clients: halve, then one at a time (a count only; a list of ids is left alone). */
export function cutClients(doc: Doc, stillFails: StillFails): Doc {
  return cutCount(doc, stillFails, (d) => (typeof d['clients'] === 'number' ? d['clients'] : d['clients'] === undefined ? 3 : null), (d, n) => ({ ...d, clients: n }));
}

export function cutKeys(doc: Doc, stillFails: StillFails): Doc {
  const workload = (d: Doc) => (d['workload'] ?? {}) as Record<string, unknown>;
  return cutCount(
    doc,
    stillFails,
    (d) => (typeof workload(d)['keys'] === 'number' ? (workload(d)['keys'] as number) : null),
    (d, n) => ({ ...d, workload: { ...workload(d), keys: n } }),
  );
}

function cutCount(doc: Doc, stillFails: StillFails, get: (d: Doc) => number | null, set: (d: Doc, n: number) => Doc): Doc {
  let current = doc;
  for (;;) {
    const n = get(current);
    if (n === null || n <= 1) return current;
    const half = Math.max(1, Math.floor(n / 2));
    if (half < n - 1 && stillFails(set(current, half))) current = set(current, half);
    else if (stillFails(set(current, n - 1))) current = set(current, n - 1);
    else return current;
  }
}

/** Fewer ops: halve an open-loop rate (down to 1/s). */
export function cutRate(doc: Doc, stillFails: StillFails): Doc {
  let current = doc;
  for (;;) {
    const workload = (current['workload'] ?? {}) as Record<string, unknown>;
    const raw = workload['rate'];
    const perSecond = typeof raw === 'string' || typeof raw === 'number' ? parseRatePerSecond(raw) : null;
    if (perSecond === null || perSecond < 2) return current;
    const candidate = { ...current, workload: { ...workload, rate: `${Math.floor(perSecond / 2)}/s` } };
    if (!stillFails(candidate)) return current;
    current = candidate;
  }
}

/** A shorter run: bisect the duration down toward just after the last fault starts. */
export function cutDuration(doc: Doc, stillFails: StillFails): Doc {
  let current = doc;
  const floorUs = Math.max(1_000, ...faultsOf(doc).map((f) => (parseDurationUs(String((f as Record<string, unknown>)['at'])) ?? 0) + 1_000));
  for (let tries = 0; tries < 12; tries++) {
    const durationUs = parseDurationUs(String(current['duration'] ?? '10s'));
    if (durationUs === null || durationUs - floorUs < 100_000) return current;
    const candidate = { ...current, duration: exactDuration(Math.round((durationUs + floorUs) / 2_000) * 1_000) };
    if (!stillFails(candidate)) return current;
    current = candidate;
  }
  return current;
}
