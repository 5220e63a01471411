// Linearizable reads without a log entry (dissertation 6.4).
// ReadIndex: once the leader has committed an entry of its own term, a read takes the
// commit index as its read index, waits for a heartbeat round started after it arrived to
// be acked by a quorum (so this node was still leader), then for the apply point to reach
// the read index, and answers from the state machine.
// Lease (`reads: lease`): while the lease holds (see config.ts: leaseDurationUs) the round
// is skipped. The stale-leader-read bug answers at once, whatever the leader knows.
import type { Context, NodeId } from '../../sim/types.js';
import type { KvCommand } from '../kv/commands.js';
import { outcomeReply } from '../kv/messages.js';
import { logRaft } from './events.js';
import type { RaftMessage } from './messages.js';
import { leaseValid, startRound } from './rounds.js';
import type { PendingRead, RaftState } from './state.js';

type Ctx = Context<RaftMessage>;

/** A get at the leader (with reads: readindex or lease). */
export function handleRead(s: RaftState, ctx: Ctx, from: NodeId, command: KvCommand): void {
  if (s.role !== 'leader') throw new Error(`raft ${s.id}: handleRead as ${s.role}`);
  if (s.flags.staleLeaderRead) {
    answer(s, ctx, from, command);
    return;
  }
  const read: PendingRead = { from, command, readIndex: 0, round: 0 };
  if (!committedInTerm(s)) {
    s.readsAwaitingTermCommit.push(read);
    return;
  }
  if (s.config.reads === 'lease' && leaseValid(s, ctx.now())) {
    logLeaseRead(s, ctx, 1);
    answer(s, ctx, from, command);
    return;
  }
  read.readIndex = s.commitIndex;
  read.round = startRound(s, ctx);
  s.reads.push(read);
  serveReads(s, ctx);
}

/** Answer every read whose round a quorum acked and whose read index is applied. */
export function serveReads(s: RaftState, ctx: Ctx): void {
  if (s.readsAwaitingTermCommit.length > 0 && committedInTerm(s)) {
    const waiting = s.readsAwaitingTermCommit;
    s.readsAwaitingTermCommit = [];
    if (s.config.reads === 'lease' && leaseValid(s, ctx.now())) {
      logLeaseRead(s, ctx, waiting.length);
      for (const read of waiting) answer(s, ctx, read.from, read.command);
    } else {
      const round = startRound(s, ctx);
      for (const read of waiting) {
        read.readIndex = s.commitIndex;
        read.round = round;
        s.reads.push(read);
      }
    }
  }
  let served = 0;
  while (served < s.reads.length) {
    const read = s.reads[served]!;
    if (read.round > s.quorumRound || read.readIndex > s.lastApplied) break;
    answer(s, ctx, read.from, read.command);
    served++;
  }
  // Usually every read is served: empty the array in place rather than splice a copy out.
  if (served === s.reads.length) s.reads.length = 0;
  else if (served > 0) s.reads.splice(0, served);
}

/** Lease reads skip the quorum round: the trace says so, with how much lease was left (local clock). */
function logLeaseRead(s: RaftState, ctx: Ctx, reads: number): void {
  logRaft(ctx, 'lease-read', { term: s.term, reads, leaseLeftUs: s.quorumAckedAtUs + s.leaseDurationUs - ctx.now() });
}

function answer(s: RaftState, ctx: Ctx, from: NodeId, command: KvCommand): void {
  ctx.send(from, outcomeReply(command, { type: 'ok', value: s.kv.read(command.key) }));
}

/** The leader has committed an entry of its own term, so its commit index is up to date. */
function committedInTerm(s: RaftState): boolean {
  return s.log.termAt(s.commitIndex) === s.term;
}
