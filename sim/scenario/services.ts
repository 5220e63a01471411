// The servers of a scenario: either one homogeneous group (`nodes:`, plus `spares:`) or
// named service groups (`services:`), each with its own count, node kind and spares.
// Spares exist and run but are not initial members (for membership changes): the
// protocol is told who they are, and membership is its own state from then on.
import { z } from 'zod';
import { serverKinds, type AnyProtocol } from '../protocol.js';
import type { NodeId } from '../types.js';
import { FieldError, unknownName, type PathSegment } from './errors.js';
import { integer, nodeId, PATTERNS, strict } from './fields.js';
import type { ServiceSpec } from './types.js';

export const NODES_MAX = 1000;
export const DEFAULT_NODES = 3;

const service = strict(
  {
    count: integer('initial members of this group (ids <group>-1..<group>-N)', 1, NODES_MAX).prefault(1),
    kind: z.string().min(1).meta({ description: "the protocol's node kind (default: the group's name, or the protocol's only kind)" }).optional(),
    spares: integer('servers of this group that run but are not initial members (ids continue the numbering)', 0, NODES_MAX).prefault(0),
  },
  'one group of servers',
);

/** `services:` in the file: group name -> settings, in declaration order. */
export const servicesField = z
  .record(
    z.string().regex(new RegExp(PATTERNS.nodeId), { message: 'expected a group name: letters, digits and _ . : -' }),
    service,
  )
  .meta({ description: 'named groups of servers, each with its count and node kind (instead of nodes)' });

/** `spares:` in the file: a count (ids continue n1..nN) or a list of ids. */
export const sparesField = z
  .union([integer('how many spare servers (ids continue after nodes)', 0, NODES_MAX), z.array(nodeId('a spare server id')).max(NODES_MAX)], {
    error: `expected a number of spare servers (0..${NODES_MAX}) or a list of ids`,
  })
  .meta({ description: 'servers that run but are not initial members (with nodes:; services give spares per group)' });

type ServicesField = z.output<typeof servicesField>;
type SparesField = z.output<typeof sparesField>;

export interface ServerLayout {
  /** Every server id, spares included, in order. */
  readonly servers: NodeId[];
  readonly spares: NodeId[];
  readonly services: ServiceSpec[];
}

/** Lay out the servers from `nodes`/`spares` or from `services`. Ids are checked later, with the clients'. */
export function resolveServers(
  nodes: number | readonly string[] | undefined,
  spares: SparesField | undefined,
  services: ServicesField | undefined,
  protocol: AnyProtocol,
): ServerLayout {
  if (services === undefined) return plainServers(nodes ?? DEFAULT_NODES, spares ?? 0);
  if (nodes !== undefined) throw new FieldError(['services'], 'give nodes or services, not both');
  if (spares !== undefined) throw new FieldError(['spares'], 'with services, give spares per group (services.<group>.spares)');
  const names = Object.keys(services);
  if (names.length === 0) throw new FieldError(['services'], 'expected at least one group');
  const layout: ServerLayout = { servers: [], spares: [], services: [] };
  for (const name of names) {
    const group = services[name]!;
    const kind = serviceKind(name, group.kind, protocol, ['services', name, 'kind']);
    const ids = Array.from({ length: group.count + group.spares }, (_, k) => `${name}-${k + 1}`);
    const groupSpares = ids.slice(group.count);
    layout.servers.push(...ids);
    layout.spares.push(...groupSpares);
    layout.services.push({ name, kind, nodes: ids.slice(0, group.count), spares: groupSpares });
  }
  if (layout.servers.length > NODES_MAX) {
    throw new FieldError(['services'], `${layout.servers.length} servers in all; at most ${NODES_MAX}`);
  }
  return layout;
}

function plainServers(nodes: number | readonly string[], spares: SparesField): ServerLayout {
  const members = typeof nodes === 'number' ? Array.from({ length: nodes }, (_, i) => `n${i + 1}`) : [...nodes];
  const spareIds = typeof spares === 'number' ? Array.from({ length: spares }, (_, i) => `n${members.length + i + 1}`) : [...spares];
  const servers = [...members, ...spareIds];
  if (servers.length > NODES_MAX) throw new FieldError(['spares'], `${servers.length} servers in all; at most ${NODES_MAX}`);
  return { servers, spares: spareIds, services: [] };
}

/** The group's kind: as given, else the group's name if it is a kind, else the protocol's only kind. */
function serviceKind(name: string, given: string | undefined, protocol: AnyProtocol, path: readonly PathSegment[]): string {
  const kinds = serverKinds(protocol);
  const kind = given ?? (kinds.includes(name) ? name : kinds.length === 1 ? kinds[0]! : null);
  if (kind === null) {
    throw new FieldError(path.slice(0, -1), `${protocol.name} has several node kinds; say which (kind: ${kinds.join(' | ')})`);
  }
  if (!kinds.includes(kind)) {
    throw new FieldError(path, unknownName(`${protocol.name} has no node kind ${JSON.stringify(kind)}`, kind, kinds, 'kinds'));
  }
  return kind;
}

/** Each server's kind and group, for the world. */
export function placement(
  servers: readonly NodeId[],
  services: readonly ServiceSpec[],
  defaultKind: string,
): Map<NodeId, { readonly kind: string; readonly group: string | null }> {
  const out = new Map<NodeId, { kind: string; group: string | null }>();
  for (const id of servers) out.set(id, { kind: defaultKind, group: null });
  for (const s of services) for (const id of [...s.nodes, ...s.spares]) out.set(id, { kind: s.kind, group: s.name });
  return out;
}
