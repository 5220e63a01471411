// Every protocol Faultline can run, by name. The CLI resolves a scenario's `protocol:`
// here; the simulator itself only ever sees the Protocol interface.
import type { AnyProtocol } from '../sim/protocol.js';
import { primaryBackup } from './primary-backup/index.js';
import { raftProtocol } from './raft/index.js';
import { sagaOrchestrated } from './saga/index.js';

const ALL: readonly AnyProtocol[] = [raftProtocol, primaryBackup, sagaOrchestrated];

export const PROTOCOLS: ReadonlyMap<string, AnyProtocol> = new Map(ALL.map((p) => [p.name, p]));
