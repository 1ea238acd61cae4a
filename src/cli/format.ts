/** Plain-text output of the CLI: tables and the attention grid, aligned for wide (Hangul, CJK) characters. */

/** Terminal columns a string takes: East Asian wide and full-width characters take two. */
export function displayWidth(s: string): number {
  let w = 0;
  for (const ch of s) {
    const c = ch.codePointAt(0) ?? 0;
    if (c < 0x20 || (c >= 0x300 && c <= 0x36f) || c === 0x200b) continue;
    const wide = (c >= 0x1100 && c <= 0x115f) || (c >= 0x2e80 && c <= 0xa4cf) || (c >= 0xac00 && c <= 0xd7a3)
      || (c >= 0xf900 && c <= 0xfaff) || (c >= 0xfe30 && c <= 0xfe4f) || (c >= 0xff00 && c <= 0xff60)
      || (c >= 0xffe0 && c <= 0xffe6) || (c >= 0x1f300 && c <= 0x1faff) || (c >= 0x20000 && c <= 0x3fffd);
    w += wide ? 2 : 1;
  }
  return w;
}

export function padEnd(s: string, width: number): string {
  return s + ' '.repeat(Math.max(0, width - displayWidth(s)));
}

export function padStart(s: string, width: number): string {
  return ' '.repeat(Math.max(0, width - displayWidth(s))) + s;
}

/** Makes white-space tokens visible: a space token shows as '␣'. */
export function showToken(t: string): string {
  return t.replace(/ /g, '␣').replace(/\n/g, '⏎').replace(/\t/g, '⇥');
}

export function percent(x: number, digits = 1): string {
  return `${(100 * x).toFixed(digits)}%`;
}

/** A table with a header row; numeric-looking cells are right-aligned. */
export function table(headers: string[], rows: string[][]): string {
  const widths = headers.map((h, i) => Math.max(displayWidth(h), ...rows.map((r) => displayWidth(r[i] ?? ''))));
  const numeric = headers.map((_, i) => rows.length > 0 && rows.every((r) => /^-?[\d.,]+(%| ms| s| MB| KB)?$|^-$/.test(r[i] ?? '')));
  const line = (cells: string[]): string =>
    cells.map((c, i) => (numeric[i] ? padStart(c, widths[i]) : padEnd(c, widths[i]))).join('  ').trimEnd();
  return [line(headers), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

/**
 * The attention matrix as text: one row per output token, one column per source token (in the user's
 * order), weights in hundredths ("37" = 0.37), "." below 0.005, and a marker on each row's maximum.
 */
export function attentionGrid(source: string[], output: string[], matrix: number[][]): string {
  const cols = source.map(showToken);
  const colWidth = cols.map((c) => Math.max(displayWidth(c), 3));
  const rowLabels = output.map(showToken);
  const corner = 'out\\src';
  const labelWidth = Math.max(displayWidth(corner), ...rowLabels.map(displayWidth));
  const lines = [padEnd(corner, labelWidth) + ' ' + cols.map((c, j) => padStart(c, colWidth[j])).join(' ')];
  matrix.forEach((row, i) => {
    const max = row.reduce((m, x, j) => (x > row[m] ? j : m), 0);
    const cells = row.map((x, j) => {
      const v = x < 0.005 ? '.' : String(Math.round(x * 100));
      return padStart(j === max ? `*${v}` : v, colWidth[j]);
    });
    lines.push(padEnd(rowLabels[i] ?? `#${i + 1}`, labelWidth) + ' ' + cells.join(' '));
  });
  return lines.join('\n');
}

export function formatSeconds(s: number): string {
  if (s < 59.95) return `${s.toFixed(1)} s`;
  const total = Math.round(s);
  return `${Math.floor(total / 60)} min ${total % 60} s`;
}
