// What a protocol folder exports, and what the simulator needs from it. The simulator
// knows protocols only through this interface; protocols/registry.ts lists them.
import type { z } from 'zod';
import type { Invariant } from '../checkers/invariants.js';
import type { ClientNode, Message, NodeId, NodeView, OpGenerator, ServerNode } from './types.js';

/** Config handed to createServer/createClient: the protocol's own fields plus the variant. */
export interface ProtocolSetup<Config> {
  readonly config: Config;
  /** The bug switch in force, or null for the correct implementation. */
  readonly variant: string | null;
  /** All server ids, in order. */
  readonly servers: readonly NodeId[];
}

/** What a protocol's op generator is built from. */
export interface WorkloadSetup<Config> extends ProtocolSetup<Config> {
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
}

/** Extra lines for the run summary, computed from the protocol events of a run. */
export interface ProtocolStats {
  /** Fold one protocol log event (name + fields) at true time `timeUs`. */
  onEvent(node: NodeId, name: string, fields: Readonly<Record<string, unknown>>, timeUs: number): void;
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
  /** Role names its `inspect()` reports, usable as fault targets. */
  readonly roles: readonly string[];
  createServer(id: NodeId, setup: ProtocolSetup<Config>): ServerNode<M>;
  createClient(id: NodeId, setup: ProtocolSetup<Config>): ClientNode<M>;
  readonly invariants: readonly Invariant[];
  /** Estimated wire size of a message, for network statistics. */
  messageBytes(msg: M): number;
  /** Optional per-run summary figures (leader elections, time without a leader, ...). */
  createStats?(setup: ProtocolSetup<Config>): ProtocolStats;
  /** Optional: how a node view reads in reports (`leader t3 log=12 commit=11`). */
  describeView?(view: NodeView): string;
}

/** Erase the type parameters for registries and the runtime. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyProtocol = Protocol<any, any>;
