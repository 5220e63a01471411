// The fast checker agrees exactly with the brute-force oracle on small random histories
// (up to 8 operations, crashes, failures, concurrent processes), for every model. The
// explanation patterns are sound: they never fire on a linearizable history.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkHistory } from '../../checkers/linearizability/check.js';
import { findViolationPattern } from '../../checkers/linearizability/explain.js';
import { prepareHistory } from '../../checkers/linearizability/prepare.js';
import { getModel } from '../../checkers/models/registry.js';
import { bruteForceLinearizable } from './support/oracle.js';
import { RANDOM_SPECS, randomHistoryArb } from './support/generators.js';

const RUNS = Number(process.env['FAULTLINE_DIFF_RUNS'] ?? 10_000);

describe('differential: fast checker vs brute force', () => {
  for (const { spec, model: name } of RANDOM_SPECS) {
    it(`${spec}: same verdict on ${RUNS} random histories`, () => {
      const model = getModel(name)!;
      let linearizable = 0;
      let violations = 0;
      let withInfo = 0;
      const kinds: Record<string, number> = {};
      // how often the model's rewrites (optimize) changed something, by kind
      const rewrites = { dropped: 0, bounded: 0, renamed: 0 };
      fc.assert(
        fc.property(randomHistoryArb(spec), ({ history, initial, failedCas }) => {
          const expected = bruteForceLinearizable(history, model, { initial, failedCas });
          const got = checkHistory(history, { model: name, initial, failedCas });
          expect(got.verdict).toBe(expected ? 'linearizable' : 'not-linearizable');
          // small histories are searched plainly first: the full check (rewrites) agrees too
          const full = checkHistory(history, { model: name, initial, failedCas, plainOpsMax: 0 });
          expect(full.verdict).toBe(got.verdict);
          if (history.some((h) => h.type === 'info')) withInfo++;
          const prepared = prepareHistory(history, model, failedCas);
          if (model.optimize) {
            let dropped = false;
            let bounded = false;
            let renamed = false;
            for (const part of prepared.partitions) {
              const out = model.optimize(part.ops, model.init(initial));
              if (out.length < part.ops.length) dropped = true;
              const byId = new Map(part.ops.map((o) => [o.id, o]));
              for (const o of out) {
                const orig = byId.get(o.id)!;
                if (o.required && !orig.required) bounded = true;
                if (o.input !== orig.input) renamed = true;
              }
            }
            if (dropped) rewrites.dropped++;
            if (bounded) rewrites.bounded++;
            if (renamed) rewrites.renamed++;
          }
          if (expected) {
            linearizable++;
            expect(got.counterexample).toBeNull();
            // Sound patterns: no partition of a linearizable history matches one.
            for (const part of prepared.partitions) {
              expect(findViolationPattern(model, part.ops, initial)).toBeNull();
            }
          } else {
            violations++;
            const c = got.counterexample!;
            kinds[c.kind] = (kinds[c.kind] ?? 0) + 1;
            expect(c.explanation.length).toBeGreaterThan(10);
            expect(c.failedOp).not.toBeNull();
            // The longest prefix never contains the op that could not be placed.
            expect(c.linearized.map((o) => o.id)).not.toContain(c.failedOp!.id);
          }
        }),
        { numRuns: RUNS, seed: 20240611 + spec.length },
      );
      if (process.env['FAULTLINE_DIFF_STATS']) console.log(spec, { linearizable, violations, withInfo, kinds, rewrites });
      // Guard against a vacuous pass: both verdicts, and crashed ops, show up often.
      expect(linearizable).toBeGreaterThan(RUNS * 0.1);
      expect(violations).toBeGreaterThan(RUNS * 0.1);
      expect(withInfo).toBeGreaterThan(RUNS * 0.05);
      if (spec.endsWith('-unique')) {
        // the register rewrites are exercised: crashed ops dropped, bounded, values merged
        expect(rewrites.dropped).toBeGreaterThan(RUNS * 0.2);
        expect(rewrites.bounded).toBeGreaterThan(RUNS * 0.04);
        expect(rewrites.renamed).toBeGreaterThan(RUNS * 0.1);
      }
    });
  }

  // Longer histories with mostly unique values and many crashes, where the rewrites of
  // register-reduce.ts have more to work on (fewer runs: the oracle is exponential).
  for (const spec of ['register-unique', 'kv-unique'] as const) {
    const model = spec === 'kv-unique' ? 'kv' : 'cas-register';
    it(`${spec}: same verdict on ${Math.ceil(RUNS / 5)} random histories of up to 10 ops`, () => {
      let linearizable = 0;
      fc.assert(
        fc.property(randomHistoryArb(spec, 10), ({ history, initial, failedCas }) => {
          const expected = bruteForceLinearizable(history, getModel(model)!, { initial, failedCas });
          const got = checkHistory(history, { model, initial, failedCas });
          expect(got.verdict).toBe(expected ? 'linearizable' : 'not-linearizable');
          expect(checkHistory(history, { model, initial, failedCas, plainOpsMax: 0 }).verdict).toBe(got.verdict);
          if (expected) linearizable++;
        }),
        { numRuns: Math.ceil(RUNS / 5), seed: 20250101 + spec.length },
      );
      expect(linearizable).toBeGreaterThan(RUNS / 50);
      expect(linearizable).toBeLessThan((RUNS / 5) * 0.95);
    });
  }
});
