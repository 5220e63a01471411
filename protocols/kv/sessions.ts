// Client sessions (Raft dissertation, section 6.3): each client tags its commands with
// (client, seq). The state machine remembers, per client, the last seq it applied and the
// outcome, so a retried command is answered from memory instead of being applied twice.
import type { KvOutcome } from './commands.js';

export interface SessionRecord {
  readonly seq: number;
  readonly outcome: KvOutcome;
}

/** What a session says about a command before it is applied. */
export type SessionCheck =
  | { readonly kind: 'new' }
  /** Already applied: this is its outcome. */
  | { readonly kind: 'duplicate'; readonly outcome: KvOutcome }
  /** Older than the last applied seq: the client has moved on; never apply it. */
  | { readonly kind: 'stale' };

const NEW: SessionCheck = { kind: 'new' };
const STALE: SessionCheck = { kind: 'stale' };

/** A client's latest applied command, as a session keeps it: updated in place. */
interface SessionSlot {
  seq: number;
  outcome: KvOutcome;
}

export class KvSessions {
  /**
   * client -> its latest applied command. Every server applies every command, so `record`
   * updates a client's slot in place instead of allocating a record per apply; the slots
   * never leave this class (`entries` copies them), so snapshots stay immutable.
   */
  private readonly last = new Map<string, SessionSlot>();

  check(client: string, seq: number): SessionCheck {
    const record = this.last.get(client);
    if (record === undefined || seq > record.seq) return NEW;
    if (seq === record.seq) return { kind: 'duplicate', outcome: record.outcome };
    return STALE;
  }

  record(client: string, seq: number, outcome: KvOutcome): void {
    const slot = this.last.get(client);
    if (slot === undefined) {
      this.last.set(client, { seq, outcome });
      return;
    }
    slot.seq = seq;
    slot.outcome = outcome;
  }

  get size(): number {
    return this.last.size;
  }

  /** Records in insertion order, as a fresh array (for snapshots). */
  entries(): [string, SessionRecord][] {
    const out: [string, SessionRecord][] = [];
    for (const [client, slot] of this.last) out.push([client, { seq: slot.seq, outcome: slot.outcome }]);
    return out;
  }

  static fromEntries(entries: readonly (readonly [string, SessionRecord])[]): KvSessions {
    const sessions = new KvSessions();
    for (const [client, record] of entries) sessions.last.set(client, { seq: record.seq, outcome: record.outcome });
    return sessions;
  }
}
