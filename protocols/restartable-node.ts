// A server whose volatile state is one object, made fresh at every start: a restart keeps
// only what is on disk. Raft's, Paxos's and Multi-Paxos's nodes are built on it, so the
// rule "start forgets everything" lives in one place.
import type { NodeId } from '../sim/types.js';

export abstract class RestartableNode<S> {
  /** The current state: handlers read and write it. */
  protected s: S;

  protected constructor(
    readonly id: NodeId,
    private readonly freshState: () => S,
  ) {
    this.s = freshState();
  }

  /** The state, for tests and views. */
  get state(): S {
    return this.s;
  }

  /** Forget the volatile state (start calls this first, then reads the disk). */
  protected restart(): S {
    this.s = this.freshState();
    return this.s;
  }
}
