// Facts about the installed package: where it is (to find the shipped scenarios from any
// directory), and its version (read from package.json, never written twice).
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

interface PackageJson {
  readonly version: string;
  readonly bin?: Readonly<Record<string, string>>;
}

/** The nearest directory above this file whose package.json has the `faultline` bin. */
function findPackage(): { root: string; json: PackageJson } {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let depth = 0; depth < 8; depth++) {
    const file = join(dir, 'package.json');
    if (existsSync(file)) {
      const json = JSON.parse(readFileSync(file, 'utf8')) as PackageJson;
      if (json.bin?.['faultline'] !== undefined) return { root: dir, json };
    }
    dir = dirname(dir);
  }
  throw new Error(`cannot find faultline's package.json above ${fileURLToPath(import.meta.url)}`);
}

const found = findPackage();

export const PACKAGE_ROOT: string = found.root;
export const VERSION: string = found.json.version;
/** The scenarios that ship with the package. */
export const SHIPPED_SCENARIOS_DIR: string = join(PACKAGE_ROOT, 'scenarios');
