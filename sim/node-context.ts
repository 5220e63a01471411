// The context a node's handlers receive. One class for every host, with its methods on
// the prototype: a call such as `ctx.send(...)` in protocol code then sees one target
// whichever host runs it. Per-host closures would give each host its own function
// objects: a call site that had seen only one host (a saga coordinator, the first run's
// hosts) is compiled for that one closure and deoptimizes ("wrong call target") when
// another host reaches it. See docs/benchmarks.md, "the node context".
import type { Host } from './host.js';
import type { ClientContext, Message, Micros, NodeId, OpResult, TimerId } from './types.js';

export class NodeContext implements ClientContext<Message> {
  readonly id: NodeId;
  readonly peers: readonly NodeId[];
  readonly disk: Host['disk'];

  constructor(
    private readonly host: Host,
    readonly servers: readonly NodeId[],
    readonly allServers: readonly NodeId[],
  ) {
    this.id = host.id;
    this.peers = servers.filter((s) => s !== host.id);
    this.disk = host.disk;
  }

  now(): Micros {
    return this.host.localNowUs();
  }

  send(to: NodeId, msg: Message): void {
    this.host.send(to, msg);
  }

  sendUnsynced(to: NodeId, msg: Message): void {
    this.host.post(to, msg);
  }

  setTimer(afterUs: Micros, name: string): TimerId {
    return this.host.setTimer(afterUs, name);
  }

  cancelTimer(timerId: TimerId): void {
    this.host.timers.delete(timerId);
  }

  random(): number {
    return this.host.random();
  }

  log(event: string, fields?: Record<string, unknown>): void {
    this.host.logEvent(event, fields);
  }

  complete(opId: number, result: OpResult): void {
    this.host.completeOp(opId, result);
  }
}
