// What a protocol folder exports, and what the simulator needs from it. The simulator
// knows protocols only through this interface; protocols/registry.ts lists them.
import type { z } from 'zod';
import type { Invariant } from '../checkers/invariants.js';
import type { EventCatalog } from './events.js';
import type { ClientNode, Message, NodeId, NodeView, OpGenerator, ServerNode } from './types.js';

/** Config handed to createServer/createClient: the protocol's own fields plus the variant. */
export interface ProtocolSetup<Config> {
  readonly config: Config;
  /** The bug switch in force, or null for the correct implementation. */
  readonly variant: string | null;
  /** The initial members: every server but the spares, in order. */
  readonly servers: readonly NodeId[];
  /** Every server, spares included, in order. */
  readonly allServers: readonly NodeId[];
  /** The node kind to build (one of Protocol.kinds); `client` for clients. */
  readonly kind: string;
  /** The node's service group, or null (a client, or a scenario without services). */
  readonly group: string | null;
  /** Service groups in declaration order: name -> server ids (spares last). Empty without services. */
  readonly services: Readonly<Record<string, readonly NodeId[]>>;
}

/** What a protocol's op generator is built from (what nodes get, less a node's own kind and group). */
export interface WorkloadSetup<Config> extends Omit<ProtocolSetup<Config>, 'kind' | 'group'> {
  readonly clients: readonly NodeId[];
  /** `workload.keys` and the normalized `workload.mix` of the scenario. */
  readonly keys: number;
  readonly mix: Readonly<Record<string, number>>;
  /** Uniform in [0, 1): the run's `workload` stream, the generator's only randomness. */
  readonly random: () => number;
}

/** A named history a protocol's ops may belong to (WorkloadOp.history), with its model. */
export interface HistorySpec {
  /** A model of checkers/models (`register`, `lock`, `bank`, ...). */
  readonly model: string;
  readonly description?: string;
  /**
   * Checked and shown, never the verdict (as `checks.linearizability: report`, for this
   * history alone): for a model that states more than the protocol promises, such as a lock
   * model over a lease, whose lapses it reports as violations.
   */
  readonly reportOnly?: boolean;
}

/** The kind of every server of a protocol that declares no `kinds`. */
export const DEFAULT_SERVER_KIND = 'server';
export const CLIENT_KIND = 'client';

/** A node's epoch (term, ballot, or a tuple such as (round, node index)), compared in order. */
export type Epoch = number | readonly number[];

/** What a protocol's stats may ask the kernel (read-only; it never changes the run). */
export interface StatsWorld {
  /**
   * Could this server serve now: it is up and not paused, and it can exchange messages
   * with a majority of the initial members (itself included when it is one) that are up
   * and not paused, over links no partition cuts and no clog holds, in both directions.
   * Message loss, link faults and message faults do not count: links that work could serve.
   */
  reachesMajority(node: NodeId): boolean;
}

/** Extra lines for the run summary, computed from the protocol events of a run. */
export interface ProtocolStats {
  /** Fold one protocol log event (name + fields) at true time `timeUs`. */
  onEvent(node: NodeId, name: string, fields: Readonly<Record<string, unknown>>, timeUs: number): void;
  /** Optional: a fault changed the world (links, crashes, pauses); StatsWorld answers differently now. */
  onWorldChange?(timeUs: number): void;
  /** Named figures for the summary and `--json` (`stats.protocol`). */
  result(endUs: number): Record<string, number>;
}

export interface Protocol<Config = unknown, M extends Message = Message> {
  readonly name: string;
  readonly description: string;
  /** zod schema of the `config:` block, with defaults. */
  readonly configSchema: z.ZodType<Config>;
  /** Named bug switches: name -> what it breaks. */
  readonly variants: Readonly<Record<string, string>>;
  /** Checker model for the client history (`kv`, `register`, `mutex`, ...): the `main` history. */
  readonly model: string;
  /**
   * Optional: further histories its ops may name (WorkloadOp.history), each with its
   * model, e.g. `{ resource: { model: 'register' } }` beside the lock ops of `main`.
   */
  readonly histories?: Readonly<Record<string, HistorySpec>>;
  /**
   * Optional: op generators by name (`workload.generator` picks one; one named `default`
   * is used when the scenario names none). Without one, the kernel's key-value generator
   * (`kv`) draws ops from `workload.mix`.
   */
  readonly workloads?: Readonly<Record<string, (setup: WorkloadSetup<Config>) => OpGenerator>>;
  /** Operations its clients understand (workload `mix` keys must be among these). */
  readonly operations: readonly string[];
  /** Role names its `inspect()` reports (servers' and clients'), usable as fault targets. */
  readonly roles: readonly string[];
  /**
   * Roles at most one node should hold at a time (`leader`): as a bare fault target such a
   * role resolves to one holder, the one with the newest epoch. Other roles resolve to
   * every holder. `one:<role>` and `every:<role>` choose explicitly.
   */
  readonly uniqueRoles?: readonly string[];
  /**
   * Node kinds its createServer builds (`coordinator`, `participant`), for scenarios with
   * `services`; the first is the kind of plain `nodes:`. Default [DEFAULT_SERVER_KIND].
   */
  readonly kinds?: readonly string[];
  /** Build a server of `setup.kind`. */
  createServer(id: NodeId, setup: ProtocolSetup<Config>): ServerNode<M>;
  createClient(id: NodeId, setup: ProtocolSetup<Config>): ClientNode<M>;
  readonly invariants: readonly Invariant[];
  /**
   * The events its nodes log (`ctx.log`), with field types (sim/events.ts). When given,
   * `expect.sometimes` must name one of them (or a kernel event); a typo is a load error.
   */
  readonly events?: EventCatalog;
  /** The `type` tags of its messages, for checking names that refer to messages. */
  readonly messageTypes?: readonly string[];
  /** Estimated wire size of a message, for network statistics. */
  messageBytes(msg: M): number;
  /** Optional per-run summary figures (leader elections, time without a leader, ...). */
  createStats?(setup: ProtocolSetup<Config>, world?: StatsWorld): ProtocolStats;
  /**
   * Optional: a node's epoch read from its view (Raft: the term), so the kernel can tell
   * the newest of two nodes claiming a unique role. Without it all epochs compare equal.
   */
  epochOf?(view: NodeView): Epoch;
  /** Human labels of those figures for the terminal (`leaderlessUs` -> `time without a leader`). */
  readonly statLabels?: Readonly<Record<string, string>>;
  /** Optional: how a node view reads in reports (`leader t3 log=12 commit=11`). */
  describeView?(view: NodeView): string;
}

/** The kinds a protocol's servers may have. */
export function serverKinds(protocol: AnyProtocol): readonly string[] {
  return protocol.kinds ?? [DEFAULT_SERVER_KIND];
}

/** Erase the type parameters for registries and the runtime. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyProtocol = Protocol<any, any>;
