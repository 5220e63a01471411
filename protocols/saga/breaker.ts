// A circuit breaker: one per service, at the orchestrator, guarding its calls. Closed,
// calls go through and timeouts are counted; `failuresMax` timeouts in a row open it.
// Open, no call goes through (a forward step fails fast, a compensation waits) until
// `openUs` has passed; then half-open: one call, the probe, goes through. An answer from
// the service closes the breaker; the probe timing out opens it again. Volatile: a
// restarted orchestrator starts with every breaker closed. The caller logs the changes
// (`current` before and after a call).
export type BreakerState = 'closed' | 'open' | 'half-open';

export class Breaker {
  private state: BreakerState = 'closed';
  private failures = 0;
  private openUntilUs = 0;
  /** The saga whose call is the half-open probe, once one went through. */
  private probe: string | null = null;

  constructor(
    private readonly failuresMax: number,
    private readonly openUs: number,
  ) {}

  get current(): BreakerState {
    return this.state;
  }

  /** May `saga`'s call leave now? The first call after the open period becomes the probe. */
  allow(nowUs: number, saga: string): boolean {
    if (this.failuresMax === 0 || this.state === 'closed') return true;
    if (this.state === 'open' && nowUs < this.openUntilUs) return false;
    if (this.state === 'open') this.become('half-open');
    if (this.probe !== null && this.probe !== saga) return false;
    this.probe = saga;
    return true;
  }

  /** When a call it refused may try again (local time). */
  retryAtUs(nowUs: number, callTimeoutUs: number): number {
    return this.state === 'open' ? Math.max(this.openUntilUs, nowUs + 1) : nowUs + callTimeoutUs;
  }

  /** The service answered: it is up. */
  succeeded(): void {
    this.failures = 0;
    this.probe = null;
    if (this.state !== 'closed') this.become('closed');
  }

  /** `saga`'s call timed out. */
  failed(nowUs: number, saga: string): void {
    if (this.failuresMax === 0) return;
    if (this.state === 'half-open' && saga !== this.probe) return;
    this.failures += 1;
    if (this.state === 'half-open' || (this.state === 'closed' && this.failures >= this.failuresMax)) {
      this.probe = null;
      this.openUntilUs = nowUs + this.openUs;
      this.become('open');
    }
  }

  private become(state: BreakerState): void {
    this.state = state;
  }
}
