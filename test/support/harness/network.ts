// The hand-driven cluster's network: messages in flight in send order, each with the true
// time it would arrive when the cluster runs by time, and an optional partition. The test
// picks what to deliver, drop, duplicate or hold back; nothing moves on its own.
import type { Message, NodeId } from '../../../sim/types.js';

export interface InFlight<M extends Message = Message> {
  /** Send order (a re-injected copy gets a new one). */
  readonly seq: number;
  readonly from: NodeId;
  readonly to: NodeId;
  readonly msg: M;
  /** True time it arrives when driven by time. */
  readonly atUs: number;
}

export type Pred<M extends Message> = (m: InFlight<M>) => boolean;
export const ANY = (): boolean => true;

export class HandNetwork<M extends Message> {
  messages: InFlight<M>[] = [];
  private groups: NodeId[][] | null = null;
  private seq = 0;

  /** Put a message in flight (unless a partition cuts its link: then it is lost). */
  send(from: NodeId, to: NodeId, msg: M, atUs: number): void {
    if (!this.blocked(from, to)) this.messages.push({ seq: this.seq++, from, to, msg, atUs });
  }

  /** Remove and return the messages matching `pred`, in send order. */
  take(pred: Pred<M>): InFlight<M>[] {
    const chosen = this.messages.filter(pred);
    this.messages = this.messages.filter((m) => !pred(m));
    return chosen;
  }

  remove(m: InFlight<M>): void {
    this.messages.splice(this.messages.indexOf(m), 1);
  }

  /** The message that arrives first when driven by time (ties: send order). */
  earliest(): InFlight<M> | null {
    let best: InFlight<M> | null = null;
    for (const m of this.messages) if (best === null || m.atUs < best.atUs) best = m;
    return best;
  }

  /** Cut the groups from each other; ids in no group reach everyone. */
  partition(groups: NodeId[][] | null): void {
    this.groups = groups;
  }

  blocked(from: NodeId, to: NodeId): boolean {
    if (this.groups === null) return false;
    const gFrom = this.groups.findIndex((g) => g.includes(from));
    const gTo = this.groups.findIndex((g) => g.includes(to));
    return gFrom >= 0 && gTo >= 0 && gFrom !== gTo;
  }
}
