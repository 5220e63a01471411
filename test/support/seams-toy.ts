// A toy protocol that exercises the kernel seams: two node kinds (`store` servers keep a
// register on disk and reply once it is durable; `lock` servers answer pings), clients
// that report a second role while they wait, a `synced` handler, declared events and
// message types, and a bug variant that replies before the write is durable.
import { z } from 'zod';
import type { AnyProtocol } from '../../sim/protocol.js';
import type { ClientContext, ClientNode, ClientOp, Context, NodeId, ServerNode, SyncId } from '../../sim/types.js';

export type ToyMsg =
  | { type: 'write'; op: number; value: unknown }
  | { type: 'read'; op: number }
  | { type: 'reply'; op: number; value: unknown }
  | { type: 'ping' };

const configSchema = z.strictObject({ replyToPing: z.boolean().default(true) });
type Config = z.output<typeof configSchema>;

export const TOY_VARIANTS = { 'ack-before-durable': 'the store replies before the write is durable' } as const;

class StoreServer implements ServerNode<ToyMsg> {
  value: unknown = null;
  durableSyncs: SyncId[] = [];
  constructor(private readonly ackBeforeDurable: boolean) {}
  start(ctx: Context<ToyMsg>): void {
    this.value = ctx.disk.get('value') ?? null;
  }
  receive(ctx: Context<ToyMsg>, from: NodeId, msg: ToyMsg): void {
    if (msg.type === 'read') ctx.send(from, { type: 'reply', op: msg.op, value: this.value });
    if (msg.type !== 'write') return;
    this.value = msg.value;
    ctx.disk.put('value', msg.value);
    const syncId = ctx.disk.sync();
    ctx.log('stored', { value: msg.value as number, syncId });
    const reply: ToyMsg = { type: 'reply', op: msg.op, value: msg.value };
    if (this.ackBeforeDurable) ctx.sendUnsynced(from, reply);
    else ctx.send(from, reply);
  }
  timer(): void {}
  synced(ctx: Context<ToyMsg>, syncId: SyncId): void {
    this.durableSyncs.push(syncId);
    ctx.log('durable', { syncId });
  }
  inspect() {
    return { role: 'store', value: this.value };
  }
}

class LockServer implements ServerNode<ToyMsg> {
  constructor(private readonly config: Config) {}
  start(): void {}
  receive(ctx: Context<ToyMsg>, from: NodeId, msg: ToyMsg): void {
    if (msg.type === 'ping' && this.config.replyToPing) ctx.send(from, { type: 'ping' });
  }
  timer(): void {}
  inspect() {
    return { role: 'lock' };
  }
}

/** Sends each op to the first store server; while it waits it also holds the role `waiting`. */
class ToyClient implements ClientNode<ToyMsg> {
  private op: ClientOp | null = null;
  constructor(private readonly store: NodeId) {}
  start(): void {}
  invoke(ctx: ClientContext<ToyMsg>, op: ClientOp): void {
    this.op = op;
    ctx.send(this.store, op.f === 'read' ? { type: 'read', op: op.id } : { type: 'write', op: op.id, value: op.value });
  }
  receive(ctx: ClientContext<ToyMsg>, _from: NodeId, msg: ToyMsg): void {
    if (msg.type !== 'reply' || this.op === null || msg.op !== this.op.id) return;
    ctx.complete(msg.op, { type: 'ok', value: msg.value });
    this.op = null;
  }
  timer(): void {}
  abandon(): void {
    this.op = null;
  }
  inspect() {
    return { role: 'client', roles: this.op === null ? [] : ['waiting'] };
  }
}

export const seamsToyProtocol: AnyProtocol = {
  name: 'test-seams-toy',
  description: 'kernel seams toy: store and lock servers, waiting clients',
  configSchema,
  variants: TOY_VARIANTS,
  model: 'register',
  operations: ['read', 'write'],
  roles: ['store', 'lock', 'client', 'waiting'],
  kinds: ['store', 'lock'],
  createServer: (_id, setup) =>
    setup.kind === 'lock' ? new LockServer(setup.config as Config) : new StoreServer(setup.variant === 'ack-before-durable'),
  createClient: (_id, setup) => new ToyClient(setup.services['store']?.[0] ?? setup.servers[0]!),
  invariants: [],
  events: { stored: { value: 'number', syncId: 'number' }, durable: { syncId: 'number' } },
  messageTypes: ['write', 'read', 'reply', 'ping'],
  messageBytes: () => 32,
};
