// ABD's `config:` block: one writer or many, and the timeouts.
import { z } from 'zod';
import { durationUs } from '../../sim/units.js';

export const abdConfigSchema = z
  .strictObject({
    /** single: only the first server writes (others redirect puts to it); multi: any server writes. */
    writers: z.enum(['single', 'multi']).default('multi'),
    /** A coordinator gives up on a phase after this (the op stays open; the client times out). */
    requestTimeout: durationUs().prefault('300ms'),
    /** Client: how long one attempt waits for the coordinator. */
    clientTimeout: durationUs().prefault('500ms'),
  })
  .superRefine((config, ctx) => {
    if (config.requestTimeout <= 0 || config.clientTimeout <= 0) {
      ctx.addIssue({ code: 'custom', path: ['requestTimeout'], message: 'timeouts must be > 0' });
    }
  });

export type AbdConfig = z.output<typeof abdConfigSchema>;
