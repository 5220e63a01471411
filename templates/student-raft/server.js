// A Raft server with three rules left for you in rules.js. This file is the machinery:
// roles and timers, RequestVote and AppendEntries, the durable state (term, vote, log) on
// ctx.disk, the key-value state machine, and the replies to clients. Read it; you should
// not need to change it to pass the grading scenarios.
//
// Handlers are synchronous and deterministic: time is ctx.now() and ctx.setTimer(),
// randomness is ctx.random(), and there is no I/O (faultline's docs/student-protocols.md).
import { KvStateMachine, commandDigest, outcomeReply, redirectReply } from 'faultline';
import { commitIndexFor, grantVote, logMatches } from './rules.js';

/** The most entries one AppendEntries carries. */
const ENTRIES_PER_APPEND_MAX = 64;
const LOG_KEY_DIGITS = 10;
const logKey = (index) => 'log/' + String(index).padStart(LOG_KEY_DIGITS, '0');

export class RaftServer {
  constructor(id, servers, config) {
    this.id = id;
    this.servers = servers;
    this.peers = servers.filter((s) => s !== id);
    this.config = config;
    // Durable (restored in start): the current term, the vote in it, the log.
    this.term = 0;
    this.votedFor = null;
    /** log[i - 1] is the entry at index i: { term, command } (command null: a leader's no-op). */
    this.log = [];
    // Volatile: lost in a crash, rebuilt from the log as entries commit again.
    this.role = 'follower';
    this.leader = null;
    this.commitIndex = 0;
    this.lastApplied = 0;
    this.stateMachine = KvStateMachine.create({ sessions: true });
    this.votes = new Set();
    this.nextIndex = new Map();
    this.matchIndex = new Map();
    /** Leader: log index -> the client waiting for that entry's outcome. */
    this.waiting = new Map();
    this.electionTimer = null;
    this.heartbeatTimer = null;
  }

  get lastIndex() {
    return this.log.length;
  }

  get lastTerm() {
    return this.termAt(this.log.length);
  }

  termAt(index) {
    if (index === 0) return 0;
    return this.log[index - 1]?.term;
  }

  matchIndexes() {
    return this.servers.map((s) => (s === this.id ? this.lastIndex : (this.matchIndex.get(s) ?? 0)));
  }

  // ---- handlers (called by Faultline) ----

  start(ctx) {
    this.term = ctx.disk.get('term') ?? 0;
    this.votedFor = ctx.disk.get('votedFor') ?? null;
    this.log = ctx.disk.keys('log/').map((key) => ctx.disk.get(key));
    ctx.log('boot', { term: this.term, lastIndex: this.lastIndex });
    this.resetElectionTimer(ctx);
  }

  receive(ctx, from, msg) {
    if (msg.type === 'kv-request') this.handleClientRequest(ctx, from, msg.command);
    else {
      // Any message of a newer term: adopt the term, as a follower (Figure 2, all servers).
      if (msg.term > this.term) this.becomeFollower(ctx, msg.term, null);
      if (msg.type === 'request-vote') this.handleRequestVote(ctx, from, msg);
      else if (msg.type === 'vote') this.handleVote(ctx, from, msg);
      else if (msg.type === 'append-entries') this.handleAppendEntries(ctx, from, msg);
      else if (msg.type === 'append-reply') this.handleAppendReply(ctx, from, msg);
    }
    this.persist(ctx);
  }

  timer(ctx, name) {
    if (name === 'election' && this.role !== 'leader') this.startElection(ctx);
    if (name === 'heartbeat' && this.role === 'leader') {
      for (const peer of this.peers) this.sendAppend(ctx, peer);
      this.heartbeatTimer = ctx.setTimer(this.config.heartbeat, 'heartbeat');
    }
    this.persist(ctx);
  }

  inspect() {
    return {
      role: this.role,
      term: this.term,
      leader: this.leader,
      commitIndex: this.commitIndex,
      lastIndex: this.lastIndex,
      logTerms: this.termRuns(),
    };
  }

  // ---- roles ----

  becomeFollower(ctx, term, leader) {
    if (term > this.term) {
      this.term = term;
      this.votedFor = null;
    }
    const wasLeader = this.role === 'leader';
    this.leader = leader;
    if (this.role === 'follower') return;
    this.role = 'follower';
    ctx.log('became-follower', { term: this.term });
    if (wasLeader) this.giveUpWaiting(ctx);
    if (this.heartbeatTimer !== null) ctx.cancelTimer(this.heartbeatTimer);
    this.heartbeatTimer = null;
    this.resetElectionTimer(ctx);
  }

  startElection(ctx) {
    this.term += 1;
    this.role = 'candidate';
    this.votedFor = this.id;
    this.leader = null;
    this.votes = new Set([this.id]);
    ctx.log('became-candidate', { term: this.term });
    const request = { type: 'request-vote', term: this.term, candidate: this.id, lastLogIndex: this.lastIndex, lastLogTerm: this.lastTerm };
    for (const peer of this.peers) ctx.send(peer, request);
    this.resetElectionTimer(ctx);
    if (this.votes.size * 2 > this.servers.length) this.becomeLeader(ctx);
  }

  becomeLeader(ctx) {
    this.role = 'leader';
    this.leader = this.id;
    ctx.log('became-leader', { term: this.term });
    for (const peer of this.peers) {
      this.nextIndex.set(peer, this.lastIndex + 1);
      this.matchIndex.set(peer, 0);
    }
    // A no-op of the new term: entries of older terms commit with it (section 5.4.2).
    this.append(ctx, null);
    if (this.electionTimer !== null) ctx.cancelTimer(this.electionTimer);
    this.electionTimer = null;
    for (const peer of this.peers) this.sendAppend(ctx, peer);
    this.heartbeatTimer = ctx.setTimer(this.config.heartbeat, 'heartbeat');
    this.advanceCommit(ctx);
  }

  resetElectionTimer(ctx) {
    if (this.electionTimer !== null) ctx.cancelTimer(this.electionTimer);
    const { minUs, maxUs } = this.config.electionTimeout;
    this.electionTimer = ctx.setTimer(minUs + Math.floor(ctx.random() * (maxUs - minUs)), 'election');
  }

  // ---- elections ----

  handleRequestVote(ctx, from, msg) {
    let granted = false;
    if (msg.term === this.term && grantVote(this, msg)) {
      granted = true;
      this.votedFor = msg.candidate;
      this.resetElectionTimer(ctx);
    }
    ctx.send(from, { type: 'vote', term: this.term, granted });
  }

  handleVote(ctx, from, msg) {
    if (this.role !== 'candidate' || msg.term !== this.term || !msg.granted) return;
    this.votes.add(from);
    if (this.votes.size * 2 > this.servers.length) this.becomeLeader(ctx);
  }

  // ---- replication ----

  sendAppend(ctx, peer) {
    const prevLogIndex = (this.nextIndex.get(peer) ?? this.lastIndex + 1) - 1;
    ctx.send(peer, {
      type: 'append-entries',
      term: this.term,
      leader: this.id,
      prevLogIndex,
      prevLogTerm: this.termAt(prevLogIndex) ?? 0,
      entries: this.log.slice(prevLogIndex, prevLogIndex + ENTRIES_PER_APPEND_MAX),
      leaderCommit: this.commitIndex,
    });
  }

  handleAppendEntries(ctx, from, msg) {
    if (msg.term < this.term) {
      ctx.send(from, { type: 'append-reply', term: this.term, success: false, matchIndex: 0, lastIndex: this.lastIndex });
      return;
    }
    // A leader of this term exists: a candidate of the same term gives up.
    if (this.role !== 'follower') this.becomeFollower(ctx, msg.term, msg.leader);
    this.leader = msg.leader;
    this.resetElectionTimer(ctx);
    if (!logMatches(this, msg.prevLogIndex, msg.prevLogTerm)) {
      ctx.send(from, { type: 'append-reply', term: this.term, success: false, matchIndex: 0, lastIndex: this.lastIndex });
      return;
    }
    this.storeEntries(ctx, msg.prevLogIndex, msg.entries);
    const matchIndex = Math.min(msg.prevLogIndex + msg.entries.length, this.lastIndex);
    if (msg.leaderCommit > this.commitIndex) {
      this.commitIndex = Math.max(this.commitIndex, Math.min(msg.leaderCommit, matchIndex));
      this.applyCommitted(ctx);
    }
    ctx.send(from, { type: 'append-reply', term: this.term, success: true, matchIndex, lastIndex: this.lastIndex });
  }

  /** Store entries after prevLogIndex: skip those already held, cut off a conflicting suffix, append the rest. */
  storeEntries(ctx, prevLogIndex, entries) {
    entries.forEach((entry, k) => {
      const index = prevLogIndex + 1 + k;
      const held = this.termAt(index);
      if (held === entry.term) return;
      if (held !== undefined) this.truncateFrom(ctx, index);
      this.log.push(entry);
      ctx.disk.put(logKey(this.lastIndex), entry);
    });
  }

  truncateFrom(ctx, index) {
    ctx.log('truncate', { from: index, to: this.lastIndex });
    for (let i = index; i <= this.lastIndex; i++) ctx.disk.delete(logKey(i));
    this.log.length = index - 1;
  }

  handleAppendReply(ctx, from, msg) {
    if (this.role !== 'leader' || msg.term !== this.term) return;
    if (msg.success) {
      this.matchIndex.set(from, Math.max(this.matchIndex.get(from) ?? 0, msg.matchIndex));
      this.nextIndex.set(from, (this.matchIndex.get(from) ?? 0) + 1);
      this.advanceCommit(ctx);
      if ((this.nextIndex.get(from) ?? 0) <= this.lastIndex) this.sendAppend(ctx, from);
      return;
    }
    // Back up: at most to just past the follower's last entry, at least one step.
    const next = this.nextIndex.get(from) ?? this.lastIndex + 1;
    this.nextIndex.set(from, Math.max(1, Math.min(next - 1, msg.lastIndex + 1)));
    this.sendAppend(ctx, from);
  }

  advanceCommit(ctx) {
    const next = Math.min(commitIndexFor(this), this.lastIndex);
    if (next <= this.commitIndex) return;
    this.commitIndex = next;
    ctx.log('commit', { index: next, term: this.termAt(next) });
    this.applyCommitted(ctx);
  }

  // ---- the state machine and clients ----

  append(ctx, command) {
    this.log.push({ term: this.term, command });
    ctx.disk.put(logKey(this.lastIndex), this.log[this.lastIndex - 1]);
  }

  handleClientRequest(ctx, from, command) {
    if (this.role !== 'leader') {
      ctx.send(from, redirectReply(command, this.leader));
      return;
    }
    this.append(ctx, command);
    this.waiting.set(this.lastIndex, { client: from, command });
    for (const peer of this.peers) this.sendAppend(ctx, peer);
    this.advanceCommit(ctx);
  }

  applyCommitted(ctx) {
    while (this.lastApplied < this.commitIndex) {
      this.lastApplied += 1;
      const entry = this.log[this.lastApplied - 1];
      const outcome = entry.command === null ? null : this.stateMachine.apply(entry.command);
      const digest = entry.command === null ? 'no-op' : commandDigest(entry.command);
      ctx.log('apply', { index: this.lastApplied, term: entry.term, digest });
      const waiter = this.waiting.get(this.lastApplied);
      if (waiter === undefined) continue;
      this.waiting.delete(this.lastApplied);
      if (waiter.command === entry.command) ctx.send(waiter.client, outcomeReply(waiter.command, outcome));
    }
  }

  /** A deposed leader cannot tell how its clients' entries end: they retry (their sessions make a retry safe). */
  giveUpWaiting(ctx) {
    for (const { client, command } of this.waiting.values()) ctx.send(client, redirectReply(command, this.leader));
    this.waiting.clear();
  }

  /** Write the term and vote when they changed, and make everything durable before any message leaves. */
  persist(ctx) {
    if (ctx.disk.get('term') !== this.term) ctx.disk.put('term', this.term);
    if ((ctx.disk.get('votedFor') ?? null) !== this.votedFor) ctx.disk.put('votedFor', this.votedFor);
    if (ctx.disk.dirty) ctx.disk.sync();
  }

  /** The log's terms as runs [firstIndex, term, firstIndex, term, ...], as Faultline's Raft invariants read them. */
  termRuns() {
    const runs = [];
    this.log.forEach((entry, i) => {
      if (runs.length === 0 || runs[runs.length - 1] !== entry.term) runs.push(i + 1, entry.term);
    });
    return runs;
  }
}
