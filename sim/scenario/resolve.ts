// The second stage of loading: the file, already shaped and with units converted, checked
// against what it refers to (the protocol, its config, variants, operations and roles, the
// node ids) and turned into a Scenario with every default filled in.
import { checkNothingUndoneAtOnce } from './settle.js';
import { resolveNemesis } from './nemesis.js';
import type { AnyProtocol } from '../protocol.js';
import type { NodeId } from '../types.js';
import { FieldError, formatPath, unknownName, type PathSegment } from './errors.js';
import {
  FAULT_ACTIONS,
  type FaultEntry,
  type ScenarioFile,
} from './file-schema.js';
import { KV_GENERATOR } from '../workload.js';
import { formatDurationUs } from './fields.js';
import { errorMap, firstIssue } from './issues.js';
import { checkIds, resolveIds, serverIdsPath } from './ids.js';
import { checkCaptureUse, collectCaptures, resolveCapture } from './captures.js';
import { resolveMessageFault, type FaultContext } from './message-faults.js';
import { resolveConnect, resolveDiskFault, resolveLinkFault } from './link-disk-faults.js';
import { resolveChecks, resolveExpect } from './resolve-checks.js';
import { resolveServers } from './services.js';
import { checkLinkEnd, checkNodeId, REST, targetList, type TargetNames } from './targets.js';
import type {
  ClockSpec,
  FaultAction,
  FaultSpec,
  LatencySpec,
  LinkSpec,
  NetworkSpec,
  PartitionSpec,
  Scenario,
  WorkloadSpec,
} from './types.js';

export { LINEARIZABILITY } from './resolve-checks.js';

/** `scenarios/raft/leader.yaml` -> `leader`. */
export function defaultName(file: string): string {
  const base = file.split(/[\\/]/).pop() ?? file;
  const name = base.replace(/\.(ya?ml|json)$/i, '');
  return name === '' ? 'scenario' : name;
}

export function resolveScenario(
  raw: ScenarioFile,
  file: string,
  protocols: ReadonlyMap<string, AnyProtocol>,
): Scenario {
  const protocol = findProtocol(raw.protocol, protocols);
  const config = resolveConfig(protocol, raw.config ?? {});
  const variant = resolveVariant(protocol, raw.variant ?? null);
  const roles = [...(protocol.roles ?? [])];
  const layout = resolveServers(raw.nodes, raw.spares, raw.services, protocol);
  const groups = layout.services.map((s) => s.name);
  const servers = checkIds(layout.servers, serverIdsPath(raw), roles, [], groups);
  const clients = resolveIds(raw.clients, 'c', ['clients'], roles, servers, groups);
  const names: TargetNames = { servers, clients, roles, groups };
  const durationUs = raw.duration;
  const network = resolveNetwork(raw.network, names);
  const clocks = resolveClocks(raw.clocks, names);
  const workload = resolveWorkload(raw.workload, protocol, clients.length, durationUs);
  const captures = collectCaptures(raw.faults ?? [], names);
  const faultNames = { ...names, captures: [...captures.keys()] };
  const faultContext = { names: faultNames, durationUs, messageTypes: protocol.messageTypes ?? null, protocol: protocol.name };
  const faults = (raw.faults ?? []).map((entry, i) => resolveFault(entry, ['faults', i], faultContext));
  const captureIndex = new Map((raw.faults ?? []).flatMap((entry, i) => Object.keys(entry.capture ?? {}).map((name) => [name, i] as const)));
  faults.forEach((spec, i) => checkCaptureUse(spec, i, captures, captureIndex));
  const nemesis = resolveNemesis(raw.nemesis, durationUs, raw.settle, names);
  checkNothingUndoneAtOnce(faults, nemesis !== null);
  const checks = resolveChecks(raw.checks, protocol);
  const expect = resolveExpect(raw.expect, protocol, checks);
  return {
    file,
    name: raw.name ?? defaultName(file),
    description: raw.description,
    protocol: protocol.name,
    config,
    variant,
    servers,
    spares: layout.spares,
    services: layout.services,
    clients,
    seed: raw.seed,
    durationUs,
    network,
    clocks,
    loseUnsyncedWrites: raw.disk.loseUnsyncedWrites,
    syncLatency: resolveSyncLatency(raw.disk.syncLatency ?? null),
    workload,
    // Stable: faults at the same time fire in file order.
    faults: faults.map((fault, i) => ({ fault, i })).sort((a, b) => a.fault.atUs - b.fault.atUs || a.i - b.i).map((x) => x.fault),
    nemesis,
    settleUs: raw.settle,
    drainUs: raw.drain,
    checks,
    expect,
    limits: {
      eventsMax: raw.limits.events,
      virtualTimeUsMax: raw.limits.virtualTime,
      wallMsMax: Math.ceil(raw.limits.wallTime / 1000),
    },
  };
}

// ---------------------------------------------------------------- protocol

export function findProtocol(name: string, protocols: ReadonlyMap<string, AnyProtocol>): AnyProtocol {
  const protocol = protocols.get(name);
  if (protocol !== undefined) return protocol;
  throw new FieldError(['protocol'], unknownName(`unknown protocol ${JSON.stringify(name)}`, name, [...protocols.keys()], 'known'));
}

interface SchemaDef {
  readonly type?: string;
  readonly shape?: Record<string, unknown>;
  readonly innerType?: { readonly _zod?: { readonly def?: SchemaDef } };
  readonly in?: { readonly _zod?: { readonly def?: SchemaDef } };
  readonly catchall?: unknown;
}

/** The fields of a protocol's config schema when it is a plain (possibly defaulted) object. */
function configFields(schema: unknown): string[] | null {
  let def = (schema as { _zod?: { def?: SchemaDef } } | null)?._zod?.def;
  for (let depth = 0; def !== undefined && depth < 8; depth++) {
    if (def.type === 'object') {
      // Strip (no catchall) and strict (catchall never) objects refuse unknown fields here.
      const catchall = (def.catchall as { _zod?: { def?: SchemaDef } } | undefined)?._zod?.def?.type;
      return def.shape !== undefined && (catchall === undefined || catchall === 'never') ? Object.keys(def.shape) : null;
    }
    def = (def.innerType ?? def.in)?._zod?.def;
  }
  return null;
}

function resolveConfig(protocol: AnyProtocol, raw: Record<string, unknown>): unknown {
  // A protocol's schema may strip unknown fields; a scenario must not ignore a typo.
  const fields = configFields(protocol.configSchema);
  if (fields !== null) {
    const unknown = Object.keys(raw).find((key) => !fields.includes(key));
    if (unknown !== undefined) {
      throw new FieldError(['config', unknown], unknownName(`unknown field for ${protocol.name}`, unknown, fields));
    }
  }
  let result: ReturnType<typeof protocol.configSchema.safeParse>;
  try {
    result = protocol.configSchema.safeParse(raw, { error: errorMap, reportInput: true });
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    throw new FieldError(['config'], `the ${protocol.name} config schema failed: ${why}`);
  }
  if (result.success) return result.data;
  const found = firstIssue(result.error.issues, ['config']);
  throw new FieldError(found?.path ?? ['config'], found?.message ?? 'invalid config');
}

function resolveVariant(protocol: AnyProtocol, variant: string | null): string | null {
  if (variant === null) return null;
  const known = Object.keys(protocol.variants ?? {});
  if (known.includes(variant)) return variant;
  if (known.length === 0) throw new FieldError(['variant'], `${protocol.name} has no variants; use null`);
  throw new FieldError(
    ['variant'],
    unknownName(`unknown variant ${JSON.stringify(variant)} of ${protocol.name}`, variant, known, 'known'),
  );
}

// ---------------------------------------------------------------- network, clocks

function resolveNetwork(raw: ScenarioFile['network'], names: TargetNames): NetworkSpec {
  const links = raw.links.map((link, i) => {
    const path = ['network', 'links', i];
    checkLinkEnd(link.from, [...path, 'from'], names);
    checkLinkEnd(link.to, [...path, 'to'], names);
    const out: { from: NodeId; to: NodeId } & { -readonly [K in keyof LinkSpec]?: LinkSpec[K] } = {
      from: link.from,
      to: link.to,
    };
    if (link.latency !== undefined) out.latency = link.latency;
    if (link.drop !== undefined) out.drop = link.drop;
    if (link.duplicate !== undefined) out.duplicate = link.duplicate;
    if (link.reorder !== undefined) out.reorder = link.reorder;
    if (link.reorderDelay !== undefined) out.reorderDelayUs = link.reorderDelay;
    return out;
  });
  return {
    latency: raw.latency,
    drop: raw.drop,
    duplicate: raw.duplicate,
    reorder: raw.reorder,
    reorderDelayUs: raw.reorderDelay,
    fifo: raw.fifo,
    links,
    partitionDropsInFlight: raw.inFlight === 'drop',
  };
}

function resolveClocks(raw: ScenarioFile['clocks'], names: TargetNames): ClockSpec {
  const nodes: Record<NodeId, { driftPpm?: number; offsetUs?: number }> = {};
  for (const [id, setting] of Object.entries(raw.nodes)) {
    checkNodeId(id, ['clocks', 'nodes', id], names);
    const out: { driftPpm?: number; offsetUs?: number } = {};
    if (setting.drift !== undefined) out.driftPpm = setting.drift;
    if (setting.offset !== undefined) out.offsetUs = setting.offset;
    nodes[id] = out;
  }
  return { driftPpm: raw.drift, offsetUs: raw.offset, nodes };
}

/** A constant 0 is the default: syncs at once, as without the field. */
function resolveSyncLatency(latency: LatencySpec | null): LatencySpec | null {
  return latency !== null && latency.dist === 'constant' && latency.valueUs === 0 ? null : latency;
}

// ---------------------------------------------------------------- workload

function resolveWorkload(
  raw: ScenarioFile['workload'],
  protocol: AnyProtocol,
  clientCount: number,
  durationUs: number,
): WorkloadSpec {
  const operations = [...(protocol.operations ?? [])];
  let mix: Record<string, number>;
  if (raw.mix === undefined) {
    mix = Object.fromEntries(operations.map((op) => [op, 1 / operations.length]));
  } else {
    const entries = Object.entries(raw.mix);
    if (entries.length === 0) throw new FieldError(['workload', 'mix'], 'expected at least one operation');
    for (const [op] of entries) {
      if (!operations.includes(op)) {
        throw new FieldError(
          ['workload', 'mix', op],
          unknownName(`operation ${JSON.stringify(op)} is not supported by ${protocol.name}`, op, operations, 'operations'),
        );
      }
    }
    const total = entries.reduce((sum, [, weight]) => sum + weight, 0);
    if (!(total > 0) || !Number.isFinite(total)) {
      throw new FieldError(['workload', 'mix'], 'the weights must add up to more than 0');
    }
    mix = Object.fromEntries(entries.map(([op, weight]) => [op, weight / total]));
  }
  const concurrency = raw.concurrency ?? clientCount;
  if (concurrency > clientCount) {
    throw new FieldError(['workload', 'concurrency'], `must be at most the number of clients (${clientCount})`);
  }
  if (raw.start >= durationUs) {
    throw new FieldError(['workload', 'start'], `must be before the end of the run (duration ${formatDurationUs(durationUs)})`);
  }
  const stopUs = raw.stop ?? durationUs;
  if (stopUs > durationUs) {
    throw new FieldError(['workload', 'stop'], `must be at most the duration (${formatDurationUs(durationUs)})`);
  }
  if (stopUs <= raw.start) {
    throw new FieldError(['workload', 'stop'], `must be after workload.start (${formatDurationUs(raw.start)})`);
  }
  return {
    generator: resolveGenerator(raw.generator, protocol),
    keys: raw.keys,
    keyDistribution: raw.keyDistribution,
    zipfTheta: raw.zipfTheta,
    mix,
    ratePerSecond: raw.rate ?? null,
    concurrency,
    thinkUs: raw.think,
    timeoutUs: raw.timeout,
    startUs: raw.start,
    stopUs,
  };
}

// ---------------------------------------------------------------- faults

type Group = string | readonly string[];

/** Partition groups: each a list; an explicit node in two groups or two `rest`s is an error. */
function resolveGroups(
  groups: readonly Group[],
  path: readonly PathSegment[],
  names: TargetNames,
  allowRest: boolean,
): string[][] {
  const seen = new Map<string, string>();
  return groups.map((group, g) => {
    const at = [...path, g];
    const list = targetList(group, at, names, allowRest);
    list.forEach((target, t) => {
      const where = typeof group === 'string' ? at : [...at, t];
      const isExplicit = target === REST || names.servers.includes(target) || names.clients.includes(target);
      if (!isExplicit) return;
      const before = seen.get(target);
      if (before !== undefined) {
        throw new FieldError(where, `${JSON.stringify(target)} is already in ${before}`);
      }
      seen.set(target, formatPath(at));
    });
    return list;
  });
}

function resolvePartition(
  raw: NonNullable<FaultEntry['partition']>,
  path: readonly PathSegment[],
  names: TargetNames,
): PartitionSpec {
  if (Array.isArray(raw)) return { shape: 'groups', groups: resolveGroups(raw, path, names, true) };
  const object = raw as Exclude<typeof raw, readonly Group[]>;
  if (object.oneway !== undefined) {
    // `to: rest` = every server not in `from`; `rest` means nothing in `from`.
    const from = targetList(object.oneway.from, [...path, 'oneway', 'from'], names);
    const to = targetList(object.oneway.to, [...path, 'oneway', 'to'], names, true);
    return { shape: 'oneway', from, to };
  }
  const via = object.bridge!;
  targetList(via, [...path, 'bridge'], names);
  if (via === 'all' || via === 'servers' || via === 'clients' || via === 'everyone') {
    throw new FieldError([...path, 'bridge'], `expected one node (a node id, a role or random), got ${via}`);
  }
  if (object.sides === undefined) return { shape: 'bridge', via };
  return { shape: 'bridge', via, sides: resolveGroups(object.sides, [...path, 'sides'], names, false) };
}

function resolveFault(entry: FaultEntry, path: readonly PathSegment[], context: FaultContext): FaultSpec {
  const { names, durationUs } = context;
  if (entry.at >= durationUs) {
    throw new FieldError(
      [...path, 'at'],
      `${formatDurationUs(entry.at)} is not before the end of the run (duration ${formatDurationUs(durationUs)})`,
    );
  }
  const key = FAULT_ACTIONS.find((k) => entry[k] !== undefined)!;
  const at = [...path, key];
  let action: FaultAction;
  switch (key) {
    case 'partition':
      action = { kind: 'partition', partition: resolvePartition(entry.partition!, at, names) };
      break;
    case 'heal':
      action = { kind: 'heal' };
      break;
    case 'clock':
      action = {
        kind: 'clock-step',
        targets: targetList(entry.clock!.node, [...at, 'node'], names),
        stepUs: entry.clock!.step,
      };
      break;
    case 'drift':
      action = {
        kind: 'drift',
        targets: targetList(entry.drift!.node, [...at, 'node'], names),
        driftPpm: entry.drift!.ppm,
      };
      break;
    case 'loss':
      action = { kind: 'loss', drop: entry.loss! };
      break;
    case 'membership': {
      const change = 'add' in entry.membership! ? 'add' : 'remove';
      const target = 'add' in entry.membership! ? entry.membership.add : entry.membership!.remove;
      const [resolved] = targetList(target, [...at, change], names);
      action = { kind: 'membership', change, target: resolved! };
      break;
    }
    case 'crash':
    case 'restart':
    case 'pause':
    case 'resume':
    case 'clog':
    case 'unclog':
      action = { kind: key, targets: targetList(entry[key]!, at, names) };
      break;
    case 'capture':
      action = resolveCapture(entry.capture!, at, names);
      break;
    case 'drop':
    case 'delay':
    case 'duplicate':
    case 'reorder':
      action = resolveMessageFault(entry, key, path, context);
      break;
    case 'link':
      action = resolveLinkFault(entry.link!, at, names);
      break;
    case 'connect':
      action = resolveConnect(entry.connect!, at, names);
      break;
    case 'wipe':
    case 'loseSynced':
    case 'corrupt':
      action = resolveDiskFault(entry, key, at, names);
      break;
  }
  if (entry.for === 'forever') return { atUs: entry.at, action, forUs: null, forever: true };
  return { atUs: entry.at, action, forUs: entry.for ?? null };
}

// ---------------------------------------------------------------- nemesis, checks, expect

/** The scenario's generator; absent: the protocol's `default` generator, else `kv`. */
function resolveGenerator(raw: string | undefined, protocol: AnyProtocol): string {
  const own = Object.keys(protocol.workloads ?? {});
  if (raw === undefined) return own.includes('default') ? 'default' : KV_GENERATOR;
  const known = [KV_GENERATOR, ...own.filter((name) => name !== KV_GENERATOR)];
  if (!known.includes(raw)) {
    throw new FieldError(
      ['workload', 'generator'],
      unknownName(`${protocol.name} has no workload generator ${JSON.stringify(raw)}`, raw, known, 'generators'),
    );
  }
  return raw;
}
