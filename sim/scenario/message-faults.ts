// Message faults in a scenario file (`drop:`, `delay:`, `duplicate:`, `reorder:`): the
// filter's targets and message type are checked at load, so a typo is exit 2 with the
// field path rather than a fault that silently matches nothing.
import { FieldError, unknownName, type PathSegment } from './errors.js';
import type { FaultEntry, MESSAGE_FAULT_ACTIONS } from './file-schema.js';
import { formatDurationUs } from './fields.js';
import { targetList, type TargetNames } from './targets.js';
import type { FaultAction, MessageEffect, MessageFilter } from './types.js';

/** What resolving a fault needs to know about the scenario and its protocol. */
export interface FaultContext {
  readonly names: TargetNames;
  readonly durationUs: number;
  /** The protocol's declared message types; null when it declares none (types unchecked). */
  readonly messageTypes: readonly string[] | null;
  readonly protocol: string;
}

type MessageKey = (typeof MESSAGE_FAULT_ACTIONS)[number];

export function resolveMessageFault(
  entry: FaultEntry,
  key: MessageKey,
  path: readonly PathSegment[],
  context: FaultContext,
): FaultAction {
  const raw = entry[key]!;
  const at = [...path, key];
  const filter: MessageFilter = {
    from: raw.from === undefined ? null : targetList(raw.from, [...at, 'from'], context.names),
    to: raw.to === undefined ? null : targetList(raw.to, [...at, 'to'], context.names),
    type: raw.type === undefined ? null : checkType(raw.type, [...at, 'type'], context),
    where: raw.where ?? {},
  };
  return { kind: key, effect: resolveEffect(entry, key, path), filter, count: entry.count ?? null };
}

function checkType(type: string, path: readonly PathSegment[], context: FaultContext): string {
  const known = context.messageTypes;
  if (known === null || known.includes(type)) return type;
  throw new FieldError(path, unknownName(`${context.protocol} sends no message type ${JSON.stringify(type)}`, type, known, 'message types'));
}

function resolveEffect(entry: FaultEntry, key: MessageKey, path: readonly PathSegment[]): MessageEffect {
  switch (key) {
    case 'drop':
    case 'duplicate':
      return { kind: key };
    case 'reorder':
      return { kind: 'reorder', withinUs: entry.by! };
    case 'delay':
      if (entry.until !== undefined && entry.until <= entry.at) {
        throw new FieldError(
          [...path, 'until'],
          `${formatDurationUs(entry.until)} is not after the fault's at: ${formatDurationUs(entry.at)}`,
        );
      }
      return { kind: 'delay', byUs: entry.by ?? null, untilUs: entry.until ?? null };
  }
}
