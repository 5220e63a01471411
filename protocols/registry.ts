// Every protocol Faultline can run, by name. The CLI resolves a scenario's `protocol:`
// here; the simulator itself only ever sees the Protocol interface.
import type { AnyProtocol } from '../sim/protocol.js';
import { multiPaxosProtocol } from './multi-paxos/index.js';
import { paxosProtocol } from './paxos/index.js';
import { abdProtocol } from './abd/index.js';
import { leaseElectionProtocol } from './lease-election/index.js';
import { primaryBackup } from './primary-backup/index.js';
import { quorumProtocol } from './quorum/index.js';
import { raftProtocol } from './raft/index.js';
import { redlockProtocol } from './redlock/index.js';
import { sagaChoreographed, sagaOrchestrated } from './saga/index.js';
import { threepcProtocol } from './threepc/index.js';
import { twopcProtocol } from './twopc/index.js';

const ALL: readonly AnyProtocol[] = [
  raftProtocol,
  paxosProtocol,
  multiPaxosProtocol,
  primaryBackup,
  quorumProtocol,
  abdProtocol,
  twopcProtocol,
  threepcProtocol,
  redlockProtocol as unknown as AnyProtocol,
  sagaOrchestrated,
  sagaChoreographed,
  leaseElectionProtocol,
];

export const PROTOCOLS: ReadonlyMap<string, AnyProtocol> = new Map(ALL.map((p) => [p.name, p]));
