// ABD's pieces on a fake context: timestamp order with and without the tie-break, a
// replica keeps only newer values and syncs before it answers, and a coordinator's phases
// (query, write-back, store) count a majority.
import { describe, expect, it } from 'vitest';
import { abdConfigSchema } from '../../../protocols/abd/config.js';
import type { AbdMessage } from '../../../protocols/abd/messages.js';
import { AbdNode } from '../../../protocols/abd/node.js';
import { newer } from '../../../protocols/abd/timestamp.js';
import { abdFlags } from '../../../protocols/abd/variants.js';
import { FakeContext } from '../../support/fake-context.js';

describe('timestamps', () => {
  it('order by number, then writer id; without the tie-break equal numbers never order', () => {
    expect(newer({ num: 2, writer: 'n1' }, { num: 1, writer: 'n9' }, true)).toBe(true);
    expect(newer({ num: 1, writer: 'n2' }, { num: 1, writer: 'n1' }, true)).toBe(true);
    expect(newer({ num: 1, writer: 'n1' }, { num: 1, writer: 'n2' }, true)).toBe(false);
    expect(newer({ num: 1, writer: 'n2' }, { num: 1, writer: 'n1' }, false)).toBe(false);
  });
});

const servers = ['n1', 'n2', 'n3', 'n4', 'n5'];
const command = (f: 'get' | 'put', value: unknown, seq = 1) => ({ f, key: 'k', value, client: 'c1.1', seq });

function node(variant: string | null = null) {
  const ctx = new FakeContext<AbdMessage>({ id: 'n1', servers });
  const server = new AbdNode(abdConfigSchema.parse({}), abdFlags(variant));
  server.start(ctx);
  ctx.takeSent();
  return { ctx, server };
}

describe('an ABD replica', () => {
  it('keeps a store only if its timestamp is newer, and acknowledges either way', () => {
    const { ctx, server } = node();
    server.receive(ctx, 'n2', { type: 'abd-store', rid: 1, key: 'k', ts: { num: 2, writer: 'n2' }, value: 'b' });
    server.receive(ctx, 'n3', { type: 'abd-store', rid: 2, key: 'k', ts: { num: 1, writer: 'n3' }, value: 'old' });
    server.receive(ctx, 'n4', { type: 'abd-query', rid: 3, key: 'k' });
    const sent = ctx.takeSent().map((s) => s.msg);
    expect(sent.filter((m) => m.type === 'abd-store-ack')).toHaveLength(2);
    expect(sent.find((m) => m.type === 'abd-query-reply')).toMatchObject({ ts: { num: 2, writer: 'n2' }, value: 'b' });
    expect(ctx.disk.dirty).toBe(false);
  });
});

describe('an ABD coordinator', () => {
  it('reads: queries everyone, writes the newest back to everyone after a majority, answers after a majority of acks', () => {
    const { ctx, server } = node();
    server.receive(ctx, 'c1', { type: 'kv-request', command: command('get', null) });
    const queries = ctx.sentOfType('abd-query');
    expect(queries.map((q) => q.to)).toEqual(servers);
    const rid = queries[0]!.msg.rid;
    server.receive(ctx, 'n2', { type: 'abd-query-reply', rid, ts: { num: 3, writer: 'n2' }, value: 'new' });
    server.receive(ctx, 'n3', { type: 'abd-query-reply', rid, ts: { num: 1, writer: 'n3' }, value: 'old' });
    expect(ctx.sentOfType('abd-store')).toHaveLength(0);
    server.receive(ctx, 'n4', { type: 'abd-query-reply', rid, ts: { num: 1, writer: 'n3' }, value: 'old' });
    const stores = ctx.sentOfType('abd-store');
    expect(stores).toHaveLength(5);
    expect(stores[0]!.msg).toMatchObject({ ts: { num: 3, writer: 'n2' }, value: 'new' });
    for (const from of ['n3', 'n4']) server.receive(ctx, from, { type: 'abd-store-ack', rid });
    expect(ctx.sentOfType('kv-reply')).toHaveLength(0);
    server.receive(ctx, 'n5', { type: 'abd-store-ack', rid });
    expect(ctx.sentOfType('kv-reply')[0]!.msg).toMatchObject({ outcome: 'ok', value: 'new' });
  });

  it('no-write-back answers a read straight after the query phase', () => {
    const { ctx, server } = node('no-write-back');
    server.receive(ctx, 'c1', { type: 'kv-request', command: command('get', null) });
    const rid = ctx.sentOfType('abd-query')[0]!.msg.rid;
    for (const from of ['n2', 'n3', 'n4']) server.receive(ctx, from, { type: 'abd-query-reply', rid, ts: { num: 3, writer: 'n2' }, value: 'new' });
    expect(ctx.sentOfType('abd-store')).toHaveLength(0);
    expect(ctx.sentOfType('kv-reply')[0]!.msg).toMatchObject({ value: 'new' });
  });

  it('writes above the highest timestamp a majority reported, as itself; no-query-phase skips the query', () => {
    const { ctx, server } = node();
    server.receive(ctx, 'c1', { type: 'kv-request', command: command('put', 7) });
    const rid = ctx.sentOfType('abd-query')[0]!.msg.rid;
    for (const [from, num] of [['n2', 4], ['n3', 9], ['n4', 2]] as const) {
      server.receive(ctx, from, { type: 'abd-query-reply', rid, ts: { num, writer: from }, value: null });
    }
    expect(ctx.sentOfType('abd-store')[0]!.msg).toMatchObject({ ts: { num: 10, writer: 'n1' }, value: 7 });

    const skip = node('no-query-phase');
    skip.server.receive(skip.ctx, 'c1', { type: 'kv-request', command: command('put', 7) });
    expect(skip.ctx.sentOfType('abd-query')).toHaveLength(0);
    expect(skip.ctx.sentOfType('abd-store')[0]!.msg).toMatchObject({ ts: { num: 1, writer: 'n1' } });
  });

  it('drops a duplicated write request', () => {
    const { ctx, server } = node();
    server.receive(ctx, 'c1', { type: 'kv-request', command: command('put', 7) });
    server.receive(ctx, 'c1', { type: 'kv-request', command: command('put', 7) });
    expect(ctx.sentOfType('abd-query')).toHaveLength(5);
  });
});
