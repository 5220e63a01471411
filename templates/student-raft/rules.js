// The three rules of Raft that you write. raft.js calls them and does everything else:
// timers, messages, the disk, the key-value state machine and the replies to clients.
// Each rule is a pure function: it reads the server's state and answers. The grading
// scenarios fail until all three are right (npm run grade).
//
// Read the Raft paper's Figure 2 ("In Search of an Understandable Consensus Algorithm",
// Ongaro and Ousterhout) beside this file: every rule below is one of its lines.
//
// `server` is the RaftServer of raft.js. What the rules may read:
//   server.term            the current term
//   server.votedFor        whom this server voted for in the current term, or null
//   server.lastIndex       the index of the last entry in its log (0: the log is empty)
//   server.lastTerm        the term of that entry (0: the log is empty)
//   server.termAt(index)   the term of the entry at `index`; 0 for index 0; undefined past the end
//   server.commitIndex     the highest index known to be committed
//   server.matchIndexes()  (leader) for every server, itself included, the highest index
//                          known to be replicated on it
//   server.servers.length  the number of servers in the cluster

/**
 * RequestVote, receiver side (Figure 2, "RequestVote RPC", receiver implementation 1-2,
 * and section 5.4.1, the election restriction). raft.js has already moved this server
 * to `request.term` if it was newer, and refuses requests of an older term before calling.
 *
 * @param {object} server  this server (see above)
 * @param {{ term: number, candidate: string, lastLogIndex: number, lastLogTerm: number }} request
 * @returns {boolean} grant the vote?
 */
export function grantVote(server, request) {
  // TODO(1) vote granting. As shipped, every candidate of the current term gets the vote,
  // so two candidates of one term can both win (the checker reports `election-safety`),
  // and a candidate missing committed entries can win and overwrite them.
  // Grant the vote only if
  //   - this server has not voted in this term, or voted for this same candidate, and
  //   - the candidate's log is at least as up-to-date as this server's: its last term is
  //     newer, or the last terms are equal and its log is at least as long.
  return request.term === server.term;
}

/**
 * AppendEntries, receiver side (Figure 2, "AppendEntries RPC", receiver implementation 2):
 * may the entries that follow `prevLogIndex` be stored here? raft.js then stores them
 * from prevLogIndex + 1 on, cutting off any conflicting suffix.
 *
 * @param {object} server  this server (see above)
 * @param {number} prevLogIndex  the index just before the new entries (0: they start the log)
 * @param {number} prevLogTerm   the leader's term at prevLogIndex (0 when prevLogIndex is 0)
 * @returns {boolean} does this log match the leader's up to prevLogIndex?
 */
export function logMatches(server, prevLogIndex, prevLogTerm) {
  // TODO(2) log matching. As shipped, every AppendEntries is accepted, so a follower that
  // missed entries, or holds entries of an old leader, stores the new ones in the wrong
  // place (the checkers report `log-matching` or `state-machine-safety`).
  // Accept only if this log has an entry at prevLogIndex and its term is prevLogTerm
  // (prevLogIndex 0 always matches: the empty prefix).
  return true;
}

/**
 * The leader's commit rule (Figure 2, "Rules for Servers", Leaders, last bullet, and
 * section 5.4.2: a leader counts replicas only for entries of its own term).
 *
 * @param {object} server  the leader (see above)
 * @returns {number} the new commit index (at least server.commitIndex)
 */
export function commitIndexFor(server) {
  // TODO(3) the commit rule. As shipped, the leader calls everything in its log committed
  // at once, before any follower has it: a leader cut off from the others applies and
  // acknowledges entries that the majority then overwrites (the checkers report
  // `leader-completeness` or `state-machine-safety`, and acknowledged writes are lost).
  // Return the largest N > commitIndex such that a majority of matchIndexes() are >= N
  // and termAt(N) is the current term; if there is none, server.commitIndex.
  return server.lastIndex;
}
