// Nemesis settings for kernel tests: kinds with equal weights and default targets (the list
// form of `kinds:`), the settings a test does not care about, and a population to draw from.
import type { NemesisPopulation } from '../../sim/nemesis.js';
import type { NemesisKind, NemesisKindSpec } from '../../sim/scenario/types.js';

export function plainKinds(...kinds: NemesisKind[]): NemesisKindSpec[] {
  return kinds.map((kind) => ({ kind, weight: 1, targets: null, foreverProbability: 0 }));
}

/** The settings of the newer kinds (bursts, spikes, forever), at the file defaults. */
export const NEMESIS_EXTRAS = { reorderMaxUs: 50_000, latencyMinUs: 100_000, latencyMaxUs: 500_000, foreverMax: 1 } as const;

export function population(servers: readonly string[], roles: readonly string[], clients: readonly string[] = []): NemesisPopulation {
  return { servers, clients, groups: {}, roles };
}
