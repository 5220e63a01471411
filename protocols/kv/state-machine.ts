// The replicated state machine: a KvStore behind client sessions. Every replica applies
// the same commands in the same order and so reaches the same state and outcomes.
import { type KvCommand, type KvOutcome, type KvValue } from './commands.js';
import { KvSessions, type SessionRecord } from './sessions.js';
import { KvStore } from './store.js';

export const STALE_COMMAND = 'stale-command';

/** A point-in-time copy of the state machine. Immutable once built (it goes to disk). */
export interface KvSnapshot {
  readonly data: readonly (readonly [string, KvValue])[];
  readonly sessions: readonly (readonly [string, SessionRecord])[];
  /** Estimated encoded size, for message statistics. */
  readonly bytes: number;
}

export const EMPTY_KV_SNAPSHOT: KvSnapshot = { data: [], sessions: [], bytes: 0 };

export interface KvStateMachineOptions {
  /** false: every command applies, even a retry of one already applied (a bug variant). */
  readonly sessions: boolean;
}

export class KvStateMachine {
  private constructor(
    private readonly store: KvStore,
    private readonly sessions: KvSessions,
    private readonly options: KvStateMachineOptions,
  ) {}

  static create(options: KvStateMachineOptions): KvStateMachine {
    return new KvStateMachine(new KvStore(), new KvSessions(), options);
  }

  static restore(snapshot: KvSnapshot, options: KvStateMachineOptions): KvStateMachine {
    return new KvStateMachine(
      KvStore.fromEntries(snapshot.data),
      KvSessions.fromEntries(snapshot.sessions),
      options,
    );
  }

  /**
   * Apply one command (from the log, in order). A duplicate (same client and seq as the
   * last applied) returns the remembered outcome without applying again; a stale one
   * (older seq) is not applied and fails.
   */
  apply(command: KvCommand): KvOutcome {
    if (this.options.sessions) {
      const check = this.sessions.check(command.client, command.seq);
      if (check.kind === 'duplicate') return check.outcome;
      if (check.kind === 'stale') return { type: 'fail', error: STALE_COMMAND };
    }
    const outcome = this.store.execute(command.f, command.key, command.value);
    this.sessions.record(command.client, command.seq, outcome);
    return outcome;
  }

  /** What a session already knows about (client, seq), so a leader can answer a retry early. */
  sessionCheck(client: string, seq: number): ReturnType<KvSessions['check']> {
    return this.options.sessions ? this.sessions.check(client, seq) : { kind: 'new' };
  }

  /** A read outside the log (ReadIndex, lease): the current value or null. */
  read(key: string): KvValue {
    return this.store.read(key);
  }

  snapshot(): KvSnapshot {
    const data = this.store.entries();
    const sessions = this.sessions.entries();
    let bytes = 8;
    for (const [key, value] of data) bytes += 8 + key.length + (typeof value === 'string' ? value.length : 8);
    for (const [client] of sessions) bytes += 24 + client.length;
    return { data, sessions, bytes };
  }

  get keyCount(): number {
    return this.store.size;
  }
}
