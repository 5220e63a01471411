// The protocol object the registry lists. (The determinism rules for the source are
// test/kernel/determinism-scan.test.ts, for every folder.)
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { raftProtocol } from '../../../protocols/raft/index.js';
import type { RaftMessage } from '../../../protocols/raft/messages.js';
import { RAFT_VARIANTS, raftFlags } from '../../../protocols/raft/variants.js';
import { entries } from './helpers.js';

const onFlags = (variant: string | null) =>
  Object.entries(raftFlags(variant))
    .filter(([, on]) => on)
    .map(([flag]) => flag);

describe('the raft protocol object', () => {
  it('describes itself for the registry', () => {
    expect(raftProtocol.name).toBe('raft');
    expect(raftProtocol.model).toBe('kv');
    expect(raftProtocol.operations).toEqual(['get', 'put', 'cas', 'append', 'delete']);
    expect(raftProtocol.roles).toEqual(expect.arrayContaining(['leader', 'candidate', 'follower', 'precandidate']));
    const invariantNames = raftProtocol.invariants.map((i) => i.name);
    expect(new Set(invariantNames).size).toBe(invariantNames.length);
    expect(invariantNames).toContain('election-safety');
    expect(raftProtocol.configSchema.parse({})).toMatchObject({ preVote: true, checkQuorum: true, reads: 'readindex' });
  });

  it('each variant turns on exactly one flag of its own, every flag has a variant, and each has a narrative scenario', () => {
    expect(raftProtocol.variants).toBe(RAFT_VARIANTS);
    expect(onFlags(null)).toEqual([]);
    const flagOwners = new Map<string, string>();
    for (const variant of Object.keys(RAFT_VARIANTS)) {
      const on = onFlags(variant);
      expect(on, variant).toHaveLength(1);
      expect(flagOwners.get(on[0]!), `${variant} shares its flag`).toBeUndefined();
      flagOwners.set(on[0]!, variant);
    }
    expect([...flagOwners.keys()].sort()).toEqual(Object.keys(raftFlags(null)).sort());
    const scenarios = readdirSync('scenarios/raft').map((f) => readFileSync(join('scenarios/raft', f), 'utf8'));
    for (const variant of Object.keys(RAFT_VARIANTS)) {
      expect(scenarios.some((text) => new RegExp(`^variant: ${variant}$`, 'm').test(text)), `scenario for ${variant}`).toBe(true);
    }
  });

  it('creates servers and clients; a server reports a role from its roles list', () => {
    const servers = ['n1', 'n2', 'n3'];
    const setup = {
      config: raftProtocol.configSchema.parse({}), variant: null, servers, allServers: servers,
      kind: 'server', group: null, services: {},
    };
    const server = raftProtocol.createServer('n1', setup);
    expect(raftProtocol.roles).toContain(server.inspect().role);
    expect(raftProtocol.createClient('c1', setup).inspect().role).toBe('client');
    expect(() => raftProtocol.createServer('n1', { ...setup, variant: 'nope' })).toThrow(/unknown variant/);
  });

  it('estimates message sizes cheaply: header + 16 bytes per entry + payload', () => {
    const heartbeat: RaftMessage = { type: 'heartbeat', term: 1, commit: 0, round: 0 };
    const empty: RaftMessage = { type: 'append-entries', term: 1, prevLogIndex: 0, prevLogTerm: 0, entries: [], leaderCommit: 0, round: 0 };
    const three: RaftMessage = { ...empty, entries: entries([1, 1, 1]) };
    expect(raftProtocol.messageBytes(heartbeat)).toBe(32);
    expect(raftProtocol.messageBytes(three) - raftProtocol.messageBytes(empty)).toBeGreaterThan(3 * 16);
    expect(raftProtocol.messageBytes({ type: 'kv-request', command: { f: 'put', key: 'k', value: 'abcdef', client: 'c1.1', seq: 1 } })).toBeGreaterThan(32);
  });

  it('describes views in one line', () => {
    const view = { role: 'leader', term: 3, lastIndex: 12, commitIndex: 11, snapshotIndex: 0 };
    expect(raftProtocol.describeView!(view)).toBe('leader t3 log=12 commit=11');
    expect(raftProtocol.describeView!({ ...view, snapshotIndex: 10 })).toBe('leader t3 log=12 commit=11 snap=10');
    expect(raftProtocol.describeView!({ role: 'down' })).toBe('down');
  });
});
