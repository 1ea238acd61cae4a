/** Paints a scene on a canvas and returns the PNG as base64 (no data: prefix). */
import type { Palette, Scene } from './scene';
import { t } from './l10n/strings';

const ALIGN = { start: 'left', middle: 'center', end: 'right' } as const;

export function sceneToPngBase64(scene: Scene, palette: Palette, scale = 2): string {
  const canvas = document.createElement('canvas');
  canvas.width = Math.ceil(scene.width * scale);
  canvas.height = Math.ceil(scene.height * scale);
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error(t('export.noCanvas'));
  ctx.scale(scale, scale);
  ctx.fillStyle = palette.colors.bg;
  ctx.fillRect(0, 0, scene.width, scene.height);
  for (const p of scene.prims) {
    ctx.save();
    switch (p.kind) {
      case 'rect':
        ctx.globalAlpha = p.opacity ?? 1;
        ctx.fillStyle = palette.colors[p.fill];
        ctx.fillRect(p.x, p.y, p.w, p.h);
        if (p.stroke) {
          ctx.globalAlpha = 1;
          ctx.strokeStyle = palette.colors[p.stroke];
          ctx.lineWidth = 1;
          ctx.strokeRect(p.x + 0.5, p.y + 0.5, p.w - 1, p.h - 1);
        }
        break;
      case 'path': {
        const path = new Path2D(p.d);
        if (p.fill) {
          ctx.fillStyle = palette.colors[p.fill];
          ctx.fill(path);
        }
        ctx.strokeStyle = palette.colors[p.stroke];
        ctx.lineWidth = p.width;
        ctx.setLineDash(p.dash ? p.dash.split(/[ ,]+/).map(Number) : []);
        ctx.stroke(path);
        break;
      }
      case 'text':
        ctx.fillStyle = palette.colors[p.fill];
        ctx.font = `${p.bold ? 'bold ' : ''}${p.size}px ${p.font === 'mono' ? palette.monoFont : palette.uiFont}`;
        ctx.textAlign = ALIGN[p.anchor ?? 'start'];
        ctx.textBaseline = 'middle';
        ctx.translate(p.x, p.y);
        if (p.rotate) ctx.rotate((p.rotate * Math.PI) / 180);
        ctx.fillText(p.text, 0, 0);
        break;
    }
    ctx.restore();
  }
  const url = canvas.toDataURL('image/png');
  return url.slice(url.indexOf(',') + 1);
}
