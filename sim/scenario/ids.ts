// Node ids: generated (`n1..nN`, `c1..cK`) or listed, each unique and never readable as a
// target keyword, a role, a service group or a role target (`one:x`, `every:x`).
import type { NodeId } from '../types.js';
import { FieldError, type PathSegment } from './errors.js';
import type { ScenarioFile } from './file-schema.js';
import { DEFAULT_NODES } from './services.js';
import { compressIds, parseRoleTarget, REST, TARGET_KEYWORDS } from './targets.js';

/** Where a server id came from, for messages: the nodes list, the spares list, or services. */
export function serverIdsPath(raw: ScenarioFile): (i: number) => readonly PathSegment[] {
  if (raw.services !== undefined) return () => ['services'];
  const listed = Array.isArray(raw.nodes) ? raw.nodes.length : null;
  return (i) => {
    if (listed === null) return i < (typeof raw.nodes === 'number' ? raw.nodes : DEFAULT_NODES) ? ['nodes'] : ['spares'];
    if (i < listed) return ['nodes', i];
    return Array.isArray(raw.spares) ? ['spares', i - listed] : ['spares'];
  };
}

export function resolveIds(
  value: number | readonly string[],
  prefix: string,
  path: readonly PathSegment[],
  roles: readonly string[],
  taken: readonly NodeId[],
  groups: readonly string[],
): NodeId[] {
  const explicit = typeof value !== 'number';
  const ids = explicit ? [...value] : Array.from({ length: value }, (_, i) => `${prefix}${i + 1}`);
  return checkIds(ids, (i) => (explicit ? [...path, i] : path), roles, taken, groups);
}

/** Ids must be unique and must not read as a keyword, a role, a group or a role with one:/every:. */
export function checkIds(
  ids: NodeId[],
  pathOf: (i: number) => readonly PathSegment[],
  roles: readonly string[],
  taken: readonly NodeId[],
  groups: readonly string[],
): NodeId[] {
  ids.forEach((id, i) => {
    const at = pathOf(i);
    const quoted = JSON.stringify(id);
    if (ids.indexOf(id) !== i) throw new FieldError(at, `${quoted} is listed twice`);
    if ((TARGET_KEYWORDS as readonly string[]).includes(id) || id === REST) {
      throw new FieldError(at, `${quoted} is a target keyword (${[...TARGET_KEYWORDS, REST].join(', ')}); pick another id`);
    }
    if (roles.includes(id)) throw new FieldError(at, `${quoted} is a role of the protocol; pick another id`);
    if (parseRoleTarget(id).count !== 'default') throw new FieldError(at, `${quoted} reads as a role target (one:<role>, every:<role>); pick another id`);
    if (groups.includes(id)) throw new FieldError(at, `${quoted} is a service group; pick another id`);
    if (taken.includes(id)) {
      throw new FieldError(at, `${quoted} is also a server id (nodes are ${compressIds(taken)}); pick another id`);
    }
  });
  return ids;
}
