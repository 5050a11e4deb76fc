/**
 * Text for the HTML timeline: escaping (trace files are user input, so every string from a trace
 * goes through `esc`) and the width estimates that let the page be laid out without a script.
 */

const entities: Readonly<Record<string, string>> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

/** Safe in element content and in quoted attribute values alike. */
export function esc(s: string | number | boolean): string {
  return String(s).replace(/[&<>"']/g, (c) => entities[c]!);
}

/**
 * Average glyph width of the page's sans-serif font per pixel of font size. DejaVu Sans (the
 * widest common system font) is about 0.6; estimating on the wide side costs only whitespace,
 * estimating narrow would cut text off.
 */
export const GLYPH_EM = 0.62;

export function textWidthPx(s: string, fontPx: number): number {
  return Math.ceil(s.length * fontPx * GLYPH_EM);
}

/** Breaks `s` at spaces into at most `maxLines` lines of `width` characters; the last line ends in "…" if cut. */
export function wrapWords(s: string, width: number, maxLines: number): string[] {
  const lines: string[] = [];
  let line = "";
  for (const word of s.split(/\s+/).filter((w) => w !== "")) {
    const next = line === "" ? word : `${line} ${word}`;
    if (next.length <= width || line === "") line = next;
    else {
      lines.push(line);
      line = word;
    }
  }
  if (line !== "") lines.push(line);
  const cut = lines.length > maxLines;
  const kept = lines.slice(0, maxLines).map((l) => (l.length > width ? `${l.slice(0, width - 1)}…` : l));
  if (cut) kept[maxLines - 1] = `${kept[maxLines - 1]!.slice(0, width - 1)}…`;
  return kept;
}
