/** One row of a benchmark table: a target, what was measured, the same-run baseline and the verdict. */
export interface BenchRow {
  scenario: string;
  metric: string;
  target: string;
  measured: number;
  unit: string;
  baseline?: { name: string; value: number } | undefined;
  ratio?: number | undefined;
  pass: boolean;
}

export function formatTable(rows: BenchRow[]): string {
  const head = ['scenario', 'metric', 'target', 'measured', 'baseline', 'ratio', 'pass'];
  const fmt = (n: number) => (Math.abs(n) >= 100 ? Math.round(n).toLocaleString('en-US') : n.toFixed(2));
  const body = rows.map((r) => [
    r.scenario,
    r.metric,
    r.target,
    `${fmt(r.measured)} ${r.unit}`,
    r.baseline ? `${r.baseline.name} ${fmt(r.baseline.value)}` : '',
    r.ratio !== undefined ? r.ratio.toFixed(2) : '',
    r.pass ? 'pass' : 'FAIL',
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i]!.length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
  return [line(head), line(widths.map((w) => '-'.repeat(w))), ...body.map(line)].join('\n');
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i]!;
}
