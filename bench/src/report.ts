// The benchmark report: one model, printed as a console table and written as Markdown and JSON.
import type { MachineInfo, Versions } from './machine.js';

export interface Target {
  op: '<' | '<=' | '>=' | '>';
  value: number;
}

export interface Measurement {
  metric: string;
  value: number | null;
  unit: string;
  target?: Target;
  note?: string;
}

export interface SectionResult {
  name: string;
  /** 'skipped' when a part of the platform it needs does not exist yet, 'failed' when it broke; reason says which. */
  status: 'ran' | 'skipped' | 'failed';
  reason?: string;
  parameters: Record<string, unknown>;
  measurements: Measurement[];
  notes: string[];
  /** When this benchmark ran, and the machine's 1-minute load average before and at most during it. */
  ranAt?: string;
  load?: { before: number; maxDuring: number };
}

export interface BenchReport {
  command: string;
  startedAt: string;
  finishedAt: string;
  machine: MachineInfo;
  versions: Versions;
  /** 1-minute load average before the run and the highest seen during it: other work on the machine skews timings. */
  load: { before: number; maxDuring: number };
  sections: SectionResult[];
}

export type Verdict = 'met' | 'MISSED' | '';

export function verdict(measurement: Measurement): Verdict {
  const { target, value } = measurement;
  if (!target || value === null || Number.isNaN(value)) return '';
  const ok =
    target.op === '<'
      ? value < target.value
      : target.op === '<='
        ? value <= target.value
        : target.op === '>='
          ? value >= target.value
          : value > target.value;
  return ok ? 'met' : 'MISSED';
}

export function formatValue(value: number | null, unit: string): string {
  if (value === null || !Number.isFinite(value)) return '—';
  const digits = Math.abs(value) >= 100 ? 0 : Math.abs(value) >= 10 ? 1 : Math.abs(value) >= 1 ? 2 : 3;
  return `${value.toFixed(digits)}${unit ? ` ${unit}` : ''}`;
}

function formatTarget(measurement: Measurement): string {
  return measurement.target
    ? `${measurement.target.op} ${measurement.target.value}${measurement.unit && measurement.unit !== '×' ? ` ${measurement.unit}` : ''}`
    : '';
}

interface Row {
  benchmark: string;
  metric: string;
  value: string;
  target: string;
  verdict: string;
  note: string;
}

function rows(report: BenchReport): Row[] {
  return report.sections.flatMap((section): Row[] => {
    if (section.status !== 'ran' && section.measurements.length === 0) {
      return [
        {
          benchmark: section.name,
          metric: section.status,
          value: '—',
          target: '',
          verdict: '',
          note: section.reason ?? '',
        },
      ];
    }
    return section.measurements.map((m) => ({
      benchmark: section.name,
      metric: m.metric,
      value: formatValue(m.value, m.unit),
      target: formatTarget(m),
      verdict: verdict(m),
      note: m.note ?? '',
    }));
  });
}

const COLUMNS: (keyof Row)[] = ['benchmark', 'metric', 'value', 'target', 'verdict', 'note'];

/** A plain fixed-width table for the terminal. */
export function consoleTable(report: BenchReport): string {
  const all = rows(report);
  const width = (key: keyof Row) => Math.max(key.length, ...all.map((r) => r[key].length));
  const line = (cells: Record<keyof Row, string>) =>
    COLUMNS.map((key) => cells[key].padEnd(width(key)))
      .join('  ')
      .trimEnd();
  const header = Object.fromEntries(COLUMNS.map((key) => [key, key])) as Record<keyof Row, string>;
  const rule = Object.fromEntries(COLUMNS.map((key) => [key, '-'.repeat(width(key))])) as Record<keyof Row, string>;
  return [line(header), line(rule), ...all.map(line)].join('\n');
}

const escapeCell = (text: string) => text.replaceAll('|', '\\|').replaceAll('\n', ' ');

export function markdownReport(report: BenchReport): string {
  const { machine, versions } = report;
  const out: string[] = [
    `# Benchmark results`,
    '',
    `Command: \`${report.command}\`  `,
    `Run: ${report.startedAt} → ${report.finishedAt}  `,
    `Machine: ${machine.cpuCount} × ${machine.cpuModel}, ${machine.memoryGiB.toFixed(1)} GiB, ${machine.kernel}  `,
    `Load (1-min average): ${report.load.before.toFixed(2)} before, up to ${report.load.maxDuring.toFixed(2)} during the run  `,
    `Versions: ${Object.entries(versions)
      .map(([name, version]) => `${name} ${version ?? 'not found'}`)
      .join(', ')}`,
    '',
    '| benchmark | metric | value | target | verdict | note |',
    '|---|---|---|---|---|---|',
    ...rows(report).map((r) => `| ${COLUMNS.map((key) => escapeCell(r[key])).join(' | ')} |`),
    '',
  ];
  for (const section of report.sections) {
    out.push(`## ${section.name}`, '');
    if (section.ranAt)
      out.push(
        `Ran ${section.ranAt}${section.load ? `, load ${section.load.before.toFixed(2)} before, up to ${section.load.maxDuring.toFixed(2)} during` : ''}.`,
        '',
      );
    if (section.reason) out.push(`${section.status}: ${section.reason}`, '');
    const parameters = Object.entries(section.parameters);
    if (parameters.length)
      out.push(
        'Parameters: ' + parameters.map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`).join(', '),
        '',
      );
    for (const note of section.notes) out.push(`- ${note}`);
    if (section.notes.length) out.push('');
  }
  return out.join('\n');
}

export function jsonReport(report: BenchReport): string {
  return `${JSON.stringify(report, (_key, value: unknown) => (typeof value === 'number' && !Number.isFinite(value) ? null : value), 2)}\n`;
}

/** A run of some benchmarks replaces those sections in an earlier report and keeps the others (in `order`). */
export function mergeReports(earlier: BenchReport, later: BenchReport, order: readonly string[]): BenchReport {
  const byName = new Map(earlier.sections.map((s) => [s.name, s]));
  for (const section of later.sections) byName.set(section.name, section);
  const rank = (name: string) => (order.includes(name) ? order.indexOf(name) : order.length);
  const sections = [...byName.values()].sort((a, b) => rank(a.name) - rank(b.name));
  const loads = sections.flatMap((s) => (s.load ? [s.load] : []));
  return {
    ...later,
    command: `${later.command} (merged with earlier runs of the other benchmarks; each section says when it ran)`,
    startedAt: earlier.startedAt < later.startedAt ? earlier.startedAt : later.startedAt,
    load: loads.length
      ? { before: Math.max(...loads.map((l) => l.before)), maxDuring: Math.max(...loads.map((l) => l.maxDuring)) }
      : later.load,
    sections,
  };
}
