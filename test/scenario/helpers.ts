// Shared helpers for the scenario loader tests.
import { expect } from 'vitest';
import { parseScenarioText, ScenarioError, type LoadOptions } from '../../sim/scenario/index.js';
import type { Scenario } from '../../sim/scenario/types.js';
import { PROTOCOLS } from './fake-protocol.js';

export const FILE = 'scenarios/test.yaml';

export function load(text: string, opts: Partial<LoadOptions> = {}): Scenario {
  return parseScenarioText(text, FILE, { protocols: PROTOCOLS, ...opts });
}

/** The ScenarioError `text` raises; fails the test if it loads or throws anything else. */
export function errorOf(text: string, opts: Partial<LoadOptions> = {}, file = FILE): ScenarioError {
  let caught: unknown = null;
  try {
    parseScenarioText(text, file, { protocols: PROTOCOLS, ...opts });
  } catch (error) {
    caught = error;
  }
  expect(caught, `expected ${JSON.stringify(text)} to be refused`).toBeInstanceOf(ScenarioError);
  const error = caught as ScenarioError;
  expect(error.message).not.toMatch(/[\r\n]/);
  expect(error.message.startsWith(`${file}:`)).toBe(true);
  return error;
}

/** The one-line message of the error `text` raises. */
export function messageOf(text: string, opts: Partial<LoadOptions> = {}): string {
  return errorOf(text, opts).message;
}
