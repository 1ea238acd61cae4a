/**
 * Draws a scene as live SVG in the panel. Paints become CSS classes (`fill-heat`, `stroke-series2`...)
 * mapped to `--vscode-*` variables in style.css, so a theme switch recolours the chart at once.
 */
import { s } from './dom';
import type { Scene } from './scene';

export function sceneToDom(scene: Scene, label: string): SVGSVGElement {
  const svg = s('svg', { viewBox: `0 0 ${scene.width} ${scene.height}`, width: scene.width, height: scene.height, role: 'img', 'aria-label': label, class: 'scene' });
  for (const p of scene.prims) {
    switch (p.kind) {
      case 'rect':
        svg.appendChild(s('rect', { x: p.x, y: p.y, width: p.w, height: p.h, class: [`fill-${p.fill}`, p.stroke ? `stroke-${p.stroke}` : '', p.cls ?? ''].join(' ').trim(), 'fill-opacity': p.opacity }));
        break;
      case 'path':
        svg.appendChild(s('path', { d: p.d, class: [`stroke-${p.stroke}`, p.fill ? `fill-${p.fill}` : 'fill-none', p.cls ?? ''].join(' ').trim(), 'stroke-width': p.width, 'stroke-dasharray': p.dash }));
        break;
      case 'text':
        svg.appendChild(s('text', {
          x: p.x, y: p.y, class: `fill-${p.fill} font-${p.font}${p.bold ? ' bold' : ''}${p.cls ? ` ${p.cls}` : ''}`, 'font-size': p.size,
          'text-anchor': p.anchor ?? 'start', 'dominant-baseline': 'central', transform: p.rotate ? `rotate(${p.rotate} ${p.x} ${p.y})` : undefined,
        }, p.text));
        break;
    }
  }
  return svg;
}
