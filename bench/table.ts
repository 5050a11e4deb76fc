/** Plain-text tables and the few statistics the benchmark prints. */

export type Cell = string | number;

/** Numbers right-aligned, text left-aligned, so columns of figures line up by magnitude. */
export function table(headers: readonly string[], rows: readonly (readonly Cell[])[]): string {
  const text = rows.map((r) => r.map(cell));
  const widths = headers.map((h, i) => Math.max(h.length, ...text.map((r) => (r[i] ?? "").length)));
  const line = (cells: readonly string[], numeric: readonly boolean[]) =>
    cells.map((c, i) => (numeric[i] ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join("  ").trimEnd();
  const numeric = headers.map((_, i) => rows.length > 0 && rows.every((r) => typeof r[i] === "number"));
  return [line(headers, numeric), widths.map((w) => "-".repeat(w)).join("  "), ...text.map((r) => line(r, numeric))].join("\n");
}

function cell(c: Cell): string {
  if (typeof c === "string") return c;
  return Number.isInteger(c) ? c.toLocaleString("en-US") : c.toLocaleString("en-US", { maximumFractionDigits: 1 });
}

/** Lower median, so the figure is one that some seed actually produced. */
export function median(xs: readonly number[]): number {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) / 2)] ?? NaN;
}

export function max(xs: readonly number[]): number {
  return xs.length === 0 ? NaN : Math.max(...xs);
}

export function perSecond(count: number, ms: number): number {
  return Math.round((count * 1000) / ms);
}

export function heading(title: string): void {
  console.log(`\n## ${title}\n`);
}
