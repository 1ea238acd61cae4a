/**
 * Figure 8-26 as a chart file: exact match (y, 0-100 %) against training progress in epochs (x, the same
 * axis for every model), one polyline per model, as standalone SVG (no script, no external resources).
 * Also: where a run's intermediate evaluations fall (every 1/N epoch).
 */

export interface CurvePoint {
  /** Progress in epochs (1.5 = halfway through the second epoch). */
  x: number;
  /** Exact match in [0, 1]. */
  y: number;
}

export interface Curve {
  label: string;
  points: CurvePoint[];
}

/**
 * Whether the batch that just finished (0-based `batch` of `batches`) completes a 1/`perEpoch` step of
 * the epoch; the epoch's last batch always does.
 */
export function isCheckpoint(batch: number, batches: number, perEpoch: number): boolean {
  if (batch + 1 >= batches) return true;
  return Math.floor(((batch + 1) * perEpoch) / batches) > Math.floor((batch * perEpoch) / batches);
}

/** Progress in epochs after `batch` (0-based) of epoch `epoch` (1-based). */
export function progressOf(epoch: number, batch: number, batches: number): number {
  return epoch - 1 + Math.min(1, (batch + 1) / Math.max(1, batches));
}

const COLORS = ['#1a85ff', '#d18616', '#388a34', '#652d90', '#e51400', '#bf8803'];

function escapeXml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' }[c] as string));
}

export function renderFigureSvg(curves: Curve[], options: { title: string; epochs: number }): string {
  const W = 640, H = 400, left = 56, right = 170, top = 36, bottom = 48;
  const pw = W - left - right, ph = H - top - bottom;
  const sx = (x: number): number => left + (x / Math.max(1, options.epochs)) * pw;
  const sy = (y: number): number => top + (1 - y) * ph;
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif" font-size="12">`,
    `<title>${escapeXml(options.title)}</title>`,
    `<rect width="${W}" height="${H}" fill="#ffffff"/>`,
    `<text x="${left}" y="20" font-size="14" font-weight="600">${escapeXml(options.title)}</text>`,
  ];
  for (let k = 0; k <= 10; k += 2) {
    const y = sy(k / 10);
    out.push(`<line x1="${left}" x2="${left + pw}" y1="${y}" y2="${y}" stroke="#d0d0d0"/>`, `<text x="${left - 6}" y="${y + 4}" text-anchor="end">${k * 10}</text>`);
  }
  for (let e = 0; e <= options.epochs; e++) {
    const x = sx(e);
    out.push(`<line x1="${x}" x2="${x}" y1="${top + ph}" y2="${top + ph + 4}" stroke="#606060"/>`, `<text x="${x}" y="${top + ph + 18}" text-anchor="middle">${e}</text>`);
  }
  out.push(`<rect x="${left}" y="${top}" width="${pw}" height="${ph}" fill="none" stroke="#606060"/>`,
    `<text x="${left + pw / 2}" y="${H - 10}" text-anchor="middle">epoch</text>`,
    `<text transform="translate(16 ${top + ph / 2}) rotate(-90)" text-anchor="middle">exact match (%)</text>`);
  curves.forEach((c, i) => {
    const color = COLORS[i % COLORS.length];
    const pts = c.points.map((p) => `${sx(p.x).toFixed(1)},${sy(p.y).toFixed(1)}`).join(' ');
    out.push(`<polyline fill="none" stroke="${color}" stroke-width="2" points="${pts}"><title>${escapeXml(c.label)}</title></polyline>`);
    const ly = top + 14 + i * 18;
    out.push(`<line x1="${left + pw + 12}" x2="${left + pw + 32}" y1="${ly - 4}" y2="${ly - 4}" stroke="${color}" stroke-width="2"/>`,
      `<text x="${left + pw + 38}" y="${ly}">${escapeXml(c.label)}</text>`);
  });
  out.push('</svg>');
  return out.join('\n') + '\n';
}
