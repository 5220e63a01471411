// The models by name.

import { consensusModel } from './consensus.js';
import { counterModel } from './counter.js';
import { kvModel } from './kv.js';
import type { Model } from './model.js';
import { mutexModel } from './mutex.js';
import { lockModel } from './lock.js';
import { bankModel } from './bank.js';
import { queueModel } from './queue.js';
import { casRegisterModel, registerModel } from './register.js';
import { setModel } from './set.js';

const MODELS: ReadonlyMap<string, Model<unknown>> = new Map<string, Model<unknown>>([
  ['register', registerModel],
  ['cas-register', casRegisterModel],
  ['kv', kvModel],
  ['mutex', mutexModel],
  ['lock', lockModel as Model<unknown>],
  ['bank', bankModel as Model<unknown>],
  ['counter', counterModel as Model<unknown>],
  ['set', setModel as Model<unknown>],
  ['queue', queueModel as Model<unknown>],
  ['consensus', consensusModel],
]);

/** Model names, in registry order. */
export const MODEL_NAMES: readonly string[] = Array.from(MODELS.keys());

/** The model called `name`, or undefined. */
export function getModel(name: string): Model<unknown> | undefined {
  return MODELS.get(name);
}

/** The names of the models. */
export function modelNames(): readonly string[] {
  return MODEL_NAMES;
}
