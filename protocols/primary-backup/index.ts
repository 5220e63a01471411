// Primary/backup with asynchronous replication and timeout failover: fast, simple, and it
// loses acknowledged writes when the primary fails. The first lesson, not a toy.
import { z } from 'zod';
import type { Protocol } from '../../sim/protocol.js';
import { durationUs } from '../../sim/units.js';
import { createKvClient, standardKvAdapter } from '../kv/client.js';
import { KV_OPERATIONS } from '../kv/commands.js';
import { PB_EVENTS, PB_MESSAGE_TYPES } from './events.js';
import { pbMessageBytes, type PbMessage } from './messages.js';
import { PrimaryBackupNode, type PrimaryBackupConfig } from './node.js';

const configSchema = z
  .object({
    heartbeat: durationUs().default(50_000),
    failoverTimeout: durationUs().default(500_000),
    batchMax: z.number().int().min(1).max(10_000).default(64),
    requestTimeout: durationUs().default(100_000),
  })
  .strict();

type Config = z.output<typeof configSchema>;

export const primaryBackup: Protocol<Config, PbMessage> = {
  name: 'primary-backup',
  description: 'a primary with asynchronous backups and timeout failover; loses acknowledged writes on failover',
  configSchema,
  variants: {},
  model: 'kv',
  operations: KV_OPERATIONS,
  roles: ['primary', 'backup'],
  epochOf: (view) => (typeof view['epoch'] === 'number' ? view['epoch'] : 0),
  createServer: (_id, setup) => {
    const config: PrimaryBackupConfig = {
      heartbeatUs: setup.config.heartbeat,
      failoverTimeoutUs: setup.config.failoverTimeout,
      batchMax: setup.config.batchMax,
    };
    return new PrimaryBackupNode(config);
  },
  createClient: (_id, setup) =>
    createKvClient<PbMessage>(
      {
        requestTimeoutUs: setup.config.requestTimeout,
        backoffMinUs: 5_000,
        backoffMaxUs: 200_000,
      },
      standardKvAdapter<PbMessage>(),
    ),
  invariants: [],
  events: PB_EVENTS,
  messageTypes: PB_MESSAGE_TYPES,
  messageBytes: pbMessageBytes,
  describeView: (view) => `${String(view.role)} epoch ${String(view['epoch'])} writes ${String(view['writes'])}`,
};
