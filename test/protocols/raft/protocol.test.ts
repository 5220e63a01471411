// The protocol object the registry lists, and the determinism rules for the source.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { raftProtocol } from '../../../protocols/raft/index.js';
import type { RaftMessage } from '../../../protocols/raft/messages.js';
import { entries } from './helpers.js';

describe('the raft protocol object', () => {
  it('describes itself for the registry', () => {
    expect(raftProtocol.name).toBe('raft');
    expect(raftProtocol.model).toBe('kv');
    expect(raftProtocol.operations).toEqual(['get', 'put', 'cas', 'append', 'delete']);
    expect(raftProtocol.roles).toEqual(expect.arrayContaining(['leader', 'candidate', 'follower', 'precandidate']));
    expect(Object.keys(raftProtocol.variants)).toHaveLength(10);
    expect(raftProtocol.invariants).toHaveLength(5);
    expect(raftProtocol.configSchema.parse({})).toMatchObject({ preVote: true, checkQuorum: true, reads: 'readindex' });
  });

  it('creates servers and clients; a server reports a role from its roles list', () => {
    const setup = { config: raftProtocol.configSchema.parse({}), variant: null, servers: ['n1', 'n2', 'n3'] };
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

describe('determinism rules', () => {
  const FORBIDDEN: [RegExp, string][] = [
    [/Math\.random/, 'Math.random'],
    [/Date\.now/, 'Date.now'],
    [/performance\.now/, 'performance.now'],
    [/new Date\(/, 'new Date()'],
    [/\bset(Timeout|Interval|Immediate)\(/, 'timers'],
    [/process\.hrtime/, 'process.hrtime'],
    [/crypto/, 'crypto'],
    [/\basync\b|\bawait\b|Promise/, 'async code'],
  ];
  for (const folder of ['protocols/raft', 'protocols/kv']) {
    it(`${folder} uses no clock, randomness or async outside its context`, () => {
      const files = readdirSync(folder).filter((f) => f.endsWith('.ts'));
      expect(files.length).toBeGreaterThan(3);
      for (const file of files) {
        const code = readFileSync(join(folder, file), 'utf8')
          .replace(/\/\*[\s\S]*?\*\//g, '')
          .replace(/\/\/.*$/gm, '');
        for (const [pattern, what] of FORBIDDEN) expect(pattern.test(code), `${folder}/${file} uses ${what}`).toBe(false);
      }
    });
  }
});
