// A 3PC participant: 2PC's (participant.ts: locks, the overdraft check, PREPARED forced
// before the yes vote, applying decisions, recovery from its log), with timeouts instead
// of blocking. After its yes vote it waits decisionTimeout for the coordinator; a
// PRECOMMIT is logged (forced) and acknowledged and restarts the wait; DOCOMMIT or ABORT
// ends it. When the wait runs out it runs the termination protocol (termination.ts). A
// participant that restarts with a transaction in doubt does not decide: it asks, as in
// 2PC, until the coordinator or a peer tells it the outcome.
import type { Context, NodeId, TimerId } from '../../sim/types.js';
import type { TwopcMessage } from '../twopc/messages.js';
import { ParticipantNode } from '../twopc/participant.js';
import type { PreparedTx } from '../twopc/participant-state.js';
import { becomeRefused } from '../twopc/roles.js';
import type { ThreepcConfig } from './config.js';
import { logThreepc } from './events.js';
import type { ThreepcMessage, TxState } from './messages.js';
import { becomePrecommitted } from './roles.js';
import { terminationLeader, terminationRule, type Termination } from './termination.js';

type Ctx = Context<ThreepcMessage>;
const WAIT_TIMER = 'decision-wait:';
const TERMINATION_TIMER = 'termination:';

export class ThreepcParticipant extends ParticipantNode {
  /** When this participant gives up waiting for word on a transaction in doubt (local clock). */
  private readonly waitUntilUs = new Map<string, number>();
  private readonly terminations = new Map<string, Termination>();

  protected override awaitDecision(ctx: Ctx, p: PreparedTx): void {
    this.wait(ctx, p.tx);
  }

  private get timeouts(): ThreepcConfig {
    return this.config as ThreepcConfig;
  }

  private wait(ctx: Ctx, tx: string): void {
    this.waitUntilUs.set(tx, ctx.now() + this.timeouts.decisionTimeout);
    ctx.setTimer(this.timeouts.decisionTimeout, WAIT_TIMER + tx);
  }

  override receive(ctx: Ctx, from: NodeId, msg: ThreepcMessage): void {
    switch (msg.type) {
      case 'precommit':
        return this.handlePrecommit(ctx, from, msg.tx);
      case 'precommit-ack':
        return this.handleLeaderAck(ctx, from, msg.tx);
      case 'state-req':
        return ctx.send(from, { type: 'state', tx: msg.tx, state: this.stateOf(ctx, msg.tx) });
      case 'state':
        return this.hearState(ctx, from, msg.tx, msg.state);
      default:
        return super.receive(ctx as Context<TwopcMessage>, from, msg);
    }
  }

  override timer(ctx: Ctx, name: string, id: TimerId): void {
    if (name.startsWith(WAIT_TIMER)) return this.waitExpired(ctx, name.slice(WAIT_TIMER.length));
    if (name.startsWith(TERMINATION_TIMER)) return this.terminationStep(ctx, name.slice(TERMINATION_TIMER.length));
    super.timer(ctx as Context<TwopcMessage>, name, id);
  }

  /** From the coordinator, or from a termination leader. */
  private handlePrecommit(ctx: Ctx, from: NodeId, tx: string): void {
    const p = this.st.prepared.get(tx);
    if (p === undefined) return; // decided here already; the sender learns it by asking
    if (!this.st.precommitted.has(tx)) becomePrecommitted(ctx, this.st, p);
    this.wait(ctx, tx);
    ctx.send(from, { type: 'precommit-ack', tx }); // held until the PRECOMMIT record is durable
  }

  /** What this participant knows; a transaction it never prepared it refuses (durably) first. */
  private stateOf(ctx: Ctx, tx: string): TxState {
    if (this.st.prepared.has(tx)) return this.st.precommitted.has(tx) ? 'precommitted' : 'uncertain';
    const finished = this.st.finished.get(tx);
    if (finished !== undefined) return finished;
    this.dropWaiting(tx);
    becomeRefused(ctx as Context<TwopcMessage>, this.st, tx);
    return 'aborted';
  }

  private waitExpired(ctx: Ctx, tx: string): void {
    const p = this.st.prepared.get(tx);
    if (p === undefined || this.terminations.has(tx) || ctx.now() < (this.waitUntilUs.get(tx) ?? 0)) return;
    this.terminations.set(tx, { phase: 'collect', heard: new Map(), waiting: new Set() });
    for (const peer of p.participants) if (peer !== ctx.id) ctx.send(peer, { type: 'state-req', tx });
    ctx.setTimer(this.timeouts.terminationTimeout, TERMINATION_TIMER + tx);
  }

  private hearState(ctx: Ctx, from: NodeId, tx: string, state: TxState): void {
    const t = this.terminations.get(tx);
    if (t === undefined || t.phase !== 'collect') return;
    t.heard.set(from, state);
    if (state === 'committed' || state === 'aborted') this.finish(ctx, tx, state === 'committed', false);
  }

  private handleLeaderAck(ctx: Ctx, from: NodeId, tx: string): void {
    const t = this.terminations.get(tx);
    if (t === undefined || t.phase !== 'precommit') return;
    t.waiting.delete(from);
    if (t.waiting.size === 0) this.finish(ctx, tx, true, true);
  }

  /** The collection (or the leader's precommit round) is over: decide, defer to a leader, or commit. */
  private terminationStep(ctx: Ctx, tx: string): void {
    const t = this.terminations.get(tx);
    const p = this.st.prepared.get(tx);
    if (p === undefined) this.terminations.delete(tx); // decided meanwhile
    if (t === undefined || p === undefined) return;
    if (t.phase === 'precommit') return this.finish(ctx, tx, true, true); // silent peers are presumed crashed
    const leader = terminationLeader(p.participants, ctx.id, t.heard);
    if (leader !== ctx.id) {
      this.terminations.delete(tx);
      return this.wait(ctx, tx); // the leader decides and tells us; if it goes quiet, try again
    }
    const own: TxState = this.st.precommitted.has(tx) ? 'precommitted' : 'uncertain';
    const rule = terminationRule([own, ...t.heard.values()]);
    if (rule !== 'precommit-first') return this.finish(ctx, tx, rule === 'commit', true);
    if (own === 'uncertain') becomePrecommitted(ctx, this.st, p);
    t.phase = 'precommit';
    for (const [peer, state] of t.heard) if (state === 'uncertain') t.waiting.add(peer);
    for (const peer of t.waiting) ctx.send(peer, { type: 'precommit', tx });
    if (t.waiting.size === 0) return this.finish(ctx, tx, true, true);
    ctx.setTimer(this.timeouts.terminationTimeout, TERMINATION_TIMER + tx);
  }

  /** Apply the outcome here and, as the leader, tell every peer. */
  private finish(ctx: Ctx, tx: string, commit: boolean, lead: boolean): void {
    const t = this.terminations.get(tx)!;
    const p = this.st.prepared.get(tx);
    this.terminations.delete(tx);
    if (p === undefined) return; // decided meanwhile (the coordinator's word came first)
    const heard = [...t.heard].map(([peer, state]) => `${peer}=${state}`).join(',');
    logThreepc(ctx, 'terminated', { tx, commit, own: this.st.precommitted.has(tx) ? 'precommitted' : 'uncertain', heard });
    this.handleDecision(ctx as Context<TwopcMessage>, ctx.id, tx, commit);
    if (lead) for (const peer of p.participants) if (peer !== ctx.id) ctx.send(peer, { type: 'decision', tx, commit });
  }

  override inspect() {
    return { ...super.inspect(), precommitted: this.st.precommitted.size, terminating: this.terminations.size };
  }
}
