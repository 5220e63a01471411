// Every field of the file format reaches the loaded Scenario, converted; and every default.
import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadScenarioFile } from '../../sim/scenario/index.js';
import type { Scenario } from '../../sim/scenario/types.js';
import { EXPECTED_FULL, FULL } from './full-scenario.js';
import { PROTOCOLS } from './fake-protocol.js';
import { FILE, load } from './helpers.js';
import { plainKinds } from '../support/nemesis.js';

describe('a file using every field', () => {
  it('loads to exactly the expected Scenario', () => {
    expect(load(FULL)).toStrictEqual(EXPECTED_FULL);
  });

  it('loads the same from JSON', async () => {
    const { parse } = await import('yaml');
    const asJson = JSON.stringify(parse(FULL), null, 2);
    expect(asJson.startsWith('{')).toBe(true);
    expect(load(asJson)).toStrictEqual(EXPECTED_FULL);
  });

  it('loads from disk, with the path as file and the basename as default name', () => {
    const dir = mkdtempSync(join(tmpdir(), 'faultline-scenario-'));
    const path = join(dir, 'leader-isolated.yml');
    writeFileSync(path, FULL.replace('name: raft-leader-isolated\n', ''));
    const scenario = loadScenarioFile(path, { protocols: PROTOCOLS });
    expect(scenario.file).toBe(path);
    expect(scenario.name).toBe('leader-isolated');
    expect(scenario.faults).toStrictEqual(EXPECTED_FULL.faults);
  });
});

describe('defaults', () => {
  const scenario = load('protocol: raft\n');

  it('fill in everything but the protocol', () => {
    expect(scenario).toStrictEqual({
      file: FILE,
      name: 'test',
      description: '',
      protocol: 'raft',
      config: { electionTimeout: { minUs: 150_000, maxUs: 300_000 }, heartbeat: 50_000, preVote: true },
      variant: null,
      servers: ['n1', 'n2', 'n3'],
      spares: [],
      services: [],
      clients: ['c1', 'c2', 'c3'],
      seed: 1,
      durationUs: 10_000_000,
      network: {
        latency: { dist: 'uniform', minUs: 1_000, maxUs: 3_000 },
        drop: 0,
        duplicate: 0,
        reorder: 0,
        reorderDelayUs: 10_000,
        fifo: false,
        links: [],
        partitionDropsInFlight: true,
      },
      clocks: { driftPpm: 0, offsetUs: 0, nodes: {} },
      syncLatency: null,
      loseUnsyncedWrites: false,
      workload: {
        generator: 'kv',
        keys: 3,
        keyDistribution: 'uniform',
        zipfTheta: 0.99,
        mix: { get: 1 / 3, put: 1 / 3, cas: 1 / 3 },
        ratePerSecond: null,
        concurrency: 3,
        thinkUs: 0,
        timeoutUs: 1_000_000,
        startUs: 0,
        stopUs: 10_000_000,
      },
      faults: [],
      nemesis: null,
      settleUs: 3_000_000,
      drainUs: 0,
      checks: { linearizability: true, invariants: true, reportOnly: [], models: {}, availabilityWindowUs: 500_000, searchStepsMax: 100_000_000, checkMemoryBytesMax: 2 * 1024 ** 3 },
      expect: { verdict: 'pass', violation: null, sometimes: [], measures: {}, emptyCapture: 'vacuous' },
      limits: { eventsMax: 5_000_000, virtualTimeUsMax: 3_600_000_000, wallMsMax: 300_000 },
    } satisfies Scenario);
  });

  it('treat empty sections like absent ones', () => {
    const empty = load('protocol: raft\nconfig:\nnetwork:\nclocks:\ndisk:\nworkload:\nfaults:\nnemesis:\nexpect:\nlimits:\nvariant:\n');
    expect(empty).toStrictEqual(scenario);
  });

  it('nemesis: true takes every nemesis default; stop is duration - settle', () => {
    expect(load('protocol: raft\nduration: 30s\nsettle: 5s\nnemesis: true\n').nemesis).toStrictEqual({
      kinds: plainKinds('partition', 'crash', 'pause', 'clock', 'loss', 'clog'),
      intervalUs: 2_000_000,
      durationMinUs: 1_000_000,
      durationMaxUs: 3_000_000,
      startUs: 1_000_000,
      stopUs: 25_000_000,
      clockStepMaxUs: 500_000,
      driftMaxPpm: 500,
      lossMax: 0.2,
      reorderMaxUs: 50_000,
      latencyMinUs: 100_000,
      latencyMaxUs: 500_000,
      foreverMax: 1,
    });
    expect(load('protocol: raft\nnemesis: false\n').nemesis).toBeNull();
    expect(load('protocol: raft\nnemesis: {kinds: [clock]}\n').nemesis?.stopUs).toBe(7_000_000);
  });

  it('closed loop concurrency defaults to the clients; open loop keeps it too', () => {
    expect(load('protocol: raft\nclients: 5\n').workload).toMatchObject({ ratePerSecond: null, concurrency: 5 });
    expect(load('protocol: raft\nclients: 5\nworkload: {rate: 100}\n').workload).toMatchObject({
      ratePerSecond: 100,
      concurrency: 5,
    });
    expect(load('protocol: raft\nworkload: {rate: null}\n').workload.ratePerSecond).toBeNull();
  });

  it('verdict follows violation when not given', () => {
    expect(load('protocol: raft\nexpect: {violation: election-safety}\n').expect).toStrictEqual({
      verdict: 'violation',
      violation: 'election-safety',
      sometimes: [],
      emptyCapture: 'vacuous',
      measures: {},
    });
    expect(load('protocol: raft\nexpect: {verdict: violation}\n').expect.violation).toBeNull();
  });

  it('default mix weighs the protocol operations equally', () => {
    expect(load('protocol: primary-backup\n').workload.mix).toStrictEqual({ read: 0.5, write: 0.5 });
  });
});

describe('shorthands and alternatives', () => {
  it('latency: a duration is constant, a range is uniform, a number needs a unit (0 aside)', () => {
    expect(load('protocol: raft\nnetwork: {latency: 2ms}\n').network.latency).toStrictEqual({ dist: 'constant', valueUs: 2_000 });
    expect(load('protocol: raft\nnetwork: {latency: 1ms..4ms}\n').network.latency).toStrictEqual({
      dist: 'uniform',
      minUs: 1_000,
      maxUs: 4_000,
    });
    expect(() => load('protocol: raft\nnetwork: {latency: 1.5}\n')).toThrow(/network\.latency: expected a duration/);
    expect(() => load('protocol: raft\nduration: 5\n')).toThrow('duration: expected a duration with a unit, like 500us, 150ms, 2s or 1m, got 5');
    expect(load('protocol: raft\nnetwork: {latency: 0}\n').network.latency).toStrictEqual({ dist: 'constant', valueUs: 0 });
  });

  it('checks as a list', () => {
    expect(load('protocol: raft\nchecks: [invariants]\n').checks).toStrictEqual({
      linearizability: false,
      invariants: true,
      reportOnly: [],
      models: {},
      availabilityWindowUs: 500_000,
      searchStepsMax: 100_000_000,
      checkMemoryBytesMax: 2 * 1024 ** 3,
    });
    expect(load('protocol: raft\nchecks: { maxMemory: 512MiB }\n').checks.checkMemoryBytesMax).toBe(512 * 1024 ** 2);
    expect(load('protocol: raft\nchecks: []\n').checks).toMatchObject({ linearizability: false, invariants: false });
  });

  it('mix weights may be plain numbers, normalized to sum 1', () => {
    expect(load('protocol: raft\nworkload: {mix: {get: 3, put: 1}}\n').workload.mix).toStrictEqual({ get: 0.75, put: 0.25 });
    expect(load('protocol: raft\nworkload: {mix: {get: 10%, put: 10%}}\n').workload.mix).toStrictEqual({ get: 0.5, put: 0.5 });
  });

  it('partition groups may be single targets; heal: true', () => {
    const scenario = load('protocol: raft\nfaults: [{at: 1s, partition: [n1, [n2, n3]]}, {at: 2s, heal: true}]\n');
    expect(scenario.faults.map((f) => f.action)).toStrictEqual([
      { kind: 'partition', partition: { shape: 'groups', groups: [['n1'], ['n2', 'n3']] } },
      { kind: 'heal' },
    ]);
  });

  it('oneway.to may be rest: every server not in from', () => {
    const scenario = load('protocol: raft\nfaults: [{at: 1s, partition: {oneway: {from: leader, to: rest}}, for: 1s}]\n');
    expect(scenario.faults[0]!.action).toStrictEqual({
      kind: 'partition',
      partition: { shape: 'oneway', from: ['leader'], to: ['rest'] },
    });
  });

  it('counts give numbered ids', () => {
    const scenario = load('protocol: raft\nnodes: 7\nclients: 1\n');
    expect(scenario.servers).toStrictEqual(['n1', 'n2', 'n3', 'n4', 'n5', 'n6', 'n7']);
    expect(scenario.clients).toStrictEqual(['c1']);
  });

  it('a $schema key is accepted and ignored (JSON scenarios)', () => {
    expect(load('{"$schema": "../faultline.schema.json", "protocol": "raft"}').protocol).toBe('raft');
  });

  it('a protocol config with defaults only needs what differs', () => {
    expect(load('protocol: raft\nconfig: {preVote: false}\n').config).toStrictEqual({
      electionTimeout: { minUs: 150_000, maxUs: 300_000 },
      heartbeat: 50_000,
      preVote: false,
    });
  });
});
