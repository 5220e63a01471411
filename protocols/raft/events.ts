// Raft's events, declared once with their field types: the nodes log them through
// `logRaft`, the invariants and stats read them by these names (RaftEventName), and the
// loader checks `expect.sometimes` against them. Also the message types.
import { messageTypes, typedLog, type EventName, type KernelEventName } from '../../sim/events.js';
import type { RaftMessage } from './messages.js';

export const RAFT_EVENTS = {
  boot: { term: 'number', lastIndex: 'number', snapshotIndex: 'number' },
  'became-follower': { term: 'number', leader: 'string|null' },
  'became-precandidate': { term: 'number' },
  'became-candidate': { term: 'number' },
  'became-leader': { term: 'number' },
  vote: { term: 'number', for: 'string' },
  propose: { index: 'number', term: 'number' },
  commit: { index: 'number', term: 'number' },
  'lease-read': { term: 'number', reads: 'number', leaseLeftUs: 'number' },
  apply: { index: 'number', term: 'number', digest: 'string' },
  truncate: { from: 'number', to: 'number' },
  snapshot: { index: 'number', term: 'number' },
  'snapshot-installed': { index: 'number', term: 'number' },
} as const;

export type RaftEventName = EventName<typeof RAFT_EVENTS>;
/** What Raft's invariants and stats may see: its own events and the kernel's. */
export type RaftObservedName = RaftEventName | KernelEventName;

export const logRaft = typedLog(RAFT_EVENTS);

/** An observed event's name, typed: comparing it with an undeclared name fails to compile. */
export const raftName = (name: string): RaftObservedName => name as RaftObservedName;

export const RAFT_MESSAGE_TYPES = messageTypes<RaftMessage>()([
  'request-vote',
  'request-vote-reply',
  'append-entries',
  'append-entries-reply',
  'heartbeat',
  'heartbeat-reply',
  'install-snapshot',
  'install-snapshot-reply',
  'kv-request',
  'kv-reply',
]);
