// `faultline list`: protocols, their variants, and the shipped scenarios.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import chalk from 'chalk';
import type { Command } from 'commander';
import { parse as parseYaml } from 'yaml';
import { PROTOCOLS } from '../../protocols/registry.js';
import { serverKinds } from '../../sim/protocol.js';

interface ScenarioEntry {
  readonly file: string;
  readonly protocol: string | null;
  readonly variant: string | null;
  readonly description: string;
}

/** Scenario files below `dir`, sorted, with their first description line. */
export function listScenarios(dir: string): ScenarioEntry[] {
  const out: ScenarioEntry[] = [];
  const walk = (d: string) => {
    let names: string[];
    try {
      names = readdirSync(d).sort();
    } catch {
      return;
    }
    for (const name of names) {
      const path = join(d, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (/\.(ya?ml|json)$/.test(name) && !name.endsWith('.schema.json')) out.push(describeScenario(path, dir));
    }
  };
  walk(dir);
  return out;
}

function describeScenario(path: string, root: string): ScenarioEntry {
  const file = join(root, relative(root, path));
  try {
    const doc = parseYaml(readFileSync(path, 'utf8')) as Record<string, unknown> | null;
    const description = typeof doc?.['description'] === 'string' ? doc['description'].trim().split('\n')[0]! : '';
    return {
      file,
      protocol: typeof doc?.['protocol'] === 'string' ? doc['protocol'] : null,
      variant: typeof doc?.['variant'] === 'string' ? doc['variant'] : null,
      description,
    };
  } catch {
    return { file, protocol: null, variant: null, description: '(unreadable)' };
  }
}

export function registerListCommand(program: Command): void {
  program
    .command('list')
    .description('list protocols, their bug variants, and the shipped scenarios')
    .option('--scenarios <dir>', 'where to look for scenarios', 'scenarios')
    .option('--json', 'print one JSON object {protocols, scenarios}')
    .action((options: { scenarios: string; json?: boolean }) => {
      const protocols = [...PROTOCOLS.values()].map((p) => ({
        name: p.name,
        description: p.description,
        model: p.model,
        operations: p.operations,
        roles: p.roles,
        kinds: serverKinds(p),
        variants: p.variants,
        histories: Object.fromEntries(Object.entries(p.histories ?? {}).map(([name, h]) => [name, h.model])),
        workloads: ['kv', ...Object.keys(p.workloads ?? {}).filter((name) => name !== 'kv')],
      }));
      const scenarios = listScenarios(options.scenarios);
      if (options.json) {
        process.stdout.write(JSON.stringify({ protocols, scenarios }) + '\n');
        return;
      }
      const lines: string[] = [chalk.bold('protocols')];
      for (const p of protocols) {
        const histories = Object.entries(p.histories).map(([name, model]) => `; ${name} history ${model}`).join('');
        const workloads = p.workloads.length > 1 ? `; workloads ${p.workloads.join(', ')}` : '';
        lines.push(`  ${chalk.bold(p.name)}  ${p.description}  ${chalk.dim(`(model ${p.model}${histories}; roles ${p.roles.join(', ')}; node kinds ${p.kinds.join(', ')}${workloads})`)}`);
        for (const [variant, what] of Object.entries(p.variants)) lines.push(`    ${chalk.yellow(variant)}  ${what}`);
      }
      lines.push('', chalk.bold('scenarios'));
      for (const s of scenarios) {
        const tag = s.variant ? chalk.yellow(` [${s.variant}]`) : '';
        lines.push(`  ${s.file}${tag}  ${chalk.dim(s.description)}`);
      }
      process.stdout.write(lines.join('\n') + '\n');
    });
}
