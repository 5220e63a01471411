// The kernel's own invariants, asserted where they could break (TigerBeetle style): a
// failure is a bug in Faultline, not in the protocol or the scenario, so it is not caught
// as a protocol error; it stops the run with this error. Callers test the condition
// themselves and call kernelBug only when it fails, so the hot path builds no message.

export class KernelAssertionError extends Error {
  constructor(message: string) {
    super(`kernel invariant broken: ${message}`);
    this.name = 'KernelAssertionError';
  }
}

export function kernelBug(message: string): never {
  throw new KernelAssertionError(message);
}
