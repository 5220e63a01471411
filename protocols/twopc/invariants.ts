// The checks of atomic commitment and of the bank, over the events nodes log and their
// views. Atomic commit: no participant commits a transaction another aborted, a
// participant's outcome is the coordinator's decision, a commit needs every
// participant's yes, and a decision never changes. Bank: money is conserved, no
// balance goes negative, and every audit sees the opening total. Audits are read-only:
// their release is neither a commit nor an abort and is not held to these rules.
import type { Invariant, ObservedEvent, ViewOf } from '../../checkers/invariants.js';

function str(e: ObservedEvent, field: string): string {
  return String(e.fields[field]);
}

function setOf(map: Map<string, Set<string>>, key: string): Set<string> {
  let set = map.get(key);
  if (set === undefined) map.set(key, (set = new Set()));
  return set;
}

export const atomicCommit: Invariant = {
  name: 'atomic-commit',
  description: 'no transaction commits at one participant and aborts at another; a commit needs every yes; a decision never changes',
  create() {
    const yes = new Map<string, Set<string>>();
    const committed = new Map<string, Set<string>>();
    const aborted = new Map<string, Set<string>>();
    const decisions = new Map<string, boolean>();
    return {
      onEvent(e: ObservedEvent): string | null {
        if (e.kind !== 'log') return null;
        const tx = str(e, 'tx');
        switch (e.name) {
          case 'voted':
            if (e.fields['yes'] === true && e.fields['readOnly'] === false) setOf(yes, tx).add(e.node);
            return null;
          case 'committed':
            setOf(committed, tx).add(e.node);
            if (aborted.has(tx)) return `${tx} committed at ${e.node} but aborted at ${[...aborted.get(tx)!].join(', ')}`;
            if (decisions.get(tx) === false) return `${tx} committed at ${e.node} though the coordinator decided abort`;
            return null;
          case 'aborted':
            setOf(aborted, tx).add(e.node);
            if (committed.has(tx)) return `${tx} aborted at ${e.node} but committed at ${[...committed.get(tx)!].join(', ')}`;
            if (decisions.get(tx) === true) return `${tx} aborted at ${e.node} though the coordinator decided commit`;
            return null;
          case 'decided':
            return e.fields['readOnly'] === true ? null : checkDecision(e, tx, decisions, yes);
          default:
            return null;
        }
      },
    };
  },
};

function checkDecision(e: ObservedEvent, tx: string, decisions: Map<string, boolean>, yes: Map<string, Set<string>>): string | null {
  const commit = e.fields['commit'] === true;
  const before = decisions.get(tx);
  if (before !== undefined && before !== commit) return `the decision on ${tx} changed from ${before ? 'commit' : 'abort'} to ${commit ? 'commit' : 'abort'}`;
  decisions.set(tx, commit);
  if (!commit) return null;
  const missing = str(e, 'participants').split(',').filter((p) => !(yes.get(tx)?.has(p) ?? false));
  return missing.length > 0 ? `${tx} committed without a yes from ${missing.join(', ')}` : null;
}

function participants(viewOf: ViewOf, nodes: readonly string[]) {
  return nodes.map((n) => viewOf(n)).filter((v) => v.role === 'participant');
}

function openingTotal(viewOf: ViewOf, nodes: readonly string[]): number {
  return participants(viewOf, nodes).reduce((sum, v) => sum + Number(v['openingTotal']), 0);
}

export const moneyConserved: Invariant = {
  name: 'money-conserved',
  description: 'when no participant is in doubt, the balances of every shard add up to the opening total',
  create() {
    return {
      atEnd(viewOf: ViewOf, nodes: readonly string[]): string | null {
        const views = participants(viewOf, nodes);
        // A transfer half applied is not a loss yet; a node that is down shows no balances.
        if (views.length === 0 || views.some((v) => typeof v['total'] !== 'number' || Number(v['inDoubt']) > 0)) return null;
        const total = views.reduce((sum, v) => sum + Number(v['total']), 0);
        const opening = openingTotal(viewOf, nodes);
        return total === opening ? null : `the shards hold ${total} in all, but the bank opened with ${opening}`;
      },
    };
  },
};

export const noNegativeBalance: Invariant = {
  name: 'no-negative-balance',
  description: 'no committed balance is ever below zero',
  create() {
    return {
      onEvent(e: ObservedEvent): string | null {
        if (e.kind !== 'log' || e.name !== 'committed') return null;
        const min = Number(e.fields['minBalance']);
        return min < 0 ? `${e.node} has a balance of ${min} after committing ${str(e, 'tx')}` : null;
      },
    };
  },
};

export const auditTotal: Invariant = {
  name: 'audit-total',
  description: 'every audit that completed saw the opening total (audits are serializable with transfers)',
  create() {
    return {
      onEvent(e: ObservedEvent): string | null {
        if (e.kind !== 'log' || e.name !== 'audit') return null;
        const total = Number(e.fields['total']);
        const opening = Number(e.fields['opening']);
        return total === opening ? null : `audit ${str(e, 'tx')} saw a total of ${total}, not ${opening}`;
      },
    };
  },
};

export const TWOPC_INVARIANTS: readonly Invariant[] = [atomicCommit, moneyConserved, noNegativeBalance, auditTotal];
