// The client driver: when each client issues its next op (open loop: Poisson arrivals
// handed to an idle client round-robin; closed loop: back to back with think time), what
// the op is (the run's op generator), its timeout, and how it ends. It records the
// history; the world routes the events to it and runs the client's handlers.
import { EventKind } from './sim-event.js';
import type { Host, OpInProgress } from './host.js';
import { HistoryRecorder } from './history-recorder.js';
import type { WorkloadSpec } from './scenario/types.js';
import { TraceCode } from './trace.js';
import type { ClientOp, Micros, OpGenerator, OpResult, WorkloadClient, WorkloadOp } from './types.js';
import type { Workload } from './workload.js';

/** How a closed-loop client waits when it is down, paused or idle before trying again. */
const CLIENT_RETRY_US = 10_000;

/** What the driver needs from the world. */
export interface ClientWorld {
  readonly nowUs: Micros;
  readonly hosts: readonly Host[];
  push(atUs: Micros, kind: number, node: number, peer: number, n: number, payload: unknown): void;
  /**
   * Push an event no earlier than the last one pushed this way (op timeouts: each one
   * timeout after its invocation): the queue keeps these, mostly dead by the time they
   * come due, in a FIFO lane beside its lists (sim/fifo-lane.ts).
   */
  pushInOrder(atUs: Micros, kind: number, node: number, peer: number, n: number, payload: unknown): void;
  /**
   * Trace an op's invocation (`second` 'key': detail `{op, key, value}`) or completion
   * ('type': `{op, type, value}`), the detail hashed from the values without an object.
   */
  recordOp(code: TraceCode, node: number, label: string, opId: number, second: 'key' | 'type', secondValue: string | null, value: unknown): number;
  /** Run a client handler, catching what it throws and sending what it left in its outbox. */
  runHandler(host: Host, label: string, handler: () => void): void;
  /** The same for the client's invoke handler, without a closure per op. */
  runInvoke(host: Host, op: ClientOp): void;
  /** Protocol code (here: its op generator) threw: the run ends with verdict error. */
  protocolError(host: Host, where: string, thrown: unknown): void;
}

export class ClientDriver {
  readonly recorder = new HistoryRecorder();
  /** True time of the first ok completion at or after `okAfterUs`. */
  firstOkAfterUs: Micros | null = null;
  private nextOpId = 1;
  private nextArrivalClient = 0;
  private readonly slots: WorkloadClient[];

  constructor(
    private readonly world: ClientWorld,
    private readonly clientIndexes: readonly number[],
    private readonly spec: WorkloadSpec,
    private readonly arrivals: Workload,
    private readonly generator: OpGenerator,
    /** No new op at or after this true time. */
    private readonly stopUs: Micros,
    /** Progress is an ok completion at or after this (the settle start, or 0). */
    private readonly okAfterUs: Micros,
  ) {
    this.slots = clientIndexes.map((i, index) => ({ id: world.hosts[i]!.id, index }));
  }

  /** Ops invoked and not yet ended. */
  openOps(): number {
    let open = 0;
    for (const i of this.clientIndexes) if (this.world.hosts[i]!.currentOp !== null) open++;
    return open;
  }

  start(): void {
    const spec = this.spec;
    if (this.clientIndexes.length === 0 || Object.keys(spec.mix).length === 0) return;
    if (spec.ratePerSecond !== null) {
      const first = spec.startUs + this.arrivals.nextArrivalGapUs();
      if (first < this.stopUs) this.world.push(first, EventKind.arrival, -1, -1, 0, null);
    } else {
      const n = Math.min(spec.concurrency, this.clientIndexes.length);
      for (let k = 0; k < n; k++) this.world.push(spec.startUs, EventKind.invoke, this.clientIndexes[k]!, -1, 0, null);
    }
  }

  /** An open-loop arrival: the next idle client with something to do takes it. */
  arrival(): void {
    const clients = this.clientIndexes;
    let taken = false;
    for (let tries = 0; tries < clients.length && !taken; tries++) {
      const k = this.nextArrivalClient;
      this.nextArrivalClient = (k + 1) % clients.length;
      const host = this.world.hosts[clients[k]!]!;
      if (host.status === 'up' && host.currentOp === null) taken = this.invoke(host, k);
    }
    if (!taken) this.recorder.stats.skipped++;
    const next = this.world.nowUs + this.arrivals.nextArrivalGapUs();
    if (next < this.stopUs) this.world.push(next, EventKind.arrival, -1, -1, 0, null);
  }

  /** A closed-loop client's turn. */
  invokeNext(i: number): void {
    const nowUs = this.world.nowUs;
    if (nowUs >= this.stopUs) return;
    const host = this.world.hosts[i]!;
    const ready = host.status === 'up';
    if (ready && host.currentOp !== null) return;
    if (!ready || !this.invoke(host, this.clientIndexes.indexOf(i))) {
      this.world.push(nowUs + CLIENT_RETRY_US, EventKind.invoke, i, -1, 0, null);
    }
  }

  /** Ask the generator for the client's next op and start it; false when it had none. */
  private invoke(host: Host, slot: number): boolean {
    // The kernel's own rule, whatever the generator does: one op at a time per client.
    if (host.currentOp !== null) throw new Error(`kernel: ${host.id} was asked for an op while op ${host.currentOp.id} is open`);
    let generated: WorkloadOp | null;
    try {
      generated = this.generator.next(this.slots[slot]!);
      if (generated !== null && (typeof generated.f !== 'string' || generated.f === '')) {
        throw new Error(`the op generator returned an op without a function name (f): ${JSON.stringify(generated)}`);
      }
    } catch (thrown) {
      this.world.protocolError(host, 'workload next', thrown);
      return true; // the run ends here; no retry
    }
    if (generated === null) return false;
    const world = this.world;
    const nowUs = world.nowUs;
    // A generator that leaves out key or value means none (null), as the history records it.
    const op: ClientOp = { id: this.nextOpId++, f: generated.f, key: generated.key ?? null, value: generated.value ?? null };
    const current: OpInProgress = { id: op.id, f: op.f, key: op.key, value: op.value, process: host.process, invokedAtUs: nowUs, slot, generated };
    host.currentOp = current;
    this.recorder.append(nowUs, current, 'invoke', op.value, undefined, host.id, undefined);
    world.recordOp(TraceCode.invoke, host.index, op.f, op.id, 'key', op.key, op.value);
    world.pushInOrder(nowUs + this.spec.timeoutUs, EventKind.timeout, host.index, -1, op.id, null);
    world.runInvoke(host, op);
    return true;
  }

  /** The client reported an outcome. Late ones (the op already timed out) are ignored. */
  complete(host: Host, opId: number, result: OpResult): void {
    const op = host.currentOp;
    if (op === null || op.id !== opId) return;
    const value = result.type === 'ok' && 'value' in result ? result.value : op.value;
    const error = result.type === 'ok' ? undefined : result.error;
    const nowUs = this.world.nowUs;
    this.end(host, result.type, value, error, result.server);
    if (result.type === 'ok') {
      this.recorder.okLatenciesUs.push(nowUs - op.invokedAtUs);
      if (this.firstOkAfterUs === null && nowUs >= this.okAfterUs) this.firstOkAfterUs = nowUs;
    }
  }

  /** The op's timeout passed: it ends as info, and the client is told to abandon it. */
  timeout(i: number, opId: number): void {
    const host = this.world.hosts[i]!;
    if (host.currentOp === null || host.currentOp.id !== opId) return;
    this.end(host, 'info', host.currentOp.value, 'timeout', undefined);
    if (host.status === 'up') {
      const client = host.client;
      this.world.runHandler(host, 'abandon', () => client.abandon(host.context, opId));
    } else if (host.status === 'paused') {
      host.abandonOnResume.push(opId);
    }
  }

  /** At the end, ops still in progress are indeterminate. */
  finishOpenOps(): void {
    for (const i of this.clientIndexes) {
      const host = this.world.hosts[i]!;
      const op = host.currentOp;
      if (op === null) continue;
      this.append(host, 'info', op.value, 'run ended', undefined);
      host.currentOp = null;
      this.tellGenerator(host, op.slot, op.generated, 'info', op.value);
    }
  }

  /** Tell the generator how an op ended (protocol code: what it throws ends the run). */
  private tellGenerator(host: Host, slot: number, op: WorkloadOp, type: 'ok' | 'fail' | 'info', value: unknown): void {
    const generator = this.generator;
    if (generator.completed === undefined) return;
    try {
      generator.completed(this.slots[slot]!, op, { type, value });
    } catch (thrown) {
      this.world.protocolError(host, 'workload completed', thrown);
    }
  }

  private end(host: Host, type: 'ok' | 'fail' | 'info', value: unknown, error: string | undefined, server: string | undefined): void {
    const op = host.currentOp!;
    this.append(host, type, value, error, server);
    this.world.recordOp(TraceCode.complete, host.index, op.f, op.id, 'type', type, value);
    host.currentOp = null;
    // Jepsen: a process whose op is indeterminate never issues another; a new one takes over.
    if (type === 'info') host.process += this.clientIndexes.length;
    this.tellGenerator(host, op.slot, op.generated, type, value);
    if (this.spec.ratePerSecond === null) {
      this.world.push(this.world.nowUs + this.spec.thinkUs, EventKind.invoke, host.index, -1, 0, null);
    }
  }

  private append(host: Host, type: 'ok' | 'fail' | 'info', value: unknown, error: string | undefined, server: string | undefined): void {
    this.recorder.append(this.world.nowUs, host.currentOp!, type, value, error, host.id, server);
  }
}
