// Node ids and fault targets: which names a scenario may use, and the messages that list
// them when a name is unknown.
import { closest, FieldError, listNames, type PathSegment } from './errors.js';

/**
 * Target names that are neither node ids nor roles. `all` and `servers` are every server
 * (spares included); `everyone` is every server and client. `rest` only inside a partition.
 */
export const TARGET_KEYWORDS = ['all', 'servers', 'clients', 'everyone', 'random'] as const;
/** `one:<role>` resolves to one holder (the newest epoch), `every:<role>` to all of them. */
export const ROLE_COUNT_PREFIXES = ['one', 'every'] as const;

export type RoleCount = 'one' | 'every' | 'default';

/** `one:leader` -> {role: leader, count: one}; a bare role has count `default` (the protocol's). */
export function parseRoleTarget(target: string): { readonly role: string; readonly count: RoleCount } {
  const colon = target.indexOf(':');
  if (colon > 0) {
    const prefix = target.slice(0, colon);
    if (prefix === 'one' || prefix === 'every') return { role: target.slice(colon + 1), count: prefix };
  }
  return { role: target, count: 'default' };
}
export const REST = 'rest';
/** Matches any node in network.links. */
export const ANY_NODE = '*';

/** The names fault targets are checked against. */
export interface TargetNames {
  readonly servers: readonly string[];
  readonly clients: readonly string[];
  readonly roles: readonly string[];
  /** Service group names (each resolves to every server of the group). */
  readonly groups: readonly string[];
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
  const groups = names.groups.length > 0 ? `; groups: ${listNames(names.groups)}` : '';
  return `${describeIds(names)}${groups}; roles: ${listNames(names.roles)} (or one:<role>, every:<role>); or ${keywords.join(', ')}`;
}

function isNode(names: TargetNames, id: string): boolean {
  return names.servers.includes(id) || names.clients.includes(id);
}

/** Throws a FieldError unless `target` names a node, a role or a keyword. */
export function checkTarget(target: string, path: readonly PathSegment[], names: TargetNames, allowRest: boolean): void {
  if (isNode(names, target) || names.groups.includes(target)) return;
  if (names.roles.includes(parseRoleTarget(target).role)) return;
  if ((TARGET_KEYWORDS as readonly string[]).includes(target)) return;
  if (target === REST) {
    if (allowRest) return;
    throw new FieldError(
      path,
      'rest only works in partition groups and oneway.to (the servers named nowhere else in the partition)',
    );
  }
  const hint = closest(target, [...names.servers, ...names.clients, ...names.groups, ...names.roles, ...TARGET_KEYWORDS]);
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
