// What a single-decree Paxos server keeps on disk. Keys:
//   paxos/acceptor/<key>   the acceptor's state in that instance: {promised, acceptedBallot, acceptedValue}
//   paxos/decided/<key>    the decided value, once this server learned it
// Values are never mutated after put.
import type { Disk } from '../../sim/types.js';
import type { Value } from './messages.js';
import type { AcceptorState } from './state.js';

export const ACCEPTOR_PREFIX = 'paxos/acceptor/';
export const DECIDED_PREFIX = 'paxos/decided/';

export function saveAcceptor(disk: Disk, key: string, state: AcceptorState): void {
  disk.put(ACCEPTOR_PREFIX + key, { ...state });
}

export function saveDecided(disk: Disk, key: string, value: Value): void {
  disk.put(DECIDED_PREFIX + key, value);
}

export interface DurableInstance {
  readonly key: string;
  readonly acceptor: AcceptorState | null;
  readonly decided: Value | null;
}

export function loadInstances(disk: Disk): DurableInstance[] {
  const byKey = new Map<string, { acceptor: AcceptorState | null; decided: Value | null }>();
  const entry = (key: string) => {
    let e = byKey.get(key);
    if (e === undefined) byKey.set(key, (e = { acceptor: null, decided: null }));
    return e;
  };
  for (const k of disk.keys(ACCEPTOR_PREFIX)) entry(k.slice(ACCEPTOR_PREFIX.length)).acceptor = disk.get<AcceptorState>(k)!;
  for (const k of disk.keys(DECIDED_PREFIX)) entry(k.slice(DECIDED_PREFIX.length)).decided = disk.get<Value>(k)!;
  return [...byKey].map(([key, e]) => ({ key, ...e }));
}
