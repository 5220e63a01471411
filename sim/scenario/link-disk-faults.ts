// Link faults, connectivity graphs and disk faults in a scenario file: targets checked at
// load (a typo is exit 2 with the field path), units already converted by the schema.
import type { PathSegment } from './errors.js';
import type { FaultEntry } from './file-schema.js';
import { targetList, type TargetNames } from './targets.js';
import type { ConnectEntry, FaultAction, LinkSpec } from './types.js';

export function resolveLinkFault(raw: NonNullable<FaultEntry['link']>, path: readonly PathSegment[], names: TargetNames): FaultAction {
  const settings: { -readonly [K in keyof LinkSpec]?: LinkSpec[K] } = {};
  if (raw.latency !== undefined) settings.latency = raw.latency;
  if (raw.drop !== undefined) settings.drop = raw.drop;
  if (raw.duplicate !== undefined) settings.duplicate = raw.duplicate;
  if (raw.reorder !== undefined) settings.reorder = raw.reorder;
  if (raw.reorderDelay !== undefined) settings.reorderDelayUs = raw.reorderDelay;
  return {
    kind: 'link',
    from: raw.from === undefined ? null : targetList(raw.from, [...path, 'from'], names),
    to: raw.to === undefined ? null : targetList(raw.to, [...path, 'to'], names),
    settings,
  };
}

export function resolveConnect(raw: NonNullable<FaultEntry['connect']>, path: readonly PathSegment[], names: TargetNames): FaultAction {
  const links = raw.map((entry, i): ConnectEntry => {
    const at = [...path, i];
    if (Array.isArray(entry)) return { group: targetList(entry, at, names) };
    const oneWay = entry as { from: string | string[]; to: string | string[] };
    return { from: targetList(oneWay.from, [...at, 'from'], names), to: targetList(oneWay.to, [...at, 'to'], names) };
  });
  return { kind: 'connect', links };
}

type DiskKey = 'wipe' | 'loseSynced' | 'corrupt';

export function resolveDiskFault(entry: FaultEntry, key: DiskKey, path: readonly PathSegment[], names: TargetNames): FaultAction {
  switch (key) {
    case 'wipe':
      return { kind: 'wipe', targets: targetList(entry.wipe!, path, names) };
    case 'loseSynced':
      return {
        kind: 'lose-synced',
        targets: targetList(entry.loseSynced!.node, [...path, 'node'], names),
        writes: entry.loseSynced!.writes,
      };
    case 'corrupt':
      return { kind: 'corrupt', targets: targetList(entry.corrupt!.node, [...path, 'node'], names), keyPrefix: entry.corrupt!.key };
  }
}
