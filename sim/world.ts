// The world: builds hosts, network, clocks and faults from a scenario and runs the
// scheduler loop (pop event -> deliver / fire timer / apply fault / issue op). Everything
// a run produces (history, trace hash, statistics, invariant violations) comes from here.
import type { HistoryOp } from '../checkers/history.js';
import type { InvariantViolation, ObservedEvent } from '../checkers/invariants.js';
import { InvariantRunner } from '../checkers/invariant-runner.js';
import { NodeClock } from './clock.js';
import { kernelBug } from './assert.js';
import { SimDisk } from './disk.js';
import { applyFault, FaultLevels, type FaultableWorld, type KernelAction } from './faults.js';
import { Host, type HostEnvironment } from './host.js';
import { latencySampler, type LatencySampler } from './latency.js';
import { drawNemesis, type NemesisPopulation } from './nemesis.js';
import { Captures, type EmptyCapture } from './captures.js';
import { MessageFaults, type MessageRule } from './message-faults.js';
import { LinkFaults } from './link-faults.js';
import { corruptValue } from './corrupt.js';
import { LOST, Network, type NetworkStats } from './network.js';
import { CLIENT_KIND, serverKinds, type AnyProtocol, type ProtocolSetup, type ProtocolStats } from './protocol.js';
import { stream, type Uniform } from './rng.js';
import { ClientDriver } from './clients.js';
import { EventKind, SimEvent } from './sim-event.js';
import { EventQueue } from './scheduler.js';
import { placement } from './scenario/services.js';
import { settleStartUs } from './scenario/settle.js';
import { compareEpochs } from './targets.js';
import type { FaultSpec, Scenario } from './scenario/types.js';
import { Trace, TraceCode, type TraceSink } from './trace.js';
import type { AdminCommand, ClientOp, Message, Micros, NodeId, NodeView, OpResult, SyncId, TimerId } from "./types.js";
import { createGenerator, Workload } from './workload.js';

interface ScheduledFault {
  readonly action: KernelAction;
  readonly forUs: Micros | null;
  readonly forever: boolean;
  readonly origin: 'schedule' | 'nemesis' | 'undo' | 'settle';
}

/** How often (in events) the wall-clock budget is looked at. */
const WALL_CHECK_EVERY_EVENTS = 4096;

export type EndReason = 'completed' | 'events-budget' | 'virtual-time-budget' | 'wall-budget' | 'error';

export interface ProtocolError {
  readonly node: NodeId;
  readonly handler: string;
  readonly message: string;
  readonly stack: string;
  readonly eventIndex: number;
  readonly timeUs: Micros;
}

export interface DrawnSetup {
  readonly clocks: Readonly<Record<NodeId, { readonly driftPpm: number; readonly offsetUs: Micros }>>;
  readonly nemesis: readonly FaultSpec[];
}

import type { OpStats } from './history-recorder.js';
export type { OpStats } from './history-recorder.js';

export interface WorldOutcome {
  readonly endReason: EndReason;
  readonly error: ProtocolError | null;
  readonly endUs: Micros;
  readonly events: number;
  readonly traceEvents: number;
  readonly traceHash: string;
  readonly history: readonly HistoryOp[];
  readonly ops: OpStats;
  readonly okLatenciesUs: readonly number[];
  readonly network: NetworkStats;
  readonly faultsApplied: number;
  readonly invariantViolations: readonly InvariantViolation[];
  readonly eventsSeen: ReadonlySet<string>;
  /** Captures that bound no node (the verdict says so). */
  readonly emptyCaptures: readonly EmptyCapture[];
  /** When faults ended and everything was healed (null without faults). */
  readonly settleStartUs: Micros | null;
  /** How long the drain after the end lasted (0 without one). */
  readonly drainedUs: Micros;
  /** First ok completion at or after settleStartUs (or at all, without faults). */
  readonly firstOkAfterSettleUs: Micros | null;
  readonly protocolStats: Record<string, number>;
  readonly drawn: DrawnSetup;
}

export interface WorldOptions {
  readonly traceSink?: TraceSink | null;
  /** Milliseconds from some fixed point; injected so the kernel itself reads no real clock. */
  readonly wallClockMs?: () => number;
  /** Called every few thousand events (with the wall-clock check), e.g. for a progress line. */
  readonly onProgress?: (virtualUs: Micros, events: number) => void;
}

export class World implements HostEnvironment, FaultableWorld {
  nowUs: Micros = 0;
  readonly hosts: Host[] = [];
  readonly serverIndexes: number[] = [];
  readonly clientIndexes: number[] = [];
  readonly faultRandom: Uniform;
  readonly messageFaults: MessageFaults;
  readonly captures = new Captures();
  readonly faultLevels = new FaultLevels();
  readonly linkFaults: LinkFaults;
  readonly uniqueRoles: ReadonlySet<string>;
  private readonly groups = new Map<string, number[]>();
  /** What createServer/createClient get, per host: the shared fields plus its kind and group. */
  private readonly setups: ProtocolSetup<unknown>[] = [];
  /** How long a sync takes, drawn per node from its `disk:<id>` stream; null: syncs are instant. */
  private readonly syncLatency: LatencySampler | null;
  private readonly diskRandoms: Uniform[] = [];
  private readonly ids: string[] = [];
  private readonly indexById = new Map<string, number>();
  /**
   * The message object sized last, and its size: a broadcast sends one message object to
   * several peers back to back (Raft's AppendEntries), and a message does not change once
   * sent (receivers and held queues share it), so it is sized once (bytesOf).
   */
  private sizedMsg: Message | null = null;
  private sizedMsgBytes = 0;
  /** Node names for trace records; the last one (index ids.length) is the world itself, for faults. */
  private readonly traceNames: string[];
  private readonly scheduler = new EventQueue();
  /** The event being handled (the loop pops every event into this one object). */
  private readonly current = new SimEvent(0, 0, -1, -1, 0, null);
  private readonly network: Network;
  private readonly trace: Trace;
  private readonly clients: ClientDriver;
  private readonly setup: ProtocolSetup<unknown>;
  private readonly stats: ProtocolStats | null;
  private readonly invariants: InvariantRunner;
  /** Some invariant watches events: only then is an ObservedEvent built per log/crash/boot. */
  private readonly observing: boolean;
  private readonly eventsSeen = new Set<string>();
  private readonly clogged: SimEvent[] = [];
  private readonly partitions = new Map<number, readonly (readonly [number, number])[]>();
  private nextPartitionId = 1;
  private faultsApplied = 0;
  private events = 0;
  private error: ProtocolError | null = null;
  private readonly endUs: Micros;
  private readonly settleStartUs: Micros | null;
  private readonly drawn: DrawnSetup;
  private readonly viewOf = (id: string) => this.hosts[this.indexById.get(id)!]!.view();

  constructor(
    private readonly scenario: Scenario,
    private readonly protocol: AnyProtocol,
    private readonly options: WorldOptions = {},
  ) {
    const seed = scenario.seed;
    this.faultRandom = stream(seed, 'faults');
    this.messageFaults = new MessageFaults(stream(seed, 'message-faults'));
    this.trace = new Trace(options.traceSink ?? null);
    const members = scenario.servers.filter((id) => !scenario.spares.includes(id));
    const services = Object.fromEntries(scenario.services.map((s) => [s.name, [...s.nodes, ...s.spares]]));
    this.setup = {
      config: scenario.config, variant: scenario.variant, servers: members, allServers: scenario.servers,
      kind: serverKinds(protocol)[0]!, group: null, services,
    };
    const places = placement(scenario.servers, scenario.services, this.setup.kind);
    this.uniqueRoles = new Set(protocol.uniqueRoles ?? []);
    this.syncLatency = scenario.syncLatency === null ? null : latencySampler(scenario.syncLatency);
    const allIds = [...scenario.servers, ...scenario.clients];
    allIds.forEach((id, i) => {
      this.ids.push(id);
      this.indexById.set(id, i);
    });
    this.traceNames = [...allIds, 'world'];
    this.network = new Network(allIds.length, scenario.network, allIds, stream(seed, 'network'));
    this.linkFaults = new LinkFaults(this.network);

    const clockRandom = stream(seed, 'clocks');
    const clocks: Record<NodeId, { driftPpm: number; offsetUs: Micros }> = {};
    allIds.forEach((id, i) => {
      const own = scenario.clocks.nodes[id];
      const drawnDrift = (clockRandom() * 2 - 1) * scenario.clocks.driftPpm;
      const drawnOffset = Math.round((clockRandom() * 2 - 1) * scenario.clocks.offsetUs);
      const driftPpm = own?.driftPpm ?? Math.round(drawnDrift * 10) / 10;
      const offsetUs = own?.offsetUs ?? drawnOffset;
      clocks[id] = { driftPpm, offsetUs };
      const isClient = i >= scenario.servers.length;
      const host = new Host(
        i, id, isClient, new NodeClock(offsetUs, driftPpm), new SimDisk(),
        stream(seed, `node:${id}`), members, scenario.servers, this,
      );
      this.hosts.push(host);
      if (this.syncLatency !== null) {
        host.useSyncLatency();
        this.diskRandoms.push(stream(seed, `disk:${id}`));
      }
      (isClient ? this.clientIndexes : this.serverIndexes).push(i);
      const place = places.get(id) ?? { kind: CLIENT_KIND, group: null };
      this.setups.push({ ...this.setup, ...place });
      if (place.group !== null) this.groups.set(place.group, [...(this.groups.get(place.group) ?? []), i]);
    });

    const nemesis =
      scenario.nemesis === null
        ? []
        : drawNemesis(scenario.nemesis, nemesisPopulation(scenario, protocol.roles), stream(seed, 'nemesis'));
    this.drawn = { clocks, nemesis };

    const faults = [
      ...scenario.faults.map((f) => ({ ...f, origin: 'schedule' as const })),
      ...nemesis.map((f) => ({ ...f, origin: 'nemesis' as const })),
    ];
    if (faults.some((f) => f.action.kind === 'lose-synced')) for (const host of this.hosts) host.disk.keepJournal();
    this.settleStartUs = settleStartUs(faults);
    this.endUs = Math.max(scenario.durationUs, (this.settleStartUs ?? 0) + scenario.settleUs);
    const workloadStopUs = scenario.workload.stopUs >= scenario.durationUs ? this.endUs : scenario.workload.stopUs;
    const arrivals = new Workload(scenario.workload, stream(seed, 'workload'));
    this.clients = new ClientDriver(
      this, this.clientIndexes, scenario.workload, arrivals,
      createGenerator(scenario, protocol, arrivals, this.setup), workloadStopUs, this.settleStartUs ?? 0,
    );
    for (const f of faults) {
      const forever = f.forever === true;
      this.push(f.atUs, EventKind.fault, -1, -1, 0, { action: f.action, forUs: f.forUs, forever, origin: f.origin });
    }
    if (this.settleStartUs !== null) {
      this.push(this.settleStartUs, EventKind.fault, -1, -1, 0, { action: { kind: 'settle' }, forUs: null, forever: false, origin: 'settle' });
    }

    this.stats = protocol.createStats?.(this.setup, { reachesMajority: (id) => this.reachesMajority(id) }) ?? null;
    const invariants = scenario.checks.invariants ? protocol.invariants : [];
    this.invariants = new InvariantRunner(invariants, scenario.servers);
    this.observing = this.invariants.watchesEvents;
  }

  run(): WorldOutcome {
    const { scenario } = this;
    for (const i of [...this.serverIndexes, ...this.clientIndexes]) this.boot(i, 'start');
    this.clients.start();

    const wallClockMs = this.options.wallClockMs;
    const wallDeadlineMs = wallClockMs ? wallClockMs() + scenario.limits.wallMsMax : Infinity;
    const eventsMax = scenario.limits.eventsMax;
    // One comparison per event: the run stops at its end (then drains, when asked) or at
    // the virtual-time budget.
    const virtualTimeUsMax = scenario.limits.virtualTimeUsMax ?? Infinity;
    let limitUs = Math.min(this.endUs, virtualTimeUsMax);
    let draining = false;
    const scheduler = this.scheduler;
    const ev = this.current;
    let endReason: EndReason = 'completed';
    while (this.error === null) {
      if (scheduler.peekTimeUs() > limitUs || (draining && this.clients.openOps() === 0)) {
        const open = this.clients.openOps();
        if (!(draining && open === 0) && limitUs < (draining ? this.endUs + scenario.drainUs : this.endUs)) {
          endReason = 'virtual-time-budget';
          break;
        }
        // The drain: past the end, open ops may still complete or time out.
        if (draining || scenario.drainUs === 0 || open === 0) break;
        draining = true;
        limitUs = Math.min(this.endUs + scenario.drainUs, virtualTimeUsMax);
        continue;
      }
      scheduler.pop(ev);
      if (ev.atUs < this.nowUs) kernelBug(`time went back from ${this.nowUs}us to ${ev.atUs}us`);
      this.nowUs = ev.atUs;
      if (++this.events > eventsMax) {
        endReason = 'events-budget';
        break;
      }
      if (this.events % WALL_CHECK_EVERY_EVENTS === 0) {
        if (wallClockMs !== undefined && wallClockMs() > wallDeadlineMs) {
          endReason = 'wall-budget';
          break;
        }
        this.options.onProgress?.(this.nowUs, this.events);
      }
      switch (ev.kind) {
        case EventKind.deliver:
          this.deliver(ev);
          break;
        case EventKind.timer:
          this.fireTimer(ev);
          break;
        case EventKind.fault:
          this.fireFault(ev.payload as ScheduledFault);
          break;
        case EventKind.arrival:
          this.clients.arrival();
          break;
        case EventKind.invoke:
          this.clients.invokeNext(ev.node);
          break;
        case EventKind.timeout:
          this.clients.timeout(ev.node, ev.opId);
          break;
        case EventKind.sync:
          this.syncDone(ev);
          break;
      }
    }
    if (this.error !== null) endReason = 'error';
    if (endReason === 'completed') this.nowUs = draining ? Math.max(this.nowUs, this.endUs) : this.endUs;
    if (endReason === 'completed' && draining && this.clients.openOps() > 0) this.nowUs = limitUs;
    this.clients.finishOpenOps();
    this.checkInvariantsAtEnd();
    const recorder = this.clients.recorder;
    return {
      endReason,
      error: this.error,
      endUs: this.nowUs,
      events: Math.min(this.events, eventsMax),
      traceEvents: this.trace.count,
      traceHash: this.trace.hex(),
      history: recorder.ops,
      ops: recorder.stats,
      okLatenciesUs: recorder.okLatenciesUs,
      network: this.network.stats,
      faultsApplied: this.faultsApplied,
      invariantViolations: this.invariants.violations,
      eventsSeen: this.eventsSeen,
      emptyCaptures: this.captures.empty,
      settleStartUs: this.settleStartUs,
      drainedUs: this.nowUs - Math.min(this.nowUs, this.endUs),
      firstOkAfterSettleUs: this.clients.firstOkAfterUs,
      protocolStats: this.stats?.result(this.nowUs) ?? {},
      drawn: this.drawn,
    };
  }

  // ---- HostEnvironment: what nodes' contexts call ----

  scheduleTimer(host: Host, timerId: TimerId, atUs: Micros): void {
    this.push(atUs, EventKind.timer, host.index, -1, timerId, null);
  }

  scheduleSync(host: Host, syncId: SyncId): void {
    const sample = this.syncLatency;
    const atUs = sample === null ? this.nowUs : Math.max(host.lastSyncDoneUs, this.nowUs + sample(this.diskRandoms[host.index]!));
    host.lastSyncDoneUs = atUs;
    this.push(atUs, EventKind.sync, host.index, -1, syncId, null);
  }

  logEvent(host: Host, event: string, fields: Record<string, unknown> | undefined): void {
    const detail = fields ?? {};
    const index = this.record(TraceCode.log, host.index, -1, event, detail);
    this.eventsSeen.add(event);
    this.stats?.onEvent(host.id, event, detail, this.nowUs);
    if (this.observing && this.invariants.wants(event)) this.observe({ index, timeUs: this.nowUs, kind: 'log', node: host.id, name: event, fields: detail });
  }

  completeOp(host: Host, opId: number, result: OpResult): void {
    const hadProgress = this.clients.firstOkAfterUs !== null;
    this.clients.complete(host, opId, result);
    if (!hadProgress && this.clients.firstOkAfterUs !== null) this.eventsSeen.add('op-ok');
  }

  protocolError(host: Host, where: string, thrown: unknown): void {
    if (this.error === null) this.fail(host, where, thrown);
  }

  // ---- FaultableWorld: what faults do ----

  indexOf(id: string): number | undefined {
    return this.indexById.get(id);
  }

  groupIndexes(name: string): readonly number[] | undefined {
    return this.groups.get(name) ?? this.captures.get(name);
  }

  compareEpochs(a: NodeView, b: NodeView): number {
    const epochOf = this.protocol.epochOf;
    return epochOf === undefined ? 0 : compareEpochs(epochOf(a), epochOf(b));
  }

  wipeDisk(i: number): number {
    this.crash(i);
    return this.hosts[i]!.disk.wipe();
  }

  loseSyncedWrites(i: number, writes: number): number {
    this.crash(i, true); // a power loss: what was not synced is gone as well
    return this.hosts[i]!.disk.loseLastWrites(writes).length;
  }

  corruptDisk(i: number, keyPrefix: string): string | null {
    return this.hosts[i]!.disk.corrupt(keyPrefix, this.faultRandom, corruptValue);
  }

  /** Crash a node; `loseUnsynced` overrides the scenario's disk.loseUnsyncedWrites (a power loss). */
  crash(i: number, loseUnsynced = this.scenario.loseUnsyncedWrites): void {
    const host = this.hosts[i]!;
    if (host.status === 'down') return;
    // Messages that had reached a paused node but were never handled are lost with it.
    for (const ev of host.pausedInbox as SimEvent[]) {
      if (ev.kind !== EventKind.deliver) continue;
      const msg = ev.payload as Message;
      this.network.countNodeDown();
      this.record(TraceCode.drop, i, ev.peer, msg.type, this.trace.keeping ? { reason: 'node-down', msg } : undefined);
    }
    const lostWrites = host.crash(loseUnsynced);
    const fields = { lostWrites };
    const index = this.record(TraceCode.crash, i, -1, 'crash', fields);
    this.stats?.onEvent(host.id, 'crash', fields, this.nowUs);
    this.observe({ index, timeUs: this.nowUs, kind: 'crash', node: host.id, name: 'crash', fields });
  }

  restart(i: number): void {
    if (this.hosts[i]!.status !== 'down') return;
    this.boot(i, 'restart');
  }

  pause(i: number, layer: number): void {
    const host = this.hosts[i]!;
    if (host.status === 'down') return;
    host.pauses.add(layer);
    if (host.status === 'paused') return; // nested: the outer pause already holds it
    host.status = 'paused';
    this.record(TraceCode.pause, i, -1, 'pause', {});
  }

  resume(i: number, layer: number | null): void {
    const host = this.hosts[i]!;
    if (host.status !== 'paused') return;
    if (layer === null) host.pauses.clear();
    else host.pauses.delete(layer);
    if (host.pauses.size > 0) return; // another pause still holds it
    host.status = 'up';
    this.record(TraceCode.resume, i, -1, 'resume', { queued: host.pausedInbox.length });
    // Ops that timed out during the pause are abandoned before anything else happens.
    const abandoned = host.abandonOnResume.splice(0);
    for (const opId of abandoned) {
      const client = host.client;
      this.runHandler(host, 'abandon', () => client.abandon(host.context, opId));
    }
    // What arrived during the pause is handled now, before anything arriving at this
    // instant, in arrival order. It already crossed the network: no second check.
    const queued = host.pausedInbox.splice(0) as SimEvent[];
    for (const ev of queued) {
      if (this.error !== null || host.status !== 'up') break;
      if (ev.kind === EventKind.deliver) this.handleMessage(host, ev);
      else if (ev.kind === EventKind.sync) this.notifySynced(host, ev.syncId);
      else this.fireTimer(ev);
    }
  }

  stepClock(i: number, stepUs: Micros): void {
    const host = this.hosts[i]!;
    host.clock.step(this.nowUs, stepUs);
    host.rescheduleTimers(this.nowUs);
  }

  setDrift(i: number, driftPpm: number): void {
    const host = this.hosts[i]!;
    host.clock.setDrift(this.nowUs, driftPpm);
    host.rescheduleTimers(this.nowUs);
  }

  partition(pairs: readonly (readonly [number, number])[]): number {
    const id = this.nextPartitionId++;
    this.partitions.set(id, pairs);
    this.network.adjustCuts(pairs, 1, this.nowUs);
    return id;
  }

  healPartition(partitionId: number): void {
    const pairs = this.partitions.get(partitionId);
    if (pairs === undefined) return; // already healed by `heal: all`
    this.partitions.delete(partitionId);
    this.network.adjustCuts(pairs, -1, this.nowUs);
  }

  admin(command: AdminCommand): void {
    for (const host of this.hosts) {
      if (this.error !== null) return;
      if (host.isClient || host.status !== 'up') continue;
      const server = host.server;
      if (server.admin === undefined) continue;
      this.runHandler(host, `admin ${command.name}`, () => server.admin!(host.context, command));
    }
  }

  partitionIds(): readonly number[] {
    return [...this.partitions.keys()];
  }

  healAll(): void {
    this.partitions.clear();
    this.network.healAll();
  }

  setLoss(rate: number | null): void {
    this.network.setLoss(rate);
  }

  setClogged(i: number, clogged: boolean): void {
    this.network.setClogged(i, clogged, this.nowUs);
    if (clogged) return;
    // Release held messages whose two ends are now both free. They waited out their
    // latency already, so they are delivered now, before anything else arriving at this
    // instant, in the order they were held (so fifo links stay in order).
    const held = this.clogged.splice(0);
    for (const ev of held) {
      if (this.error !== null || this.network.isClogged(ev.peer, ev.node)) this.clogged.push(ev);
      else this.deliver(ev);
    }
  }

  // ---- the event handlers ----

  private deliver(ev: SimEvent): void {
    const to = ev.node;
    const from = ev.peer;
    const host = this.hosts[to]!;
    const msg = ev.payload as Message;
    if (from !== to) {
      if (this.network.isClogged(from, to)) {
        this.clogged.push(this.held(ev));
        return;
      }
      if (!this.network.deliverable(from, to, ev.sentAtUs)) {
        this.record(TraceCode.drop, to, from, msg.type, this.trace.keeping ? { reason: 'in-flight', sentAtUs: ev.sentAtUs, msg } : undefined);
        return;
      }
    }
    if (host.status === 'down') {
      this.network.countNodeDown();
      this.record(TraceCode.drop, to, from, msg.type, this.trace.keeping ? { reason: 'node-down', sentAtUs: ev.sentAtUs, msg } : undefined);
      return;
    }
    if (host.status === 'paused') {
      host.pausedInbox.push(this.held(ev));
      return;
    }
    this.handleMessage(host, ev);
  }

  /** An event to keep for later: the loop's reused event is copied; a held one stays itself (one identity per held message). */
  private held(ev: SimEvent): SimEvent {
    return ev === this.current ? ev.copy() : ev;
  }

  /** The message has arrived at a node that is up: run its handler. */
  private handleMessage(host: Host, ev: SimEvent): void {
    if (host.status !== 'up') kernelBug(`${host.id} is ${host.status} but a message was handed to it`);
    if (ev !== this.current) {
      if (ev.handled) kernelBug(`a held ${(ev.payload as Message).type} to ${host.id} was delivered twice`);
      ev.handled = true;
    }
    const to = ev.node;
    const from = ev.peer;
    const msg = ev.payload as Message;
    this.network.countDelivered();
    this.record(TraceCode.deliver, to, from, msg.type, this.trace.keeping ? { sentAtUs: ev.sentAtUs, msg } : undefined);
    // The handler is called directly (no closure per delivery); see runHandler.
    try {
      host.node!.receive(host.context, this.ids[from]!, msg);
    } catch (thrown) {
      this.fail(host, msg.type, thrown);
      return;
    }
    if (host.outboxCount > 0) this.sendOutbox(host, '', msg.type);
  }

  private fireTimer(ev: SimEvent): void {
    const host = this.hosts[ev.node]!;
    if (host.status === 'down') return;
    if (host.status === 'paused') {
      host.pausedInbox.push(this.held(ev));
      return;
    }
    const timerId = ev.timerId;
    const name = host.takeDueTimer(timerId, this.nowUs);
    if (name === null) return;
    this.record(TraceCode.timer, ev.node, -1, name, undefined);
    try {
      host.node!.timer(host.context, name, timerId);
    } catch (thrown) {
      this.fail(host, `timer ${name}`, thrown);
      return;
    }
    if (host.outboxCount > 0) this.sendOutbox(host, 'timer ', name);
  }

  /** A sync completes: its writes are durable now; a paused node is told at its resume. */
  private syncDone(ev: SimEvent): void {
    const host = this.hosts[ev.node]!;
    if (host.status === 'down' || !host.completeSync(ev.syncId)) return;
    if (host.status === 'paused') host.pausedInbox.push(this.held(ev));
    else this.notifySynced(host, ev.syncId);
  }

  /** Release the messages held behind the sync, then run the node's `synced` handler. */
  private notifySynced(host: Host, syncId: SyncId): void {
    host.takeSyncNotice(syncId);
    this.record(TraceCode.sync, host.index, -1, 'sync', { syncId });
    // The handler is called directly (no closure per sync), as deliveries are; the held
    // messages it released are in the outbox even when the node has no handler.
    if (host.status !== 'up') kernelBug(`${host.id} is ${host.status} but its synced handler was called`);
    const node = host.node!;
    try {
      if (node.synced !== undefined) node.synced(host.context, syncId);
    } catch (thrown) {
      this.fail(host, 'synced', thrown);
      return;
    }
    if (host.outboxCount > 0) this.sendOutbox(host, '', 'synced');
  }

  private fireFault(fault: ScheduledFault): void {
    const applied = applyFault(this, fault.action, fault.forUs, fault.forever);
    this.faultsApplied++;
    const length = fault.forUs !== null ? { forUs: fault.forUs } : fault.forever ? { forever: true } : {};
    const detail = { origin: fault.origin, ...length, ...applied.detail };
    // A nemesis fault hashes as a scheduled one: written out as a schedule (--nemesis-out),
    // it is the same run with the same hash. The trace still shows where it came from.
    const hashed = fault.origin === 'nemesis' ? { ...detail, origin: 'schedule' } : detail;
    const index = this.record(TraceCode.fault, -1, -1, fault.action.kind, hashed, detail);
    // Invariants that name a violation's likely cause see faults too (`fields.nodes`: whom it touched).
    this.observe({ index, timeUs: this.nowUs, kind: 'fault', node: '', name: fault.action.kind, fields: detail });
    this.stats?.onWorldChange?.(this.nowUs);
    if (applied.undo !== null && fault.forUs !== null) {
      this.push(this.nowUs + fault.forUs, EventKind.fault, -1, -1, 0, { action: applied.undo, forUs: null, forever: false, origin: 'undo' });
    }
  }

  /** StatsWorld: see its documentation in sim/protocol.ts. */
  private reachesMajority(id: NodeId): boolean {
    const i = this.indexById.get(id);
    if (i === undefined || this.hosts[i]!.status !== 'up') return false;
    const members = this.setup.servers;
    let reached = 0;
    for (const member of members) {
      const j = this.indexById.get(member)!;
      if (j === i) reached++;
      else if (this.hosts[j]!.status === 'up' && this.linkWorks(i, j) && this.linkWorks(j, i)) reached++;
    }
    return reached * 2 > members.length;
  }

  private linkWorks(from: number, to: number): boolean {
    return !this.network.isCut(from, to) && !this.network.isClogged(from, to);
  }

  // ---- nodes ----

  private boot(i: number, kind: 'start' | 'restart'): void {
    const host = this.hosts[i]!;
    const setup = this.setups[i]!;
    try {
      host.node = host.isClient ? this.protocol.createClient(host.id, setup) : this.protocol.createServer(host.id, setup);
    } catch (thrown) {
      this.fail(host, host.isClient ? 'createClient' : 'createServer', thrown);
      return;
    }
    host.status = 'up';
    // Service groups show in the trace (only when declared, so plain runs hash as before).
    const detail = setup.group === null ? {} : { group: setup.group, kind: setup.kind };
    const index = this.record(TraceCode[kind], i, -1, kind, detail);
    if (kind === 'restart') this.stats?.onEvent(host.id, 'restart', {}, this.nowUs);
    this.observe({ index, timeUs: this.nowUs, kind, node: host.id, name: kind, fields: {} });
    const node = host.node;
    this.runHandler(host, kind, () => node.start(host.context));
  }

  /**
   * Run one handler, catch what it throws, then send what it left in its outbox. The
   * handlers that run per message, timer, sync or op (deliver, fireTimer, notifySynced,
   * runInvoke) inline this instead, to allocate no closure per event.
   */
  runHandler(host: Host, label: string, handler: () => void): void {
    if (host.status !== 'up') kernelBug(`${host.id} is ${host.status} but its ${label} handler was called`);
    try {
      handler();
    } catch (thrown) {
      this.fail(host, label, thrown);
      return;
    }
    if (host.outboxCount > 0) this.sendOutbox(host, '', label);
  }

  /** A client's invoke handler, called directly as deliveries are (no closure per op). */
  runInvoke(host: Host, op: ClientOp): void {
    if (host.status !== 'up') kernelBug(`${host.id} is ${host.status} but its invoke handler was called`);
    try {
      host.client.invoke(host.context, op);
    } catch (thrown) {
      this.fail(host, `invoke ${op.f}`, thrown);
      return;
    }
    if (host.outboxCount > 0) this.sendOutbox(host, 'invoke ', op.f);
  }

  /**
   * Send, in order, what a handler left in its host's outbox, then empty the outbox. The
   * handler's label (for errors) is `labelPrefix + labelName`, joined only on an error.
   */
  private sendOutbox(host: Host, labelPrefix: string, labelName: string): void {
    const to = host.outboxTo;
    const msgs = host.outboxMsg;
    const from = host.index;
    try {
      for (let k = 0; k < host.outboxCount; k++) {
        const msg = msgs[k]!;
        const toId = to[k]!;
        // Replies and leader-follower traffic repeat a destination: skip the Map then.
        let toIndex: number | undefined = host.lastToIndex;
        if (toId !== host.lastToId) {
          toIndex = this.indexById.get(toId);
          if (toIndex === undefined) {
            this.fail(host, labelPrefix + labelName, new Error(`${host.id} sent ${msg.type} to unknown node "${toId}"`));
            return;
          }
          host.lastToId = toId;
          host.lastToIndex = toIndex;
        }
        this.transmit(from, toIndex, msg);
      }
    } catch (thrown) {
      // Only protocol code can throw here (messageBytes); the kernel's own paths do not.
      this.fail(host, `${labelPrefix}${labelName} (sending)`, thrown);
    } finally {
      host.clearOutbox();
    }
  }

  /** The protocol's size of `msg`, computed once for a message sent to several peers in a row. */
  private bytesOf(msg: Message): number {
    if (msg !== this.sizedMsg) {
      this.sizedMsgBytes = this.protocol.messageBytes(msg);
      this.sizedMsg = msg;
    }
    return this.sizedMsgBytes;
  }

  private transmit(from: number, to: number, msg: Message): void {
    if (from === to) {
      // Loopback: never lost, but counted like any other message.
      this.network.countLoopback(this.bytesOf(msg));
      this.push(this.nowUs + 1, EventKind.deliver, to, from, this.nowUs, msg);
      return;
    }
    const network = this.network;
    const rule = this.messageFaults.active ? this.messageFaults.take(from, to, msg) : null;
    if (rule?.effect.kind === 'drop') {
      network.countFaultDrop(this.bytesOf(msg));
      this.record(TraceCode.drop, to, from, msg.type, this.trace.keeping ? { reason: 'fault', fault: rule.id, msg } : undefined);
      return;
    }
    const arrivalUs = network.send(from, to, this.nowUs, this.bytesOf(msg));
    if (arrivalUs === LOST) {
      this.record(TraceCode.drop, to, from, msg.type, this.trace.keeping ? this.dropDetail(msg) : undefined);
      return;
    }
    if (rule !== null) {
      this.transmitTouched(from, to, msg, rule, arrivalUs);
      return;
    }
    this.push(arrivalUs, EventKind.deliver, to, from, this.nowUs, msg);
    if (network.lastDuplicateArrivalUs !== LOST) this.networkDuplicate(from, to, msg);
  }

  /** Why the network lost a message; a link fault that set the link's loss is named (`link: l1`). */
  private dropDetail(msg: Message): Record<string, unknown> {
    const reason = this.network.lastDropReason;
    const link = reason === 'loss' ? this.network.lastLinkFault : '';
    return link === '' ? { reason, msg } : { reason, link, msg };
  }

  /** The network made a second copy; one a link fault's duplicate probability made names it. */
  private networkDuplicate(from: number, to: number, msg: Message): void {
    const network = this.network;
    this.push(network.lastDuplicateArrivalUs, EventKind.deliver, to, from, this.nowUs, msg);
    const link = network.lastLinkFault;
    this.record(TraceCode.duplicate, to, from, msg.type, link === '' ? undefined : { link });
  }

  /** A message fault touched this message: it arrives when the fault says, and the trace names the fault. */
  private transmitTouched(from: number, to: number, msg: Message, rule: MessageRule, networkArrivalUs: Micros): void {
    const arrivalUs = this.messageFaults.arrivalUs(rule, networkArrivalUs);
    this.push(arrivalUs, EventKind.deliver, to, from, this.nowUs, msg);
    if (rule.effect.kind === 'duplicate') {
      this.push(arrivalUs, EventKind.deliver, to, from, this.nowUs, msg);
      this.record(TraceCode.duplicate, to, from, msg.type, { fault: rule.id });
    } else {
      this.record(TraceCode.delay, to, from, msg.type, { fault: rule.id, arrivalUs });
    }
    // A copy the network made on its own still arrives when the network said.
    if (this.network.lastDuplicateArrivalUs !== LOST) this.networkDuplicate(from, to, msg);
  }

  private fail(host: Host, handler: string, thrown: unknown): void {
    const error = thrown instanceof Error ? thrown : new Error(String(thrown));
    const index = this.record(TraceCode.error, host.index, -1, handler, { message: error.message });
    this.error = {
      node: host.id,
      handler,
      message: error.message,
      stack: (error.stack ?? '').split('\n').slice(1, 6).join('\n'),
      eventIndex: index,
      timeUs: this.nowUs,
    };
  }

  // ---- invariants ----

  private observe(event: ObservedEvent): void {
    if (this.observing) this.invariants.onEvent(event, this.viewOf);
  }

  private checkInvariantsAtEnd(): void {
    this.invariants.atEnd(this.viewOf, this.nowUs);
  }

  // ---- plumbing ----

  push(atUs: Micros, kind: number, node: number, peer: number, n: number, payload: unknown): void {
    this.scheduler.push(atUs, kind, node, peer, n, payload);
  }

  /** ClientWorld: see its documentation in sim/clients.ts. */
  pushInOrder(atUs: Micros, kind: number, node: number, peer: number, n: number, payload: unknown): void {
    this.scheduler.pushInOrder(atUs, kind, node, peer, n, payload);
  }

  record(
    code: TraceCode,
    node: number,
    peer: number,
    label: string,
    detail: Readonly<Record<string, unknown>> | undefined,
    shown: Readonly<Record<string, unknown>> | undefined = detail,
  ): number {
    return this.trace.record(code, this.nowUs, node < 0 ? this.ids.length : node, peer, label, detail, this.traceNames, shown);
  }

  /** ClientWorld: see its documentation in sim/clients.ts. */
  recordOp(code: TraceCode, node: number, label: string, opId: number, second: 'key' | 'type', secondValue: string | null, value: unknown): number {
    return this.trace.recordOp(code, this.nowUs, node, label, opId, second, secondValue, value, this.traceNames);
  }
}

/** What the nemesis may aim at: the scenario's nodes, groups and the protocol's roles. */
function nemesisPopulation(scenario: Scenario, roles: readonly string[]): NemesisPopulation {
  const groups = Object.fromEntries(scenario.services.map((s) => [s.name, [...s.nodes, ...s.spares]]));
  return { servers: scenario.servers, clients: scenario.clients, groups, roles };
}
