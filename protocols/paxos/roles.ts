// The one place a proposer changes phase, per instance. Each becomeX asserts the transition
// is legal and logs it (see PROPOSER_PHASES in state.ts for the diagram).
import type { Context } from '../../sim/types.js';
import { nextBallot } from './ballot.js';
import { chooseValue, type Reported } from './choose.js';
import type { PaxosMessage, Value } from './messages.js';
import type { Instance, PaxosState, ProposerState } from './state.js';

type Ctx = Context<PaxosMessage>;

export const ROUND_TIMER = 'round/';
export const BACKOFF_TIMER = 'backoff/';
/** Backoff doublings after consecutive failures: at most 2^3 = 8 times the base range. */
const BACKOFF_DOUBLINGS_MAX = 3;

/** Phase 1: a fresh ballot above anything seen, prepare to every acceptor (ourselves included). */
export function becomePreparing(s: PaxosState, ctx: Ctx, inst: Instance): void {
  const p = inst.proposer;
  if (p.phase !== 'idle' && p.phase !== 'backing-off') throw new Error(`paxos ${s.id}: preparing ${inst.key} from ${p.phase}`);
  if (p.own === null) throw new Error(`paxos ${s.id}: preparing ${inst.key} with no value of our own`);
  p.ballot = nextBallot(Math.max(p.ballot, inst.acceptor.promised, s.ballotSeen), s.index, s.flags.ballotCollision);
  p.phase = 'preparing';
  p.promises.clear();
  setTimer(ctx, p, s.config.roundTimeout, ROUND_TIMER + inst.key);
  ctx.log('prepare', { slot: inst.key, ballot: p.ballot });
  const prepare = { type: 'prepare', key: inst.key, ballot: p.ballot } as const;
  for (const acceptor of ctx.servers) ctx.send(acceptor, prepare);
}

/** Phase 2: a quorum promised; propose the highest-ballot reported value, else our own. */
export function becomeAccepting(s: PaxosState, ctx: Ctx, inst: Instance): void {
  const p = inst.proposer;
  if (p.phase !== 'preparing') throw new Error(`paxos ${s.id}: accepting ${inst.key} from ${p.phase}`);
  if (p.promises.size < s.quorum) throw new Error(`paxos ${s.id}: accepting with ${p.promises.size} promises`);
  const reports: Reported<Value>[] = [];
  for (const r of p.promises.values()) if (r.value !== null) reports.push({ ballot: r.ballot, value: r.value });
  const value = chooseValue(reports, p.own!, s.flags);
  p.phase = 'accepting';
  ctx.log('phase2', { slot: inst.key, ballot: p.ballot, digest: String(value), reported: reports.length });
  const accept = { type: 'accept', key: inst.key, ballot: p.ballot, value } as const;
  for (const acceptor of ctx.servers) ctx.send(acceptor, accept);
}

/**
 * The ballot failed: preempted by a higher one (`seen`; 'ballot-abandoned', the duel
 * figure) or no answer in time. Wait a random backoff, doubling per failure in a row, then
 * try again (no-backoff retries at once, and duelling proposers never stop).
 */
export function becomeBackingOff(s: PaxosState, ctx: Ctx, inst: Instance, seen: number | null): void {
  const p = inst.proposer;
  if (p.phase !== 'preparing' && p.phase !== 'accepting') throw new Error(`paxos ${s.id}: backing off ${inst.key} from ${p.phase}`);
  if (seen !== null) {
    s.ballotSeen = Math.max(s.ballotSeen, seen);
    ctx.log('ballot-abandoned', { slot: inst.key, ballot: p.ballot, by: seen });
  } else {
    ctx.log('round-timeout', { slot: inst.key, ballot: p.ballot });
  }
  p.phase = 'backing-off';
  const { minUs, maxUs } = s.config.backoff;
  const scale = 2 ** Math.min(p.failures, BACKOFF_DOUBLINGS_MAX);
  p.failures++;
  const backoffUs = Math.round(scale * (minUs + ctx.random() * (maxUs - minUs)));
  setTimer(ctx, p, s.flags.noBackoff ? 1 : backoffUs, BACKOFF_TIMER + inst.key);
}

/** The learner learned the decision: stop proposing and tell the waiting clients. */
export function becomeDecided(s: PaxosState, ctx: Ctx, inst: Instance): void {
  const p = inst.proposer;
  const decided = inst.learner.decided;
  if (decided === null) throw new Error(`paxos ${s.id}: ${inst.key} decided without a value`);
  if (p.timerId !== null) ctx.cancelTimer(p.timerId);
  p.timerId = null;
  p.phase = 'decided';
  p.promises.clear();
  for (const client of p.waiting) ctx.send(client, { type: 'propose-reply', key: inst.key, decided });
  p.waiting.clear();
}

function setTimer(ctx: Ctx, p: ProposerState, afterUs: number, name: string): void {
  if (p.timerId !== null) ctx.cancelTimer(p.timerId);
  p.timerId = ctx.setTimer(afterUs, name);
}
