// Redlock's checks over what happened in true time. mutual-exclusion: the intervals in
// which two clients believed they held the lock (from `lock-held` to `lock-lost` or a
// crash) never overlap; a violation says for how many microseconds they did and names the
// likely cause, the latest fault before the overlap that touched either holder or a lock
// server. tokens-increasing: the resource never accepts a token lower than one it
// accepted before (a holder's read and write share one token, so equal is fine).
import type { Invariant, InvariantCheck, ObservedEvent } from '../../checkers/invariants.js';
import type { RedlockObservedName } from './events.js';

const name = (event: ObservedEvent): RedlockObservedName => event.name as RedlockObservedName;

interface Belief {
  readonly token: number;
  readonly sinceUs: number;
}

interface Overlap {
  readonly a: string;
  readonly b: string;
  readonly startUs: number;
  readonly cause: string;
}

interface FaultSeen {
  readonly timeUs: number;
  readonly kind: string;
  /** Whom it touched; null for faults of the network as a whole (a partition). */
  readonly nodes: readonly string[] | null;
}

/** How many recent faults a check remembers to name a cause (the latest that fits wins). */
const FAULTS_REMEMBERED_MAX = 64;

/** The nodes a fault touched: its `nodes`, or the sides of a partition; null when it names none. */
function touched(fields: Readonly<Record<string, unknown>>): readonly string[] | null {
  if (Array.isArray(fields['nodes'])) return fields['nodes'] as string[];
  if (Array.isArray(fields['groups'])) return (fields['groups'] as string[][]).flat();
  return null;
}

function describeFault(fault: FaultSeen | undefined): string {
  if (fault === undefined) return 'no fault before it: the timing assumptions themselves (TTL against the work)';
  const who = fault.nodes === null ? 'the network' : fault.nodes.join(', ');
  return `${fault.kind} of ${who} at ${fault.timeUs}us`;
}

/** What a mutual-exclusion check reads: the belief events, the servers whose faults count as causes, and the words. */
export interface ExclusionEvents {
  /** A node starts believing it holds the lock or lease (field `token`). */
  readonly held: string;
  /** It stops believing so. */
  readonly lost: string;
  /** The role of the servers that grant it (faults touching them are likely causes). */
  readonly serverRole: string;
  /** "hold the lock", "lead": what the violation says they both believed. */
  readonly belief: string;
}

const REDLOCK_EXCLUSION: ExclusionEvents = { held: 'lock-held', lost: 'lock-lost', serverRole: 'lock-server', belief: 'held the lock' };

/** Belief intervals (from `held` to `lost` or a crash) of two nodes never overlap in true time. */
export function mutualExclusion(events: ExclusionEvents): InvariantCheck {
  const holders = new Map<string, Belief>();
  const open: Overlap[] = [];
  const faults: FaultSeen[] = [];
  // The granting servers, read at the first grant, when every node has booted (a crashed one reports no role).
  let lockServers: ReadonlySet<string> | null = null;
  const likelyCause = (a: string, b: string): string => {
    const touches = (node: string) => node === a || node === b || lockServers!.has(node);
    const fault = [...faults].reverse().find((f) => f.nodes === null || f.nodes.some(touches));
    return describeFault(fault);
  };
  const end = (node: string, nowUs: number): string | null => {
    holders.delete(node);
    const closing = open.findIndex((o) => o.a === node || o.b === node);
    if (closing < 0) return null;
    const [o] = open.splice(closing, 1);
    return `${o!.a} and ${o!.b} both believed they ${events.belief} for ${nowUs - o!.startUs}us (true time, from ${o!.startUs}us); likely cause: ${o!.cause}`;
  };
  return {
    onEvent(event, viewOf, nodes) {
      if (event.kind === 'fault' && event.name !== 'settle') {
        // The settle ends faults rather than causing anything: it names no cause.
        faults.push({ timeUs: event.timeUs, kind: event.name, nodes: touched(event.fields) });
        if (faults.length > FAULTS_REMEMBERED_MAX) faults.shift();
        return null;
      }
      if (event.kind === 'fault') return null;
      if (event.kind === 'crash') return holders.has(event.node) ? end(event.node, event.timeUs) : null;
      if (event.name === events.held) {
        lockServers ??= new Set(nodes.filter((node) => viewOf(node).role === events.serverRole));
        for (const other of holders.keys()) {
          if (other !== event.node) open.push({ a: other, b: event.node, startUs: event.timeUs, cause: likelyCause(other, event.node) });
        }
        holders.set(event.node, { token: event.fields['token'] as number, sinceUs: event.timeUs });
        return null;
      }
      if (event.name === events.lost) return end(event.node, event.timeUs);
      return null;
    },
    atEnd() {
      const o = open[0];
      return o === undefined ? null : `${o.a} and ${o.b} both believed they ${events.belief} from ${o.startUs}us to the end of the run; likely cause: ${o.cause}`;
    },
  };
}

/** The resource (redlock/storage.ts) never accepts a token lower than one it accepted before. */
export function tokensIncreasing(): InvariantCheck {
  let highest = 0;
  return {
    onEvent(event) {
      if (event.kind !== 'log' || name(event) !== 'accepted') return null;
      const token = event.fields['token'] as number;
      if (token < highest) return `the resource accepted token ${token} after token ${highest} (at ${event.timeUs}us)`;
      highest = token;
      return null;
    },
  };
}

export const REDLOCK_INVARIANTS: readonly Invariant[] = [
  { name: 'mutual-exclusion', description: 'no two clients believe they hold the lock at the same true time', create: () => mutualExclusion(REDLOCK_EXCLUSION) },
  { name: 'tokens-increasing', description: 'the resource never accepts a token lower than one it accepted before', create: tokensIncreasing },
];
