// Whether to colour output, by the usual conventions, strongest first:
//   --no-color / --color (every command)  >  FORCE_COLOR (chalk reads it: 0 off, 1-3 on)
//   >  NO_COLOR (any non-empty value: off, on a terminal too)  >  colour on a terminal only.
import chalk, { supportsColor } from 'chalk';

export interface ColourOptions {
  /** true for --color, false for --no-color, undefined for neither. */
  readonly color?: boolean;
}

export function colourLevel(options: ColourOptions, env: NodeJS.ProcessEnv, detected: 0 | 1 | 2 | 3): 0 | 1 | 2 | 3 {
  if (options.color === false) return 0;
  if (options.color === true) return detected === 0 ? 1 : detected;
  if (env['FORCE_COLOR'] !== undefined) return detected;
  if ((env['NO_COLOR'] ?? '') !== '') return 0;
  return detected;
}

/** Apply the choice to chalk (all output goes through the default instance). */
export function applyColour(options: ColourOptions): void {
  const detected = supportsColor === false ? 0 : supportsColor.level;
  chalk.level = colourLevel(options, process.env, detected);
}
