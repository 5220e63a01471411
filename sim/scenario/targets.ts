// Node ids and fault targets: which names a scenario may use, and the messages that list
// them when a name is unknown.
import { closest, FieldError, listNames, type PathSegment } from './errors.js';

/** Target names that are neither node ids nor roles. `rest` only inside a partition. */
export const TARGET_KEYWORDS = ['all', 'servers', 'clients', 'random'] as const;
export const REST = 'rest';
/** Matches any node in network.links. */
export const ANY_NODE = '*';

/** The names fault targets are checked against. */
export interface TargetNames {
  readonly servers: readonly string[];
  readonly clients: readonly string[];
  readonly roles: readonly string[];
}

/** `n1..n5` when ids are a numbered run from 1, else the ids themselves. */
export function compressIds(ids: readonly string[]): string {
  if (ids.length >= 3) {
    const match = /^(.*?)1$/.exec(ids[0]!);
    if (match && ids.every((id, i) => id === `${match[1]}${i + 1}`)) return `${ids[0]}..${ids[ids.length - 1]}`;
  }
  return listNames(ids);
}

/** `nodes are n1..n5; clients are c1..c3` */
export function describeIds(names: Pick<TargetNames, 'servers' | 'clients'>): string {
  return `nodes are ${compressIds(names.servers)}; clients are ${compressIds(names.clients)}`;
}

function describeTargets(names: TargetNames, allowRest: boolean): string {
  const keywords = allowRest ? [...TARGET_KEYWORDS, REST] : [...TARGET_KEYWORDS];
  return `${describeIds(names)}; roles: ${listNames(names.roles)}; or ${keywords.join(', ')}`;
}

function isNode(names: TargetNames, id: string): boolean {
  return names.servers.includes(id) || names.clients.includes(id);
}

/** Throws a FieldError unless `target` names a node, a role or a keyword. */
export function checkTarget(target: string, path: readonly PathSegment[], names: TargetNames, allowRest: boolean): void {
  if (isNode(names, target) || names.roles.includes(target)) return;
  if ((TARGET_KEYWORDS as readonly string[]).includes(target)) return;
  if (target === REST) {
    if (allowRest) return;
    throw new FieldError(
      path,
      'rest only works in partition groups and oneway.to (the servers named nowhere else in the partition)',
    );
  }
  const hint = closest(target, [...names.servers, ...names.clients, ...names.roles, ...TARGET_KEYWORDS]);
  const did = hint === null ? '' : `did you mean ${hint}? `;
  throw new FieldError(path, `no node ${JSON.stringify(target)} (${did}${describeTargets(names, allowRest)})`);
}

/** A target or a list of targets, checked, as a list. Explicit duplicates are errors. */
export function targetList(
  value: string | readonly string[],
  path: readonly PathSegment[],
  names: TargetNames,
  allowRest = false,
): string[] {
  if (typeof value === 'string') {
    checkTarget(value, path, names, allowRest);
    return [value];
  }
  value.forEach((target, i) => {
    checkTarget(target, [...path, i], names, allowRest);
    if (value.indexOf(target) !== i) throw new FieldError([...path, i], `${JSON.stringify(target)} is listed twice`);
  });
  return [...value];
}

/** A node id (server or client) or `*`, for network.links. */
export function checkLinkEnd(id: string, path: readonly PathSegment[], names: TargetNames): void {
  if (id === ANY_NODE || isNode(names, id)) return;
  const hint = closest(id, [...names.servers, ...names.clients]);
  const did = hint === null ? '' : `did you mean ${hint}? `;
  throw new FieldError(path, `no node ${JSON.stringify(id)} (${did}${describeIds(names)}; or * for any)`);
}

/** A node id (server or client), for clocks.nodes. */
export function checkNodeId(id: string, path: readonly PathSegment[], names: TargetNames): void {
  if (isNode(names, id)) return;
  const hint = closest(id, [...names.servers, ...names.clients]);
  const did = hint === null ? '' : `did you mean ${hint}? `;
  throw new FieldError(path, `no node ${JSON.stringify(id)} (${did}${describeIds(names)})`);
}
