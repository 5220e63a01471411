// The shared key-value pieces: commands, the state machine with sessions, the wire
// messages, and a generic client for leader-based stores.
export * from './commands.js';
export * from './store.js';
export * from './sessions.js';
export * from './state-machine.js';
export * from './messages.js';
export * from './client.js';
