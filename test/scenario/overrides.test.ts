// `--set path=value` edits the document before validation; `seed` replaces the file's seed.
import { describe, expect, it } from 'vitest';
import { FILE, load, messageOf } from './helpers.js';

const BASE = `
protocol: raft
nodes: 5
network: { drop: 0.5% }
workload: { mix: { get: 1, put: 1, cas: 2 } }
faults:
  - { at: 5s, partition: [[leader], rest] }
  - { at: 9s, heal: all }
`;

const set = (...overrides: string[]) => load(BASE, { overrides });

describe('--set', () => {
  it('sets scalars by dotted path, values read as YAML', () => {
    expect(set('network.drop=1%').network.drop).toBe(0.01);
    expect(set('nodes=7').servers).toHaveLength(7);
    expect((set('config.preVote=false').config as { preVote: boolean }).preVote).toBe(false);
    expect(set('description=hello world').description).toBe('hello world');
    expect(set('variant=figure8-commit').variant).toBe('figure8-commit');
  });

  it('indexes lists with .N or [N]', () => {
    expect(set('faults.0.at=3s').faults[0]!.atUs).toBe(3_000_000);
    expect(set('faults[1].at=7s').faults[1]!.atUs).toBe(7_000_000);
    expect(set('faults.0.for=1s').faults[0]!.forUs).toBe(1_000_000);
  });

  it('takes flow mappings and lists', () => {
    expect(set('workload.mix={get: 50%, put: 50%}').workload.mix).toStrictEqual({ get: 0.5, put: 0.5 });
    expect(set('nodes=[a, b, c]').servers).toStrictEqual(['a', 'b', 'c']);
    expect(set('faults.2={at: 8s, crash: n1}').faults.map((f) => f.action.kind)).toStrictEqual(['partition', 'crash', 'heal']);
  });

  it('creates missing sections on the way', () => {
    expect(set('clocks.nodes.n2.drift=50ppm').clocks.nodes).toStrictEqual({ n2: { driftPpm: 50 } });
    expect(set('nemesis.kinds=[pause]').nemesis?.kinds.map((k) => k.kind)).toStrictEqual(['pause']);
    expect(load('protocol: raft\n', { overrides: ['faults.0={at: 1s, heal: all}'] }).faults).toHaveLength(1);
  });

  it('applies in order, the last one wins', () => {
    expect(set('network.drop=1%', 'network.drop=2%').network.drop).toBe(0.02);
  });

  it('can fill an empty file', () => {
    expect(load('', { overrides: ['protocol=raft'] }).protocol).toBe('raft');
  });

  it('values are validated like the file, and the message names the --set', () => {
    expect(messageOf(BASE, { overrides: ['network.drop=200%'] })).toBe(
      `${FILE}: network.drop: expected a probability like 0.5% or 0.005, got "200%" (set by --set network.drop=200%)`,
    );
    expect(messageOf(BASE, { overrides: ['faults.0.crash=n9'] })).toBe(
      `${FILE}: faults[0].crash: one action per entry, got partition and crash (set by --set faults.0.crash=n9)`,
    );
    expect(messageOf(BASE, { overrides: ['network.latncy=1ms'] })).toMatch(
      /^scenarios\/test\.yaml: network\.latncy: unknown field \(did you mean latency\? .*\(set by --set network\.latncy=1ms\)$/,
    );
  });

  it('bad --set arguments are one-line errors naming the --set', () => {
    expect(messageOf(BASE, { overrides: ['nodes'] })).toBe(`${FILE}: --set nodes: expected path=value, e.g. network.drop=1%`);
    expect(messageOf(BASE, { overrides: ['=5'] })).toBe(`${FILE}: --set : expected a field path like network.drop or faults.0.at`);
    expect(messageOf(BASE, { overrides: ['a..b=5'] })).toBe(`${FILE}: --set a..b: expected a field path like network.drop or faults.0.at`);
    expect(messageOf(BASE, { overrides: ['faults.5.at=1s'] })).toBe(`${FILE}: --set faults.5.at: faults has 2 entries; no index 5`);
    expect(messageOf(BASE, { overrides: ['faults.x=1s'] })).toBe(`${FILE}: --set faults.x: faults is a list; expected an index, got x`);
    expect(messageOf(BASE, { overrides: ['nodes.a=1'] })).toBe(`${FILE}: --set nodes.a: nodes is 5, not a mapping or a list`);
    expect(messageOf(BASE, { overrides: ['workload.mix={get: 1'] })).toMatch(/^scenarios\/test\.yaml: --set workload\.mix: malformed value: /);
    expect(messageOf(BASE, { overrides: ['__proto__.x=1'] })).toBe(`${FILE}: --set __proto__.x: __proto__ is not a field`);
  });

  it('does not change the document it was given for other loads', () => {
    set('network.drop=1%');
    expect(load(BASE).network.drop).toBe(0.005);
  });
});

describe('seed option', () => {
  it('replaces the file seed', () => {
    expect(load('protocol: raft\nseed: 3\n').seed).toBe(3);
    expect(load('protocol: raft\nseed: 3\n', { seed: 99 }).seed).toBe(99);
    expect(load('protocol: raft\n', { seed: 0 }).seed).toBe(0);
  });

  it('is validated like the field', () => {
    expect(messageOf('protocol: raft\n', { seed: -2 })).toBe(`${FILE}: seed: must be at least 0 (from --seed -2)`);
    expect(messageOf('protocol: raft\n', { seed: 1.5 })).toBe(`${FILE}: seed: expected an integer, got 1.5 (from --seed 1.5)`);
  });

  it('wins over a --set of the seed', () => {
    expect(load('protocol: raft\n', { seed: 5, overrides: ['seed=6'] }).seed).toBe(5);
  });
});
