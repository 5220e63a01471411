// ABD (Attiya, Bar-Noy, Dolev 1995) as a Faultline protocol: a linearizable register per
// key over a majority of servers, single- or multi-writer.
import type { Protocol } from '../../sim/protocol.js';
import { createKvClient, standardKvAdapter } from '../kv/client.js';
import { abdConfigSchema, type AbdConfig } from './config.js';
import { abdMessageBytes, type AbdMessage } from './messages.js';
import { AbdNode } from './node.js';
import { ABD_VARIANTS, abdFlags } from './variants.js';

export const abdProtocol: Protocol<AbdConfig, AbdMessage> = {
  name: 'abd',
  description:
    'ABD atomic registers (one per key) over a majority: reads query and write back, writers query the highest timestamp; single- or multi-writer.',
  configSchema: abdConfigSchema,
  variants: ABD_VARIANTS,
  model: 'kv',
  operations: ['get', 'put', 'delete'],
  roles: ['replica'],
  createServer: (_id, setup) => new AbdNode(setup.config, abdFlags(setup.variant)),
  createClient: (_id, setup) =>
    createKvClient(
      { requestTimeoutUs: setup.config.clientTimeout, backoffMinUs: 5_000, backoffMaxUs: 200_000, leaderless: true },
      standardKvAdapter<AbdMessage>(),
    ),
  invariants: [],
  messageBytes: abdMessageBytes,
};

export type { AbdConfig } from './config.js';
export { ABD_VARIANTS } from './variants.js';
