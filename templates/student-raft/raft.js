// The protocol object Faultline loads: `npx faultline run scenarios/happy-path.yaml`
// (the grading scenarios say `protocol: ../raft.js`), or `--protocol ./raft.js` with any
// other scenario of a key-value protocol. Its shape is in faultline's
// docs/student-protocols.md. The server is in server.js, the rules you write in rules.js.
import {
  KV_OPERATIONS,
  createKvClient,
  durationRangeUs,
  durationUs,
  kvMessageBytes,
  raftInvariants,
  standardKvAdapter,
  z,
} from 'faultline';
import { RaftServer } from './server.js';

/** The scenario's `config:` block, with defaults. Durations arrive in microseconds. */
const configSchema = z.strictObject({
  electionTimeout: durationRangeUs().prefault('150ms..300ms'),
  heartbeat: durationUs().prefault('50ms'),
  clientTimeout: durationUs().prefault('100ms'),
});

const MESSAGE_HEADER_BYTES = 32;
const ENTRY_BYTES = 48;

/** The protocol object Faultline loads. */
export default {
  name: 'student-raft',
  description: 'A student Raft (templates/student-raft): rules.js holds the vote, log-matching and commit rules.',
  configSchema,
  model: 'kv',
  operations: KV_OPERATIONS,
  roles: ['leader', 'follower', 'candidate'],
  uniqueRoles: ['leader'],
  epochOf: (view) => view.term,
  createServer: (id, setup) => new RaftServer(id, setup.servers, setup.config),
  createClient: (_id, setup) =>
    createKvClient(
      { requestTimeoutUs: setup.config.clientTimeout, backoffMinUs: 10_000, backoffMaxUs: 200_000 },
      standardKvAdapter(),
    ),
  invariants: raftInvariants,
  messageBytes: (msg) =>
    msg.type === 'kv-request' || msg.type === 'kv-reply'
      ? kvMessageBytes(msg)
      : MESSAGE_HEADER_BYTES + ENTRY_BYTES * (msg.entries?.length ?? 0),
};
