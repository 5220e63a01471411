// Coordinating a client request (Dynamo, section 4.5): any node may coordinate. A read
// asks the key's N replicas and waits for R answers; a write asks them to store a new
// version and waits for W acknowledgements. Replicas that do not answer in time are
// suspected; under a sloppy quorum the next healthy nodes on the ring stand in for them
// and keep the write as a hint. A request that cannot gather its quorum before
// `requestTimeout` is handed back to the client to retry elsewhere (a redirect with no
// hint): the coordinator never says "failed" about a write that may have landed.
import type { NodeId, TimerId } from '../../sim/types.js';
import type { KvCommand, KvValue } from '../kv/commands.js';
import { redirectReply } from '../kv/messages.js';
import type { QuorumRequest, ReplicaReadReply, ReplicaWriteAck } from './messages.js';
import { finishRead } from './read-repair.js';
import { isSuspected, type Ctx, type Pending, type Phase, type QuorumState } from './state.js';
import { TRUNCATED_CLOCK_ENTRIES } from './variants.js';
import { contextOf, incrementClock, pruneClock, reconcile, visibleValue, type Sibling, type VectorClock } from './versions.js';

export const TIMER_REPLICA = 'replica-timeout';
export const TIMER_REQUEST = 'request-timeout';
const NO_CLOCK: VectorClock = [];
const VCLOCK_COUNTER_KEY = 'vclock-counter';

export function handleClientRequest(state: QuorumState, ctx: Ctx, client: NodeId, msg: QuorumRequest): void {
  const command = msg.command;
  if (command.f !== 'get') {
    // Clients never re-send a write, so a second copy is the network duplicating it: coordinating
    // it again would stamp a second, later version of the same write.
    if ((state.lastWriteSeq.get(command.client) ?? 0) >= command.seq) return;
    state.lastWriteSeq.set(command.client, command.seq);
  }
  switch (command.f) {
    case 'get':
      return begin(state, ctx, client, command, 'read', []);
    case 'put':
    case 'delete':
      return begin(state, ctx, client, command, 'write', [newVersion(state, ctx, command, msg.context)]);
    case 'append':
      // A read-modify-write done by the coordinator: read a quorum, then write the result.
      if (state.vclock) return replyFail(ctx, client, command, 'append needs versioning: lww');
      return begin(state, ctx, client, command, 'read', []);
    default:
      return replyFail(ctx, client, command, `unsupported operation ${command.f}`);
  }
}

/** The version a write creates: stamped by this coordinator's clock, or its clock incremented. */
export function newVersion(state: QuorumState, ctx: Ctx, command: KvCommand, context: VectorClock, value?: KvValue): Sibling {
  // Two writes coordinated in the same microsecond (a queue of requests handled at once)
  // must not share a stamp: equal stamps from one coordinator would leave replicas disagreeing.
  const nowUs = Math.max(ctx.now(), state.lastStampUs + 1);
  state.lastStampUs = nowUs;
  const entriesMax = state.flags.vclockTruncation ? TRUNCATED_CLOCK_ENTRIES : state.config.vclockEntriesMax;
  const clock = state.vclock ? pruneClock(nextClock(state, ctx, context, nowUs), entriesMax) : NO_CLOCK;
  const deleted = command.f === 'delete';
  const written = value ?? (deleted ? null : (command.value as KvValue));
  return { value: written, deleted, stampUs: nowUs, coordinator: ctx.id, clock };
}

/** The context with this coordinator's counter incremented past any it gave before (kept on disk). */
function nextClock(state: QuorumState, ctx: Ctx, context: VectorClock, nowUs: number): VectorClock {
  const given = ctx.disk.get<number>(VCLOCK_COUNTER_KEY) ?? 0;
  const clock = incrementClock(context, ctx.id, nowUs, given);
  ctx.disk.put(VCLOCK_COUNTER_KEY, clock.find((e) => e.node === ctx.id)!.counter);
  ctx.disk.sync();
  return clock;
}

function begin(state: QuorumState, ctx: Ctx, client: NodeId, command: KvCommand, phase: Phase, written: readonly Sibling[]): void {
  const rid = state.nextRid++;
  const requestTimer = ctx.setTimer(state.config.requestTimeout, TIMER_REQUEST);
  state.timers.set(requestTimer, rid);
  const pending: Pending = {
    rid,
    client,
    command,
    phase,
    targets: new Map(),
    answered: new Set(),
    replies: new Map(),
    written,
    resolved: [],
    replicaTimer: null,
    requestTimer,
  };
  state.pending.set(rid, pending);
  startPhase(state, ctx, pending, phase, written);
}

/** Ask the key's replicas (or their stand-ins) for this phase. */
export function startPhase(state: QuorumState, ctx: Ctx, p: Pending, phase: Phase, written: readonly Sibling[]): void {
  p.phase = phase;
  p.written = written;
  p.targets.clear();
  p.answered.clear();
  p.replies.clear();
  const walk = state.ring.walk(p.command.key);
  const replicas = state.config.replicas;
  let fallback = replicas;
  for (let i = 0; i < replicas && i < walk.length; i++) {
    const owner = walk[i]!;
    if (!state.config.sloppyQuorum || !isSuspected(state, ctx, owner)) {
      addTarget(ctx, p, owner, null);
      continue;
    }
    while (fallback < walk.length && isSuspected(state, ctx, walk[fallback]!)) fallback++;
    if (fallback < walk.length) addTarget(ctx, p, walk[fallback++]!, owner);
  }
  // Suspicion only steers a sloppy quorum to stand-ins: a strict one has nothing to do when
  // a replica is slow but wait (the request timeout bounds that), so it sets no timer.
  if (state.config.sloppyQuorum) armReplicaTimer(state, ctx, p);
}

function addTarget(ctx: Ctx, p: Pending, node: NodeId, hintFor: NodeId | null): void {
  p.targets.set(node, hintFor);
  if (hintFor !== null) ctx.log('sloppy-target', { key: p.command.key, node, owner: hintFor });
  if (p.phase === 'read') ctx.send(node, { type: 'q-read', rid: p.rid, key: p.command.key });
  else ctx.send(node, { type: 'q-write', rid: p.rid, key: p.command.key, siblings: p.written, hintFor });
}

function armReplicaTimer(state: QuorumState, ctx: Ctx, p: Pending): void {
  if (p.replicaTimer !== null) {
    ctx.cancelTimer(p.replicaTimer);
    state.timers.delete(p.replicaTimer);
  }
  p.replicaTimer = ctx.setTimer(state.config.replicaTimeout, TIMER_REPLICA);
  state.timers.set(p.replicaTimer, p.rid);
}

/** (Sloppy quorum: the only one that sets this timer.) Replicas that have not answered are suspected and the next nodes asked instead. */
function onReplicaTimeout(state: QuorumState, ctx: Ctx, p: Pending): void {
  p.replicaTimer = null;
  const missing: [NodeId, NodeId][] = [];
  for (const [node, hintFor] of p.targets) {
    const owner = hintFor ?? node;
    if (p.answered.has(owner)) continue;
    state.suspects.set(node, ctx.now() + state.config.suspectFor);
    missing.push([node, owner]);
  }
  const walk = state.ring.walk(p.command.key);
  const spare = walk.slice(state.config.replicas).filter((n) => !p.targets.has(n) && !isSuspected(state, ctx, n));
  for (const [, owner] of missing) if (spare.length > 0) addTarget(ctx, p, spare.shift()!, owner);
  armReplicaTimer(state, ctx, p);
}

export function onCoordinatorTimer(state: QuorumState, ctx: Ctx, name: string, id: TimerId): void {
  const rid = state.timers.get(id);
  if (rid === undefined) return;
  state.timers.delete(id);
  const p = state.pending.get(rid);
  if (p === undefined) return;
  if (name === TIMER_REPLICA) return onReplicaTimeout(state, ctx, p);
  // The quorum did not gather in time: the client retries elsewhere (the write may have landed).
  finish(state, ctx, p);
  ctx.send(p.client, redirectReply(p.command, null));
}

/** Which owner an answer from `node` counts for, or null when `node` was not asked in this phase. */
function answerFrom(state: QuorumState, p: Pending, node: NodeId): NodeId | null {
  const hintFor = p.targets.get(node);
  if (hintFor === undefined) return null;
  state.suspects.delete(node);
  return hintFor ?? node;
}

export function handleReadReply(state: QuorumState, ctx: Ctx, from: NodeId, msg: ReplicaReadReply): void {
  const p = state.pending.get(msg.rid);
  if (p === undefined || p.phase !== 'read') return;
  const owner = answerFrom(state, p, from);
  if (owner === null || p.answered.has(owner)) return;
  p.answered.add(owner);
  p.replies.set(from, msg.siblings);
  if (p.answered.size < state.readQuorum) return;
  let resolved: readonly Sibling[] = [];
  for (const versions of p.replies.values()) resolved = reconcile(resolved, versions, state.vclock);
  if (p.command.f === 'append') {
    const current = resolved.find((s) => !s.deleted)?.value ?? null;
    const appended = String(current ?? '') + String(p.command.value);
    return startPhase(state, ctx, p, 'write', [newVersion(state, ctx, p.command, NO_CLOCK, appended)]);
  }
  finishRead(state, ctx, p, resolved);
}

export function handleWriteAck(state: QuorumState, ctx: Ctx, from: NodeId, msg: ReplicaWriteAck): void {
  const p = state.pending.get(msg.rid);
  if (p === undefined || p.phase === 'read') return;
  const owner = answerFrom(state, p, from);
  if (owner === null) return;
  p.answered.add(owner);
  if (p.answered.size < state.writeQuorum) return;
  const versions = p.phase === 'repair' ? p.resolved : p.written;
  replyOk(state, ctx, p, versions);
}

/** Answer the client and forget the request. */
export function replyOk(state: QuorumState, ctx: Ctx, p: Pending, versions: readonly Sibling[]): void {
  finish(state, ctx, p);
  const command = p.command;
  ctx.send(p.client, {
    type: 'kv-reply',
    client: command.client,
    seq: command.seq,
    outcome: 'ok',
    key: command.key,
    value: command.f === 'get' ? (visibleValue(versions) as KvValue) : undefined,
    // Only vector clocks need the client to send a context back.
    context: state.vclock ? contextOf(versions) : NO_CLOCK,
  });
}

function finish(state: QuorumState, ctx: Ctx, p: Pending): void {
  for (const id of [p.replicaTimer, p.requestTimer]) {
    if (id === null) continue;
    ctx.cancelTimer(id);
    state.timers.delete(id);
  }
  p.replicaTimer = null;
  state.pending.delete(p.rid);
}

function replyFail(ctx: Ctx, client: NodeId, command: KvCommand, error: string): void {
  ctx.send(client, { type: 'kv-reply', client: command.client, seq: command.seq, outcome: 'fail', error });
}
