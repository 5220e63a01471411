// Everything one quorum node holds, in one place: the ring, its replica store (durable),
// hints it keeps for unreachable owners (volatile until flushed), the nodes it suspects,
// and the requests it coordinates. The concern files (coordinator, replica, hints,
// anti-entropy, tombstones) take this state and a context.
import type { Context, Micros, NodeId, TimerId } from '../../sim/types.js';
import type { KvCommand } from '../kv/commands.js';
import type { QuorumConfig } from './config.js';
import { quorumSize } from './config.js';
import type { QuorumMessage } from './messages.js';
import { Ring } from './ring.js';
import type { QuorumFlags } from './variants.js';
import type { Sibling } from './versions.js';

export type Ctx = Context<QuorumMessage>;

export type Phase = 'read' | 'write' | 'repair';

/** A request this node coordinates. */
export interface Pending {
  readonly rid: number;
  readonly client: NodeId;
  readonly command: KvCommand;
  phase: Phase;
  /** Replicas asked in this phase -> the owner a fallback stands in for (null: itself an owner). */
  readonly targets: Map<NodeId, NodeId | null>;
  /** Owners that answered in this phase (a fallback's answer counts for its owner). */
  readonly answered: Set<NodeId>;
  /** Read phase: versions each replica (by node asked) returned. */
  readonly replies: Map<NodeId, readonly Sibling[]>;
  /** Write and repair phases: the versions being written. */
  written: readonly Sibling[];
  /** Read value to return after a blocking repair. */
  resolved: readonly Sibling[];
  replicaTimer: TimerId | null;
  readonly requestTimer: TimerId;
}

export interface QuorumState {
  readonly config: QuorumConfig;
  readonly flags: QuorumFlags;
  readonly ring: Ring;
  readonly writeQuorum: number;
  readonly readQuorum: number;
  readonly vclock: boolean;
  /** Hints this node keeps as a fallback: owner -> key -> versions. Lost on crash unless flushed. */
  readonly hints: Map<NodeId, Map<string, readonly Sibling[]>>;
  hintsDirty: boolean;
  /** Node -> local time until which coordinators skip it. */
  readonly suspects: Map<NodeId, Micros>;
  readonly pending: Map<number, Pending>;
  /** Timer id -> request id, for replica and request timeouts. */
  readonly timers: Map<TimerId, number>;
  nextRid: number;
  /** The last LWW stamp this coordinator gave: stamps strictly increase, even within one clock tick. */
  lastStampUs: Micros;
  /** Client session -> the last write seq this node coordinated for it (drops duplicated requests). */
  readonly lastWriteSeq: Map<string, number>;
  /** Key -> local time its record became tombstones only (volatile; reset on restart). */
  readonly tombstonedAtUs: Map<string, Micros>;
  /** Key -> replicas that confirmed they hold its tombstone, while a purge is being checked. */
  readonly purgeChecks: Map<string, Set<NodeId>>;
  /**
   * Anti-entropy's view of the store, kept so that a round does not list and filter the
   * disk again: peer -> the stored keys both replicate, with their digest buckets. Cleared
   * whenever a key is stored for the first time or purged (nothing else changes which keys
   * are on disk while the node runs; a restart starts from a fresh state).
   */
  readonly sharedKeys: Map<NodeId, SharedKeys>;
}

/** Keys this node stores that one peer also replicates, sorted, and the digest bucket of each. */
export interface SharedKeys {
  readonly keys: readonly string[];
  readonly buckets: readonly number[];
}

export function createQuorumState(servers: readonly NodeId[], config: QuorumConfig, flags: QuorumFlags): QuorumState {
  const replicas = Math.min(config.replicas, servers.length);
  return {
    config,
    flags,
    ring: new Ring(servers, config.vnodes),
    writeQuorum: Math.min(replicas, quorumSize(config.writeQuorum, config.replicas)),
    readQuorum: Math.min(replicas, quorumSize(config.readQuorum, config.replicas)),
    vclock: config.versioning === 'vclock',
    hints: new Map(),
    hintsDirty: false,
    suspects: new Map(),
    pending: new Map(),
    timers: new Map(),
    nextRid: 1,
    lastStampUs: 0,
    lastWriteSeq: new Map(),
    tombstonedAtUs: new Map(),
    purgeChecks: new Map(),
    sharedKeys: new Map(),
  };
}

/** The replicas of a key (N, capped by the cluster size). */
export function replicasOf(state: QuorumState, key: string): readonly NodeId[] {
  return state.ring.preferenceList(key, state.config.replicas);
}

export function isSuspected(state: QuorumState, ctx: Ctx, node: NodeId): boolean {
  const until = state.suspects.get(node);
  return until !== undefined && until > ctx.now();
}
