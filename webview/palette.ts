/**
 * Reads the theme's `--vscode-*` colours and fonts from the computed style, so exports (SVG, PNG) use the
 * colours the user sees. Re-read on every export: the theme may have changed since the panel opened.
 */
import type { Paint, Palette } from './scene';

/**
 * Paint -> CSS variables, the first a theme defines, with a fallback for when it defines none. The
 * high-contrast themes leave `charts.orange` out (it derives from a find-match colour they set to none),
 * so orange falls back to the warning colour there.
 */
export const PAINT_VARIABLES: Record<Paint, [string | string[], string]> = {
  bg: ['--vscode-editor-background', '#ffffff'],
  fg: ['--vscode-editor-foreground', '#1f1f1f'],
  muted: ['--vscode-descriptionForeground', '#717171'],
  grid: ['--vscode-panel-border', '#80808059'],
  heat: ['--vscode-charts-blue', '#1a85ff'],
  accent: [['--vscode-charts-orange', '--vscode-editorWarning-foreground'], '#d18616'],
  series0: ['--vscode-charts-blue', '#1a85ff'],
  series1: [['--vscode-charts-orange', '--vscode-editorWarning-foreground'], '#d18616'],
  series2: ['--vscode-charts-green', '#388a34'],
  series3: ['--vscode-charts-purple', '#652d90'],
  series4: ['--vscode-charts-red', '#e51400'],
  series5: ['--vscode-charts-yellow', '#bf8803'],
};

export function readPalette(): Palette {
  const style = getComputedStyle(document.documentElement);
  const read = (names: string | string[], fallback: string): string =>
    [names].flat().map(name => style.getPropertyValue(name).trim()).find(value => value !== '') ?? fallback;
  const colors = {} as Record<Paint, string>;
  for (const [paint, [names, fallback]] of Object.entries(PAINT_VARIABLES) as [Paint, [string | string[], string]][]) colors[paint] = read(names, fallback);
  return {
    colors,
    monoFont: read('--vscode-editor-font-family', 'monospace'),
    uiFont: read('--vscode-font-family', 'sans-serif'),
  };
}
