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

export class KvSessions {
  private readonly last = new Map<string, SessionRecord>();

  check(client: string, seq: number): SessionCheck {
    const record = this.last.get(client);
    if (record === undefined || seq > record.seq) return NEW;
    if (seq === record.seq) return { kind: 'duplicate', outcome: record.outcome };
    return STALE;
  }

  record(client: string, seq: number, outcome: KvOutcome): void {
    this.last.set(client, { seq, outcome });
  }

  get size(): number {
    return this.last.size;
  }

  /** Records in insertion order, as a fresh array (for snapshots). */
  entries(): [string, SessionRecord][] {
    return [...this.last];
  }

  static fromEntries(entries: readonly (readonly [string, SessionRecord])[]): KvSessions {
    const sessions = new KvSessions();
    for (const [client, record] of entries) sessions.last.set(client, record);
    return sessions;
  }
}
