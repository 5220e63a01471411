// Single-node handler test helpers: boot a RaftNode on a FakeContext, optionally from a
// prepared disk, and drive it with hand-written messages (etcd/raft-style tests).
import type { KvCommand } from '../../../protocols/kv/commands.js';
import { raftConfigSchema } from '../../../protocols/raft/config.js';
import type { LogEntry, RaftMessage } from '../../../protocols/raft/messages.js';
import { RaftNode } from '../../../protocols/raft/node.js';
import { logKey, SNAPSHOT_KEY, TERM_KEY, VOTE_KEY } from '../../../protocols/raft/storage.js';
import { raftFlags } from '../../../protocols/raft/variants.js';
import type { RaftView } from '../../../protocols/raft/view.js';
import { FakeContext, FakeDisk } from '../../support/fake-context.js';
import type { Snapshot } from '../../../protocols/raft/messages.js';

export const SERVERS3 = ['n1', 'n2', 'n3'] as const;

export interface BootOptions {
  readonly id?: string;
  readonly servers?: readonly string[];
  readonly config?: Record<string, unknown>;
  readonly variant?: string | null;
  /** Durable state to start from. `log` lists the term of each entry from index 1. */
  readonly term?: number;
  readonly vote?: string | null;
  readonly log?: readonly number[];
  readonly snapshot?: Snapshot;
  readonly nowUs?: number;
}

export interface Booted {
  readonly node: RaftNode;
  ctx: FakeContext<RaftMessage>;
  readonly disk: FakeDisk;
  view(): RaftView;
  receive(from: string, msg: RaftMessage): void;
  /** Fire the named timer, moving the local clock to it. */
  fire(name: string): void;
  /** Crash (losing unsynced writes) and start a fresh node object on the same disk. */
  restart(): Booted;
}

export function cmd(f: KvCommand['f'], key: string, value: unknown, client = 'c1.1', seq = 1): KvCommand {
  return { f, key, value, client, seq };
}

/** Entries with the given terms, each carrying a distinct put. */
export function entries(terms: readonly number[], firstIndex = 1): LogEntry[] {
  return terms.map((term, i) => ({ term, command: cmd('put', 'k', firstIndex + i, 'c0.1', firstIndex + i) }));
}

export function boot(options: BootOptions = {}): Booted {
  const id = options.id ?? 'n1';
  const servers = options.servers ?? SERVERS3;
  const disk = new FakeDisk();
  if (options.term !== undefined) disk.put(TERM_KEY, options.term);
  if (options.vote !== undefined) disk.put(VOTE_KEY, options.vote);
  const start = options.snapshot === undefined ? 1 : options.snapshot.index + 1;
  if (options.snapshot !== undefined) disk.put(SNAPSHOT_KEY, options.snapshot);
  entries(options.log ?? [], start).forEach((entry, i) => disk.put(logKey(start + i), entry));
  disk.sync();
  const config = raftConfigSchema.parse(options.config ?? {});
  const make = (ctx: FakeContext<RaftMessage>): Booted => {
    const node = new RaftNode(id, servers, config, raftFlags(options.variant ?? null));
    node.start(ctx);
    const booted: Booted = {
      node,
      ctx,
      disk,
      view: () => node.inspect() as RaftView,
      receive: (from, msg) => node.receive(booted.ctx, from, msg),
      fire: (name) => {
        const timer = booted.ctx.timerNamed(name);
        if (timer === undefined) throw new Error(`no pending ${name} timer`);
        booted.ctx.timers.delete(timer.id);
        booted.ctx.nowUs = Math.max(booted.ctx.nowUs, timer.atUs);
        node.timer(booted.ctx, name, timer.id);
      },
      restart: () => make(booted.ctx.crash(true)),
    };
    return booted;
  };
  return make(new FakeContext<RaftMessage>({ id, servers, disk, nowUs: options.nowUs ?? 0 }));
}

/** Fire the (lazy) election timer until the node changes role or term. */
export function timeout(b: Booted): void {
  const before = b.view();
  for (let i = 0; i < 10; i++) {
    b.fire('election');
    const after = b.view();
    if (after.role !== before.role || after.term !== before.term) return;
  }
  throw new Error('node did not campaign');
}

/** Make a booted node leader (preVote must be off or it goes through pre-vote): grant votes. */
export function makeLeader(b: Booted): void {
  timeout(b);
  if (b.view().role === 'precandidate') {
    const term = b.view().term + 1;
    for (const peer of b.ctx.peers) b.receive(peer, { type: 'request-vote-reply', term, granted: true, preVote: true });
  }
  const term = b.view().term;
  for (const peer of b.ctx.peers) {
    if (b.view().role === 'leader') break;
    b.receive(peer, { type: 'request-vote-reply', term, granted: true, preVote: false });
  }
  if (b.view().role !== 'leader') throw new Error(`not leader: ${JSON.stringify(b.view())}`);
}

/** Released messages of one type since the last takeSent. */
export function sent<T extends RaftMessage['type']>(b: Booted, type: T): { to: string; msg: Extract<RaftMessage, { type: T }> }[] {
  return b.ctx.sentOfType(type).map((s) => ({ to: s.to, msg: s.msg }));
}
