// `faultline list`: protocols, their variants, and the scenarios (the shipped ones, or
// those under --scenarios DIR). Descriptions are cut at a word to fit the terminal.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import chalk from 'chalk';
import type { Command } from 'commander';
import { parse as parseYaml } from 'yaml';
import { PROTOCOLS } from '../../protocols/registry.js';
import { serverKinds } from '../../sim/protocol.js';
import { UsageError } from '../errors.js';
import { SHIPPED_SCENARIOS_DIR } from '../package-info.js';
import { out } from '../output/stdio.js';
import { cutAtWord, terminalWidth } from '../output/text.js';

interface ScenarioEntry {
  readonly file: string;
  readonly protocol: string | null;
  readonly variant: string | null;
  readonly description: string;
}

/**
 * Scenario files below `dir`, sorted, with their description's first paragraph. Each is named
 * `shownRoot/<path below dir>`: for the shipped scenarios that is `scenarios/...`, a
 * path `run` finds from any directory.
 */
export function listScenarios(dir: string, shownRoot: string = dir): ScenarioEntry[] {
  const found: ScenarioEntry[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      const path = join(d, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (/\.(ya?ml|json)$/.test(name) && !name.endsWith('.schema.json')) found.push(describeScenario(path, join(shownRoot, relative(dir, path))));
    }
  };
  walk(dir);
  return found;
}

function describeScenario(path: string, file: string): ScenarioEntry {
  try {
    const doc = parseYaml(readFileSync(path, 'utf8')) as Record<string, unknown> | null;
    // The first paragraph, on one line (a YAML block breaks its lines anywhere).
    const description = typeof doc?.['description'] === 'string' ? doc['description'].trim().split(/\n\s*\n/)[0]!.replace(/\s+/g, ' ') : '';
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

function firstSentence(text: string): string {
  const end = /[.!?](\s|$)/.exec(text);
  return end === null ? text : text.slice(0, end.index + 1);
}

function scenariosIn(dir: string | undefined): ScenarioEntry[] {
  if (dir === undefined) return listScenarios(SHIPPED_SCENARIOS_DIR, 'scenarios');
  let isDir = false;
  try {
    isDir = statSync(dir).isDirectory();
  } catch {
    throw new UsageError(`--scenarios ${dir}: no such directory`);
  }
  if (!isDir) throw new UsageError(`--scenarios ${dir}: not a directory`);
  return listScenarios(dir);
}

export function registerListCommand(program: Command): void {
  program
    .command('list')
    .description('list protocols, their bug variants, and the scenarios')
    .option('--scenarios <dir>', 'list the scenarios under DIR (default: the shipped ones)')
    .option('--json', 'print one JSON object {protocols, scenarios}')
    .action((options: { scenarios?: string; json?: boolean }) => {
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
      const scenarios = scenariosIn(options.scenarios);
      if (options.json) {
        out(JSON.stringify({ protocols, scenarios }) + '\n');
        return;
      }
      const width = terminalWidth();
      const fit = (used: string, text: string) => cutAtWord(text, Math.max(20, width - used.length - 2));
      const lines: string[] = [chalk.bold('protocols')];
      for (const p of protocols) {
        const head = `  ${p.name}  `;
        const histories = Object.entries(p.histories).map(([name, model]) => `; ${name} history ${model}`).join('');
        const workloads = p.workloads.length > 1 ? `; workloads ${p.workloads.join(', ')}` : '';
        lines.push(`${chalk.bold(head)}${fit(head, p.description)}`, chalk.dim(`    model ${p.model}${histories}; roles ${p.roles.join(', ')}; node kinds ${p.kinds.join(', ')}${workloads}`));
        for (const [variant, what] of Object.entries(p.variants)) {
          const vhead = `    ${variant}  `;
          lines.push(`${chalk.yellow(vhead)}${fit(vhead, what)}`);
        }
      }
      lines.push('', chalk.bold('scenarios'));
      for (const s of scenarios) {
        const head = `  ${s.file}${s.variant ? ` [${s.variant}]` : ''}`;
        lines.push(head);
        if (s.description) lines.push(chalk.dim(`      ${fit('      ', firstSentence(s.description))}`));
      }
      out(lines.join('\n') + '\n');
    });
}
