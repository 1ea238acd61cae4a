/**
 * Export Attention: the panel renders the current view (SVG, PNG, JSON or CSV) and the host saves it
 * where the user chooses, through `workspace.fs` so remote and virtual workspaces work too. The panel
 * exports what it shows: for subword models the pieces or the merged words (`subwords.view`), which the
 * suggested file name says. The name also says the model and the input, so exports of different
 * inputs do not overwrite each other.
 */
import * as vscode from 'vscode';
import { EXPORT_FORMATS, type ExportFormat, type PanelView } from '../shared/protocol/webview';
import { isOneOf } from '../shared/protocol/guards';
import { exportFileName, sharedModelPrefix, type ExportNameParts } from '../shared/text/exportFileName';
import { hasSubwordSide } from '../shared/text/wordMerge';
import type { PanelController } from './panel';
import { settings } from './settings';
import { UserError } from './userErrors';

/** Arguments for scripted use (tests, keybindings): skip the pickers. */
export interface ExportArgs {
  format?: ExportFormat;
  uri?: vscode.Uri | string;
  /** Save under this folder with the suggested name (no dialog); ignored when `uri` is given. */
  folder?: vscode.Uri | string;
}

function formatLabel(format: ExportFormat): string {
  switch (format) {
    case 'svg': return vscode.l10n.t('SVG image (scalable, for papers and slides)');
    case 'png': return vscode.l10n.t('PNG image');
    case 'json': return vscode.l10n.t('JSON (tokens, weights, probabilities)');
    case 'csv': return vscode.l10n.t('CSV (one row per output token, one column per source token)');
  }
}

const asUri = (u: vscode.Uri | string | undefined): vscode.Uri | undefined => typeof u === 'string' ? vscode.Uri.parse(u) : u;

export async function exportAttention(panel: PanelController, args: ExportArgs = {}): Promise<vscode.Uri | undefined> {
  const view = panel.currentView();
  if (!view) throw new UserError(vscode.l10n.t('Nothing to export yet: translate a selection first.'));
  let format = isOneOf(args.format, EXPORT_FORMATS) ? args.format : undefined;
  if (!format) {
    const choice = await vscode.window.showQuickPick(
      EXPORT_FORMATS.map(f => ({ label: f.toUpperCase(), description: formatLabel(f), format: f })),
      { title: vscode.l10n.t('Export Attention'), placeHolder: vscode.l10n.t('Format of the exported view') });
    if (!choice) return undefined;
    format = choice.format;
  }
  const name = exportFileName(nameParts(view, format));
  const into = asUri(args.folder);
  let target = asUri(args.uri) ?? (into ? vscode.Uri.joinPath(into, name) : undefined);
  if (!target) {
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
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

/** What the suggested file name is made of: the model (or the task a comparison's models share) and the input. */
function nameParts(view: PanelView, extension: string): ExportNameParts {
  const qualifier = subwordQualifier(view);
  switch (view.kind) {
    case 'translation': return { modelId: view.entry.modelId, input: view.input, kind: 'heatmap', extension, qualifier };
    case 'comparison': return { modelId: sharedModelPrefix(view.entries.map(e => e.modelId)) ?? 'models', input: view.input, kind: 'comparison', extension, qualifier };
    case 'training': return { modelId: null, input: null, kind: 'training', extension };
    case 'mismatch': return { modelId: view.modelId, input: view.input, kind: 'not-fitting', extension };
  }
}

/** `words` or `pieces` for views of subword models, nothing for the others. */
function subwordQualifier(view: PanelView): string | undefined {
  const entries = view.kind === 'translation' ? [view.entry] : view.kind === 'comparison' ? view.entries : [];
  return entries.some(e => hasSubwordSide(e.result, e.tokenizers ?? {})) ? settings.subwordView() : undefined;
}
