/**
 * Export Attention: the panel renders the current view (SVG, PNG, JSON or CSV) and the host saves it
 * where the user chooses, through `workspace.fs` so remote and virtual workspaces work too. The panel
 * exports what it shows: for subword models the pieces or the merged words (`subwords.view`), which the
 * suggested file name says.
 */
import * as vscode from 'vscode';
import { EXPORT_FORMATS, type ExportFormat, type PanelView } from '../shared/protocol/webview';
import { isOneOf } from '../shared/protocol/guards';
import { hasSubwordSide } from '../shared/text/wordMerge';
import type { PanelController } from './panel';
import { settings } from './settings';
import { UserError } from './userErrors';

/** Arguments for scripted use (tests, keybindings): skip the pickers. */
export interface ExportArgs {
  format?: ExportFormat;
  uri?: vscode.Uri | string;
}

const FORMAT_LABELS: Record<ExportFormat, string> = {
  svg: 'SVG image (scalable, for papers and slides)',
  png: 'PNG image',
  json: 'JSON (tokens, weights, probabilities)',
  csv: 'CSV (one row per output token, one column per source token)',
};

export async function exportAttention(panel: PanelController, args: ExportArgs = {}): Promise<vscode.Uri | undefined> {
  const view = panel.currentView();
  if (!view) throw new UserError('Nothing to export yet: translate a selection first.');
  let format = isOneOf(args.format, EXPORT_FORMATS) ? args.format : undefined;
  if (!format) {
    const choice = await vscode.window.showQuickPick(
      EXPORT_FORMATS.map(f => ({ label: f.toUpperCase(), description: FORMAT_LABELS[f], format: f })),
      { title: vscode.l10n.t('Export Attention'), placeHolder: vscode.l10n.t('Format of the exported view') });
    if (!choice) return undefined;
    format = choice.format;
  }
  let target = typeof args.uri === 'string' ? vscode.Uri.parse(args.uri) : args.uri;
  if (!target) {
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
    const name = `${defaultName(view)}${subwordSuffix(view)}.${format}`;
    target = await vscode.window.showSaveDialog({
      title: vscode.l10n.t('Export Attention'),
      defaultUri: folder ? vscode.Uri.joinPath(folder, name) : undefined,
      filters: { [format.toUpperCase()]: [format] },
    });
    if (!target) return undefined;
  }
  const exported = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Window, title: vscode.l10n.t('Rendering {0}…', format.toUpperCase()) },
    () => panel.requestExport(format));
  const bytes = exported.encoding === 'base64' ? Buffer.from(exported.data, 'base64') : Buffer.from(exported.data, 'utf8');
  await vscode.workspace.fs.writeFile(target, bytes);
  void vscode.window.showInformationMessage(vscode.l10n.t('Attention exported to {0}.', vscode.workspace.asRelativePath(target)));
  return target;
}

function defaultName(view: PanelView): string {
  switch (view.kind) {
    case 'translation': return `attention-${view.entry.modelId}`;
    case 'comparison': return 'attention-comparison';
    case 'training': return 'training-runs';
    case 'mismatch': return `input-not-fitting-${view.modelId}`;
  }
}

/** `-words` or `-pieces` for views of subword models, nothing for the others. */
function subwordSuffix(view: PanelView): string {
  const entries = view.kind === 'translation' ? [view.entry] : view.kind === 'comparison' ? view.entries : [];
  return entries.some(e => hasSubwordSide(e.result, e.tokenizers ?? {})) ? `-${settings.subwordView()}` : '';
}
