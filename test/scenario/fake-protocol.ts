// A small protocol for loader tests: a zod config schema, two variants, three operations,
// three roles and two invariants. Only what the loader reads is real.
import { z } from 'zod';
import type { AnyProtocol } from '../../sim/protocol.js';
import { durationRangeUs, durationUs } from '../../sim/units.js';

export const fakeConfigSchema = z.strictObject({
  electionTimeout: durationRangeUs().prefault('150ms..300ms'),
  heartbeat: durationUs().prefault('50ms'),
  preVote: z.boolean().prefault(true),
});

function unused(): never {
  throw new Error('not used by the loader');
}

export const fakeRaft: AnyProtocol = {
  name: 'raft',
  description: 'a stand-in for raft',
  configSchema: fakeConfigSchema,
  variants: { 'figure8-commit': 'commits entries of old terms', 'vote-not-persisted': 'forgets votes' },
  model: 'kv',
  operations: ['get', 'put', 'cas'],
  roles: ['leader', 'follower', 'candidate'],
  createServer: unused,
  createClient: unused,
  invariants: [
    { name: 'election-safety', description: 'one leader per term', create: unused },
    { name: 'log-matching', description: 'logs agree', create: unused },
  ],
  messageBytes: () => 0,
  events: { 'became-leader': { term: 'number' }, commit: { index: 'number', term: 'number' } },
};

export const fakePrimaryBackup: AnyProtocol = {
  ...fakeRaft,
  name: 'primary-backup',
  configSchema: z.object({ syncReplication: z.boolean().default(true) }),
  variants: {},
  operations: ['read', 'write'],
  roles: ['primary', 'backup'],
  invariants: [],
  events: { 'became-primary': { epoch: 'number' } },
};

export const PROTOCOLS: ReadonlyMap<string, AnyProtocol> = new Map([
  ['raft', fakeRaft],
  ['primary-backup', fakePrimaryBackup],
]);
