// Raft's safety properties (paper Figure 3), checked from the events servers log and, at a
// few moments, their views. Each keeps small maps so that an event costs O(1) (or
// O(servers x terms) at elections and truncations).
//   election-safety      at most one leader per term            ('became-leader')
//   leader-append-only   a leader never deletes log entries      ('truncate' while leader)
//   log-matching         same index and term => same entry and same prefix
//                        ('apply' digests; views compared at 'became-leader', 'truncate', end)
//   leader-completeness  a leader of a later term holds every committed entry
//                        ('commit' on leaders; the new leader's view at 'became-leader')
//   state-machine-safety no two servers apply different entries at one index ('apply')
// 'apply' is by far the most frequent event (every server, every entry), so the maps it
// feeds are arrays indexed by log index (dense: entries are applied in order).
import type { Invariant, InvariantCheck, ObservedEvent, ViewOf } from '../../checkers/invariants.js';
import { applyFields, num, stateMachineSafety } from '../invariant-helpers.js';
import { findLogMismatch, termAtIndex, type TermRunsView } from './term-runs.js';
import { raftName, type RaftObservedName } from './events.js';
import { configOneAtATime, electionQuorum } from './membership-invariants.js';

/** Which servers lead right now, from role events and lifecycle events. */
class LeaderTracker {
  /** The events `observe` folds (the kernel's `start` too): an invariant using a tracker watches these. */
  static readonly WATCHES: readonly string[] = [
    'became-leader', 'became-follower', 'became-candidate', 'became-precandidate', 'boot', 'crash', 'restart', 'start',
  ] satisfies (RaftObservedName | 'start')[];

  private readonly leaders = new Map<string, number>();

  /** Fold an event; returns nothing. */
  observe(event: ObservedEvent): void {
    if (event.kind !== 'log') {
      if (event.kind === 'crash' || event.kind === 'restart' || event.kind === 'start') this.leaders.delete(event.node);
      return;
    }
    switch (raftName(event.name)) {
      case 'became-leader':
        this.leaders.set(event.node, num(event.fields, 'term'));
        break;
      case 'became-follower':
      case 'became-candidate':
      case 'became-precandidate':
      case 'boot':
        this.leaders.delete(event.node);
        break;
    }
  }

  termOf(node: string): number | undefined {
    return this.leaders.get(node);
  }
}

function runsOf(viewOf: ViewOf, node: string): TermRunsView | null {
  const view = viewOf(node);
  const logTerms = view['logTerms'];
  const lastIndex = view['lastIndex'];
  if (!Array.isArray(logTerms) || typeof lastIndex !== 'number') return null;
  return { logTerms: logTerms as number[], lastIndex };
}

export const electionSafety: Invariant = {
  name: 'election-safety',
  description: 'at most one leader is elected in a term',
  watches: ['became-leader'] satisfies RaftObservedName[],
  create(): InvariantCheck {
    const leaderOfTerm = new Map<number, { node: string; index: number }>();
    return {
      onEvent(event) {
        if (event.kind !== 'log' || raftName(event.name) !== 'became-leader') return null;
        const term = num(event.fields, 'term');
        const first = leaderOfTerm.get(term);
        if (first === undefined) {
          leaderOfTerm.set(term, { node: event.node, index: event.index });
          return null;
        }
        if (first.node === event.node) return null;
        return `two leaders in term ${term}: ${first.node} (event ${first.index}) and ${event.node}`;
      },
    };
  },
};

export const leaderAppendOnly: Invariant = {
  name: 'leader-append-only',
  description: 'a leader never overwrites or deletes entries in its log',
  watches: [...LeaderTracker.WATCHES, 'truncate'],
  create(): InvariantCheck {
    const leaders = new LeaderTracker();
    return {
      onEvent(event) {
        leaders.observe(event);
        if (event.kind !== 'log' || raftName(event.name) !== 'truncate') return null;
        const term = leaders.termOf(event.node);
        if (term === undefined) return null;
        return (
          `leader ${event.node} of term ${term} deleted entries ` +
          `${num(event.fields, 'from')}..${num(event.fields, 'to')} from its log`
        );
      },
    };
  },
};

function compareWithOthers(node: string, viewOf: ViewOf, nodes: readonly string[]): string | null {
  const mine = runsOf(viewOf, node);
  if (mine === null) return null;
  for (const other of nodes) {
    if (other === node) continue;
    const theirs = runsOf(viewOf, other);
    if (theirs === null) continue;
    const mismatch = findLogMismatch(mine, theirs);
    if (mismatch !== null) {
      return (
        `${node} and ${other} both hold index ${mismatch.index} of term ${mismatch.term} ` +
        `but their logs differ at index ${mismatch.differsAt}`
      );
    }
  }
  return null;
}

/** An entry some server applied: its term and digest, and who applied it first. */
interface AppliedEntry {
  readonly term: number;
  readonly digest: string;
  readonly node: string;
  /** Another term seen at the same index (only after a bug), or null. */
  other: AppliedEntry | null;
}

export const logMatching: Invariant = {
  name: 'log-matching',
  description: 'logs holding an entry with the same index and term are identical up to it',
  watches: ['apply', 'became-leader', 'truncate'] satisfies RaftObservedName[],
  create(): InvariantCheck {
    /** index -> the entries applied there, one per term. */
    const entries: (AppliedEntry | undefined)[] = [];
    return {
      onEvent(event, viewOf, nodes) {
        if (event.kind !== 'log') return null;
        switch (raftName(event.name)) {
          case 'apply': {
            const { index, term: logged, digest } = applyFields(event.fields);
            const term = logged ?? Number.NaN;
            const head = entries[index] ?? null;
            let seen = head;
            while (seen !== null && seen.term !== term) seen = seen.other;
            if (seen === null) {
              entries[index] = { term, digest, node: event.node, other: head };
            } else if (seen.digest !== digest) {
              return (
                `index ${index} term ${term} holds "${seen.digest}" on ${seen.node} ` +
                `but "${digest}" on ${event.node}`
              );
            }
            return null;
          }
          case 'became-leader':
          case 'truncate':
            return compareWithOthers(event.node, viewOf, nodes);
          default:
            return null;
        }
      },
      atEnd(viewOf, nodes) {
        for (const node of nodes) {
          const message = compareWithOthers(node, viewOf, nodes);
          if (message !== null) return message;
        }
        return null;
      },
    };
  },
};

export const leaderCompleteness: Invariant = {
  name: 'leader-completeness',
  description: 'an entry committed in a term is in the log of every leader of a later term',
  watches: [...LeaderTracker.WATCHES, 'commit'],
  create(): InvariantCheck {
    const leaders = new LeaderTracker();
    let committed: { index: number; term: number; leaderTerm: number; node: string } | null = null;
    return {
      onEvent(event, viewOf) {
        leaders.observe(event);
        if (event.kind !== 'log') return null;
        if (raftName(event.name) === 'commit') {
          const index = num(event.fields, 'index');
          if (committed === null || index > committed.index) {
            const leaderTerm = leaders.termOf(event.node) ?? num(event.fields, 'term');
            committed = { index, term: num(event.fields, 'term'), leaderTerm, node: event.node };
          }
          return null;
        }
        if (raftName(event.name) !== 'became-leader' || committed === null) return null;
        const term = num(event.fields, 'term');
        if (term <= committed.leaderTerm) return null;
        const view = viewOf(event.node);
        const runs = runsOf(viewOf, event.node);
        const snapshotIndex = typeof view['snapshotIndex'] === 'number' ? view['snapshotIndex'] : 0;
        if (runs === null || snapshotIndex >= committed.index) return null;
        const held = termAtIndex(runs, committed.index);
        if (held === committed.term) return null;
        return (
          `${event.node} became leader of term ${term} without index ${committed.index} (term ${committed.term}), ` +
          `committed by ${committed.node} in term ${committed.leaderTerm}` +
          (held === undefined ? ` (its log ends at ${runs.lastIndex})` : ` (it holds term ${held} there)`)
        );
      },
    };
  },
};

export { stateMachineSafety };

export const RAFT_INVARIANTS: readonly Invariant[] = [
  electionSafety,
  leaderAppendOnly,
  logMatching,
  leaderCompleteness,
  stateMachineSafety,
  configOneAtATime,
  electionQuorum,
];
