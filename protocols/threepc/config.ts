// 3PC's config block: 2PC's (accounts, lock and vote timeouts, ...) plus the timeouts of
// the third phase. Timeouts are what 3PC decides by, so they must exceed every message
// delay (the synchronous network 3PC assumes): decisionTimeout must be longer than the
// coordinator's voteTimeout plus a round trip, or a participant could give up on a
// transaction the coordinator is about to precommit.
import { z } from 'zod';
import { durationUs } from '../../sim/units.js';
import { twopcConfigSchema } from '../twopc/config.js';

export const threepcConfigSchema = twopcConfigSchema
  .extend({
    /** A participant that voted yes (or precommitted) and hears nothing for this long starts the termination protocol. */
    decisionTimeout: durationUs().default(400_000),
    /** How long the termination protocol waits for its peers' states; a silent peer is presumed crashed. */
    terminationTimeout: durationUs().default(100_000),
  })
  .strict();

export type ThreepcConfig = z.output<typeof threepcConfigSchema>;
