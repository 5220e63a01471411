// Every shipped scenario, run in this process at its own seed, ends as it says it will
// (pass, a named violation, or no-progress) and keeps its golden trace hash. The files are
// dealt into SHIPPED_CHUNKS test files (shipped-1.test.ts ...) so that vitest spreads them
// over its workers; each run serves both checks.
import { describe, expect, it } from 'vitest';
import { PROTOCOLS } from '../../protocols/registry.js';
import { chunkOf, goldenMismatch, readGoldenHashes, runShipped, scenarioFiles } from '../support/shipped-scenarios.js';

export const SHIPPED_CHUNKS = 4;

export function describeShippedChunk(index: number): void {
  const files = chunkOf(scenarioFiles(), index, SHIPPED_CHUNKS);
  const golden = readGoldenHashes();
  describe(`shipped scenarios, chunk ${index + 1} of ${SHIPPED_CHUNKS}`, () => {
    it.each(files)('%s ends as expected with its own seed and keeps its golden trace hash', (file) => {
      const { scenario, result } = runShipped(file);
      // A file named after one of its protocol's variants runs that variant.
      const base = file.replace(/^.*\//, '').replace(/\.(ya?ml|json)$/, '');
      if (Object.hasOwn(PROTOCOLS.get(scenario.protocol)!.variants, base)) expect(scenario.variant).toBe(base);
      expect(result.error, result.reason).toBeNull();
      expect.soft(result.asExpected, `${file} seed ${scenario.seed}: ${result.verdict} ${result.reason}`).toBe(true);
      const mismatch = goldenMismatch(file, scenario.seed, result.traceHash, golden);
      expect.soft(mismatch === null, mismatch ?? '').toBe(true);
    });
  });
}
