/**
 * A tiny scene graph for pictures that must look the same on screen, in an exported SVG and in a PNG:
 * rectangles, lines/paths and text with named paints. Pure: the exporters serialise it to SVG text with
 * a concrete palette (read from the theme by the caller), the PNG painter draws it on a canvas, and the
 * on-screen chart maps paints to CSS classes so theme changes apply live.
 */

/** Named colours; resolved from the theme's `--vscode-*` variables at export time. */
export type Paint = 'bg' | 'fg' | 'muted' | 'grid' | 'heat' | 'accent' | 'series0' | 'series1' | 'series2' | 'series3' | 'series4' | 'series5';
export const SERIES_PAINTS: readonly Paint[] = ['series0', 'series1', 'series2', 'series3', 'series4', 'series5'];

export interface Palette {
  colors: Record<Paint, string>;
  /** Font families for tokens (the editor font) and for labels (the UI font). */
  monoFont: string;
  uiFont: string;
}

export type Prim =
  | { kind: 'rect'; x: number; y: number; w: number; h: number; fill: Paint; opacity?: number; stroke?: Paint; cls?: string }
  | { kind: 'path'; d: string; stroke: Paint; width: number; dash?: string; fill?: Paint; cls?: string }
  | { kind: 'text'; x: number; y: number; text: string; fill: Paint; size: number; font: 'mono' | 'ui'; anchor?: 'start' | 'middle' | 'end'; bold?: boolean; rotate?: number; cls?: string };

export interface Scene {
  width: number;
  height: number;
  /** Accessible title of the picture (becomes <title> in the SVG). */
  title: string;
  prims: Prim[];
}

export function xmlEscape(text: string): string {
  // Characters not allowed in XML 1.0 at all are dropped; markup characters are escaped.
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '')
    .replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}

/** Rough text width for layout (no DOM): CJK and other wide characters count double. */
export function textWidth(text: string, size: number): number {
  let units = 0;
  for (const ch of text) {
    const cp = ch.codePointAt(0) ?? 0;
    const wide = (cp >= 0x1100 && cp <= 0x115f) || (cp >= 0x2e80 && cp <= 0xa4cf) || (cp >= 0xac00 && cp <= 0xd7a3)
      || (cp >= 0xf900 && cp <= 0xfaff) || (cp >= 0xfe30 && cp <= 0xfe4f) || (cp >= 0xff00 && cp <= 0xff60) || (cp >= 0x20000);
    units += wide ? 1.0 : 0.6;
  }
  return units * size;
}

/** Moves every primitive by (dx, dy): used to stack several scenes into one picture. */
export function shift(prims: readonly Prim[], dx: number, dy: number): Prim[] {
  return prims.map((p) => {
    switch (p.kind) {
      case 'rect': return { ...p, x: p.x + dx, y: p.y + dy };
      case 'text': return { ...p, x: p.x + dx, y: p.y + dy };
      case 'path': return { ...p, d: shiftPath(p.d, dx, dy) };
    }
  });
}

/** Shifts an absolute path made of M/L commands with "x y" pairs (the only kind the scenes emit). */
function shiftPath(d: string, dx: number, dy: number): string {
  return d.replace(/([ML])\s*(-?[\d.]+)[ ,](-?[\d.]+)/g, (_m, c: string, x: string, y: string) => `${c}${round(Number(x) + dx)} ${round(Number(y) + dy)}`);
}

export function round(x: number): number {
  return Math.round(x * 100) / 100;
}

function fontFamily(p: Palette, font: 'mono' | 'ui'): string {
  return font === 'mono' ? p.monoFont : p.uiFont;
}

/** A self-contained SVG document (concrete colours, text as text, everything XML-escaped). */
export function sceneToSvg(scene: Scene, palette: Palette): string {
  const c = (paint: Paint): string => xmlEscape(palette.colors[paint]);
  const out: string[] = [];
  out.push('<?xml version="1.0" encoding="UTF-8"?>');
  out.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${round(scene.width)}" height="${round(scene.height)}" viewBox="0 0 ${round(scene.width)} ${round(scene.height)}" role="img">`);
  out.push(`<title>${xmlEscape(scene.title)}</title>`);
  out.push(`<rect x="0" y="0" width="${round(scene.width)}" height="${round(scene.height)}" fill="${c('bg')}"/>`);
  for (const p of scene.prims) {
    switch (p.kind) {
      case 'rect':
        out.push(`<rect x="${round(p.x)}" y="${round(p.y)}" width="${round(p.w)}" height="${round(p.h)}" fill="${c(p.fill)}"`
          + (p.opacity !== undefined ? ` fill-opacity="${round(p.opacity)}"` : '')
          + (p.stroke ? ` stroke="${c(p.stroke)}" stroke-width="1"` : '') + '/>');
        break;
      case 'path':
        out.push(`<path d="${xmlEscape(p.d)}" stroke="${c(p.stroke)}" stroke-width="${p.width}" fill="${p.fill ? c(p.fill) : 'none'}"`
          + (p.dash ? ` stroke-dasharray="${xmlEscape(p.dash)}"` : '') + '/>');
        break;
      case 'text': {
        const anchor = p.anchor ?? 'start';
        const transform = p.rotate ? ` transform="rotate(${p.rotate} ${round(p.x)} ${round(p.y)})"` : '';
        out.push(`<text x="${round(p.x)}" y="${round(p.y)}" fill="${c(p.fill)}" font-family="${xmlEscape(fontFamily(palette, p.font))}" font-size="${p.size}"`
          + ` text-anchor="${anchor}" dominant-baseline="central"${p.bold ? ' font-weight="bold"' : ''}${transform} xml:space="preserve">${xmlEscape(p.text)}</text>`);
        break;
      }
    }
  }
  out.push('</svg>');
  return out.join('\n') + '\n';
}
