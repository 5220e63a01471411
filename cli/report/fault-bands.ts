// Faults as bands for the space-time diagram: a partition from its start to the heal that
// ends it, a crash until the restart, a pause until the resume, a clog until it ends,
// drift and loss until restored; clock steps are instants. Built from trace events.
import type { TraceEvent } from '../../sim/trace.js';
import { formatDurationUs } from '../../sim/units.js';
import type { FaultBand } from './model.js';

interface OpenBand {
  kind: string;
  startUs: number;
  nodes: readonly string[];
  text: string;
  event: number;
}

function stringList(value: unknown): string[] {
  return Array.isArray(value) ? value.map((x) => String(x)) : [];
}

export class FaultBands {
  readonly bands: FaultBand[] = [];
  /** Partitions by the kernel's id (the n-th partition fault gets id n). */
  private readonly partitions = new Map<number, OpenBand>();
  private partitionsSeen = 0;
  /** Crash, pause, clog and drift bands open per node, by kind. */
  private readonly perNode = new Map<string, OpenBand>();
  private loss: OpenBand | null = null;
  /** Link faults open by their id (`l1`). */
  private readonly links = new Map<string, OpenBand>();

  /** Fold one trace event; events that are not faults are ignored. */
  onEvent(e: TraceEvent): void {
    const d = e.detail ?? {};
    switch (e.kind) {
      case 'crash':
      case 'pause':
        return this.openNode(e.kind, e.node, e, `${e.kind} ${e.node}`);
      case 'restart':
        return this.closeNode('crash', e.node, e.timeUs);
      case 'resume':
        return this.closeNode('pause', e.node, e.timeUs);
      case 'fault':
        return this.onFault(e, d);
      default:
    }
  }

  /** Close what is still open at the end of the run (endUs null: lasted to the end). */
  finish(): FaultBand[] {
    for (const band of this.partitions.values()) this.close(band, null);
    for (const band of this.perNode.values()) this.close(band, null);
    if (this.loss !== null) this.close(this.loss, null);
    for (const band of this.links.values()) this.close(band, null);
    this.links.clear();
    this.partitions.clear();
    this.perNode.clear();
    this.loss = null;
    return this.bands.sort((a, b) => a.startUs - b.startUs || a.event - b.event);
  }

  private onFault(e: TraceEvent, d: Readonly<Record<string, unknown>>): void {
    const nodes = stringList(d['nodes']);
    switch (e.label) {
      case 'partition': {
        const groups = Array.isArray(d['groups']) ? (d['groups'] as unknown[]).map(stringList) : [];
        const text = `partition ${groups.map((g) => g.join(' ')).join(' | ')}`;
        this.partitions.set(++this.partitionsSeen, { kind: 'partition', startUs: e.timeUs, nodes: groups.flat(), text, event: e.index });
        return;
      }
      case 'connect': {
        // A graph is one more cut set: it takes the next partition id, as the kernel does.
        const graph = Array.isArray(d['graph']) ? (d['graph'] as unknown[]) : [];
        const parts = graph.map((g) => (Array.isArray(g) ? stringList(g).join('-') : `${stringList((g as Record<string, unknown>)['from']).join(' ')}>${stringList((g as Record<string, unknown>)['to']).join(' ')}`));
        this.partitions.set(++this.partitionsSeen, { kind: 'partition', startUs: e.timeUs, nodes: [], text: `connect ${parts.join(', ')}`, event: e.index });
        return;
      }
      case 'link':
        this.links.set(String(d['id']), { kind: 'link', startUs: e.timeUs, nodes: [...new Set([...stringList(d['fromNodes']), ...stringList(d['toNodes'])])], text: `link ${stringList(d['fromNodes']).join(' ')} > ${stringList(d['toNodes']).join(' ')}`, event: e.index });
        return;
      case 'end-link-fault': {
        const band = this.links.get(String(d['id']));
        if (band !== undefined) this.close(band, e.timeUs);
        this.links.delete(String(d['id']));
        return;
      }
      case 'corrupt':
        this.bands.push({ kind: 'corrupt', startUs: e.timeUs, endUs: e.timeUs, nodes, text: `corrupt ${nodes.join(' ')}`, event: e.index });
        return;
      case 'heal-partition': {
        const id = Number(d['partition']);
        const band = this.partitions.get(id);
        if (band !== undefined) this.close(band, e.timeUs);
        this.partitions.delete(id);
        return;
      }
      case 'heal':
        return this.healAll(e.timeUs);
      case 'settle':
        this.healAll(e.timeUs);
        for (const [key, band] of this.perNode) if (band.kind === 'clog') this.closeKey(key, e.timeUs);
        if (this.loss !== null) this.close(this.loss, e.timeUs);
        this.loss = null;
        for (const band of this.links.values()) this.close(band, e.timeUs);
        this.links.clear();
        return;
      case 'clog':
      case 'drift':
        for (const node of nodes) {
          const extra = e.label === 'drift' ? ` ${String(d['driftPpm'])}ppm` : '';
          this.openNode(e.label, node, e, `${e.label} ${node}${extra}`);
        }
        return;
      case 'end-clog':
      case 'unclog':
        for (const node of nodes) this.closeNode('clog', node, e.timeUs);
        return;
      case 'restore-drift':
        for (const node of nodes) this.closeNode('drift', node, e.timeUs);
        return;
      case 'loss':
        if (this.loss !== null) this.close(this.loss, e.timeUs);
        this.loss = { kind: 'loss', startUs: e.timeUs, nodes: [], text: `loss ${String(d['drop'])}`, event: e.index };
        return;
      case 'restore-loss':
        if (this.loss !== null) this.close(this.loss, e.timeUs);
        this.loss = null;
        return;
      case 'clock-step': {
        const stepUs = Number(d['stepUs']);
        const step = `${stepUs >= 0 ? '+' : '-'}${formatDurationUs(Math.abs(stepUs))}`;
        this.bands.push({ kind: 'clock-step', startUs: e.timeUs, endUs: e.timeUs, nodes, text: `clock-step ${nodes.join(' ')} ${step}`, event: e.index });
        return;
      }
      default:
      // crash, restart, pause, resume: drawn from the per-node events instead.
    }
  }

  private healAll(timeUs: number): void {
    for (const band of this.partitions.values()) this.close(band, timeUs);
    this.partitions.clear();
  }

  private openNode(kind: string, node: string, e: TraceEvent, text: string): void {
    const key = `${kind} ${node}`;
    if (this.perNode.has(key)) this.closeKey(key, e.timeUs);
    this.perNode.set(key, { kind, startUs: e.timeUs, nodes: [node], text, event: e.index });
  }

  private closeNode(kind: string, node: string, timeUs: number): void {
    this.closeKey(`${kind} ${node}`, timeUs);
  }

  private closeKey(key: string, timeUs: number): void {
    const band = this.perNode.get(key);
    if (band === undefined) return;
    this.close(band, timeUs);
    this.perNode.delete(key);
  }

  private close(band: OpenBand, endUs: number | null): void {
    this.bands.push({ kind: band.kind, startUs: band.startUs, endUs, nodes: band.nodes, text: band.text, event: band.event });
  }
}
