// The circuit breakers' state over time, from the orchestrator's `breaker` events: how
// often a breaker opened, how long breakers were open and half-open (summed over the
// services), and when the first opened and the last closed (true time; -1: never).
type Fields = Readonly<Record<string, unknown>>;

export class BreakerTimeline {
  /** Per service: its state and since when (true time). */
  private readonly states = new Map<string, { state: string; sinceUs: number }>();
  private readonly inStateUs = new Map<string, number>();
  private openings = 0;
  private firstOpenUs = -1;
  private lastClosedUs = -1;
  /** The node that logs breaker events (the orchestrator): its crash closes them all. */
  private holder: string | null = null;

  onEvent(node: string, name: string, fields: Fields, timeUs: number): void {
    if (name === 'crash' && node === this.holder) return this.closeAll(timeUs); // breakers are volatile
    if (name !== 'breaker') return;
    this.holder = node;
    const state = fields['state'] as string;
    this.enter(fields['service'] as string, state, timeUs);
    if (state === 'open') {
      this.openings++;
      if (this.firstOpenUs < 0) this.firstOpenUs = timeUs;
    }
    if (state === 'closed') this.lastClosedUs = timeUs;
  }

  private enter(service: string, state: string, timeUs: number): void {
    const was = this.states.get(service);
    if (was !== undefined) this.inStateUs.set(was.state, (this.inStateUs.get(was.state) ?? 0) + timeUs - was.sinceUs);
    this.states.set(service, { state, sinceUs: timeUs });
  }

  private closeAll(timeUs: number): void {
    for (const service of [...this.states.keys()]) this.enter(service, 'closed', timeUs);
  }

  result(endUs: number): Record<string, number> {
    this.closeAll(endUs);
    return {
      breakerOpenings: this.openings,
      breakerOpenUs: this.inStateUs.get('open') ?? 0,
      breakerHalfOpenUs: this.inStateUs.get('half-open') ?? 0,
      breakerFirstOpenUs: this.firstOpenUs,
      breakerLastClosedUs: this.lastClosedUs,
    };
  }
}
