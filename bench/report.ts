import { writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { ROOT } from './processes';
import { SETTINGS } from './settings';

export type Figures = Record<string, number | string | boolean | null>;

export interface ScenarioEntry {
  name: string;
  measures: string;
  measured: Figures;
  baseline: Figures | null;
  ratio: number | null;
  target: string;
  met: boolean;
  notes: string[];
  error?: string;
}

export interface Machine {
  cpus: number;
  model: string;
  memoryGiB: number;
  node: string;
  postgres: string;
  loadAverageAtStart: number[];
  loadAverageAtEnd?: number[];
  pinned: boolean;
}

export function machineInfo(postgres: string): Machine {
  return {
    cpus: cpus().length,
    model: cpus()[0]?.model ?? 'unknown',
    memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    postgres,
    loadAverageAtStart: loadavg().map((value) => Math.round(value * 100) / 100),
    pinned: SETTINGS.pin,
  };
}

export const round = (value: number, digits = 2): number =>
  Number.isFinite(value) ? Math.round(value * 10 ** digits) / 10 ** digits : value;

function show(figures: Figures | null): string {
  if (!figures) return '—';
  return Object.entries(figures)
    .filter(([, value]) => value !== null && value !== undefined)
    .map(([key, value]) => `${key} ${typeof value === 'number' ? round(value) : String(value)}`)
    .join(', ');
}

export function printTable(entries: ScenarioEntry[]): string {
  const header = ['#', 'scenario', 'measured', 'baseline', 'ratio', 'target', 'met'];
  const rows = entries.map((entry, index) => [
    String(index + 1),
    entry.name,
    entry.error ? `FAILED: ${entry.error}` : show(entry.measured),
    show(entry.baseline),
    entry.ratio === null ? '—' : String(round(entry.ratio, 3)),
    entry.target,
    entry.met ? 'yes' : 'NO',
  ]);
  const lines = [header, ...rows].map((cells) => `| ${cells.join(' | ')} |`);
  lines.splice(1, 0, `|${header.map(() => ' --- ').join('|')}|`);
  return lines.join('\n');
}

export function writeResults(
  entries: ScenarioEntry[],
  machine: Machine,
  extra: Record<string, unknown>,
): string {
  const file = join(ROOT, 'bench', 'results.json');
  machine.loadAverageAtEnd = loadavg().map((value) => round(value));
  writeFileSync(
    file,
    `${JSON.stringify(
      {
        date: new Date().toISOString(),
        machine,
        settings: SETTINGS,
        ...extra,
        scenarios: entries,
      },
      null,
      2,
    )}\n`,
  );
  return file;
}
