/** Turns the current view into export data for the host (which owns the save dialog and the file). */
import type { ExportFormat, PanelView } from '../src/shared/protocol/webview';
import { CSV_BOM, viewCsv, viewJson, viewScene, viewSvg, type SubwordExport } from './exporters';
import { readPalette } from './palette';
import { sceneToPngBase64 } from './png';

export interface ExportPayload {
  data: string;
  encoding: 'utf8' | 'base64';
}

/** `view` is the view as shown (pieces or words); `subwords` says which, for the JSON. */
export function exportView(view: PanelView, format: ExportFormat, subwords?: SubwordExport): ExportPayload {
  switch (format) {
    case 'svg': return { data: viewSvg(view, readPalette()), encoding: 'utf8' };
    case 'png': return { data: sceneToPngBase64(viewScene(view), readPalette()), encoding: 'base64' };
    case 'json': return { data: viewJson(view, subwords), encoding: 'utf8' };
    case 'csv': return { data: CSV_BOM + viewCsv(view), encoding: 'utf8' };
  }
}
