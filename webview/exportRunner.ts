/** Turns the current view into export data for the host (which owns the save dialog and the file). */
import type { ExportFormat, PanelView } from '../src/shared/protocol/webview';
import { viewCsv, viewJson, viewScene, viewSvg } from './exporters';
import { readPalette } from './palette';
import { sceneToPngBase64 } from './png';

export interface ExportPayload {
  data: string;
  encoding: 'utf8' | 'base64';
}

export function exportView(view: PanelView, format: ExportFormat): ExportPayload {
  switch (format) {
    case 'svg': return { data: viewSvg(view, readPalette()), encoding: 'utf8' };
    case 'png': return { data: sceneToPngBase64(viewScene(view), readPalette()), encoding: 'base64' };
    case 'json': return { data: viewJson(view), encoding: 'utf8' };
    case 'csv': return { data: viewCsv(view), encoding: 'utf8' };
  }
}
