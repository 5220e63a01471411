// `faultline init student-raft my-raft`: copy a starter template shipped with the package
// (templates/) into a new folder, with its package.json depending on this faultline.
import { cpSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { EXIT_AS_EXPECTED, UsageError } from '../errors.js';
import { out } from '../output/stdio.js';
import { PACKAGE_ROOT, VERSION } from '../package-info.js';

export const TEMPLATES_DIR = join(PACKAGE_ROOT, 'templates');

export function templateNames(): string[] {
  return existsSync(TEMPLATES_DIR) ? readdirSync(TEMPLATES_DIR).sort() : [];
}

export function registerInitCommand(program: Command): void {
  program
    .command('init')
    .description('start a project from a template shipped with faultline (student-raft: a Raft to complete, and its grading)')
    .argument('<template>', `the template: ${templateNames().join(', ')}`)
    .argument('<dir>', 'the folder to create (it must not exist, or be empty)')
    .action((template: string, dir: string) => {
      process.exitCode = initCommand(template, dir);
    });
}

function initCommand(template: string, dir: string): number {
  const names = templateNames();
  if (!names.includes(template)) throw new UsageError(`init: no template named "${template}" (templates: ${names.join(', ')})`);
  if (existsSync(dir) && readdirSync(dir).length > 0) throw new UsageError(`init: ${dir} exists and is not empty; name a new folder`);
  cpSync(join(TEMPLATES_DIR, template), dir, { recursive: true });
  const manifest = join(dir, 'package.json');
  if (existsSync(manifest)) {
    const pkg = JSON.parse(readFileSync(manifest, 'utf8')) as { devDependencies?: Record<string, string> };
    pkg.devDependencies = { ...pkg.devDependencies, faultline: `^${VERSION}` };
    writeFileSync(manifest, `${JSON.stringify(pkg, null, 2)}\n`);
  }
  out(
    [
      `created ${dir} from the ${template} template`,
      'next:',
      `  cd ${dir}`,
      '  npm install                 # faultline, which the protocol imports',
      '  npm run grade               # fails until the TODOs in rules.js are done',
      '  cat README.md               # the assignment',
    ].join('\n') + '\n',
  );
  return EXIT_AS_EXPECTED;
}
