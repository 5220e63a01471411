// The package's main export (`import ... from 'faultline'`): the checker library, and what
// a protocol written outside the package needs (docs/student-protocols.md). Types are the
// node API (sim/types.ts) and the protocol shape (sim/protocol.ts); values are the pieces
// a student should not have to rewrite: zod and the duration helpers for a config schema,
// the key-value client, state machine and wire messages, and Raft's safety invariants.
export * from '../checkers/index.js';

export type {
  Micros,
  NodeId,
  TimerId,
  Message,
  SyncId,
  Disk,
  Context,
  ClientContext,
  NodeView,
  AdminCommand,
  ServerNode,
  ClientNode,
  WorkloadOp,
  ClientOp,
  WorkloadClient,
  WorkloadOutcome,
  OpGenerator,
  OpResult,
} from '../sim/types.js';
export type { Protocol, ProtocolSetup, WorkloadSetup, HistorySpec, ProtocolStats, Epoch } from '../sim/protocol.js';
import type { Protocol } from '../sim/protocol.js';
import type { Message } from '../sim/types.js';

/** Fields a protocol module may leave out: the loader fills in no config, variants, roles or invariants, and 64-byte messages. */
type Defaulted = 'description' | 'configSchema' | 'variants' | 'roles' | 'invariants' | 'messageBytes';

/** What a protocol module exports (docs/student-protocols.md): a Protocol, with the defaulted fields optional. */
export type ProtocolModule<Config = Record<string, never>, M extends Message = Message> = Omit<Protocol<Config, M>, Defaulted> &
  Partial<Pick<Protocol<Config, M>, Defaulted>>;

export { z } from 'zod';
export { durationUs, durationRangeUs, ppm } from '../sim/units.js';

export {
  KV_OPERATIONS,
  commandDigest,
  createKvClient,
  standardKvAdapter,
  KvStateMachine,
  kvMessageBytes,
  outcomeReply,
  redirectReply,
} from './kv/index.js';
export type {
  KvClientOptions,
  KvCommand,
  KvMessage,
  KvOperation,
  KvOutcome,
  KvReply,
  KvRequest,
  KvValue,
} from './kv/index.js';

export { RAFT_INVARIANTS as raftInvariants } from './raft/invariants.js';
export { stateMachineSafety } from './invariant-helpers.js';
