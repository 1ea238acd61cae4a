/** Translate Selection and Compare Attention Mechanisms: selection -> worker -> panel (+ hover record). */
import * as vscode from 'vscode';
import { MECHANISMS, MECHANISM_LABELS } from '../shared/engine/types';
import type { ComparisonView, TranslationView } from '../shared/protocol/webview';
import type { ModelRegistry } from './models';
import type { PanelController } from './panel';
import { selectedText } from './selection';
import { settings } from './settings';
import type { TranslationStore } from './translationStore';
import { UserError } from './userErrors';
import { comparisonView, translationView } from './views';
import type { WorkerClient } from './workerClient';

export interface TranslateDeps {
  client: WorkerClient;
  models: ModelRegistry;
  panel: PanelController;
  translations: TranslationStore;
}

/** Minimum number of models a comparison is worth opening for. */
const MIN_COMPARED = 2;

export async function translateSelection(deps: TranslateDeps): Promise<TranslationView> {
  const { document, range, text } = selectedText();
  const info = await deps.models.active();
  const beam = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Window, title: `Translating with ${info.label}…` },
    () => deps.client.call('translate', { modelId: info.id, text, beamWidth: settings.beamWidth(), topK: settings.topK() }));
  const view = translationView(text, info, beam);
  deps.translations.set(document, range, text, [view.entry]);
  deps.panel.show(view);
  return view;
}

export async function compareMechanisms(deps: TranslateDeps): Promise<ComparisonView> {
  const { document, range, text } = selectedText();
  const active = await deps.models.active();
  const models = (await deps.models.ofTask(active.task))
    .sort((a, b) => MECHANISMS.indexOf(a.mechanism) - MECHANISMS.indexOf(b.mechanism));
  if (models.length < MIN_COMPARED) {
    throw new UserError(`Only one model is installed for the task '${active.task}' (${MECHANISM_LABELS[active.mechanism]}); ` +
      'train another mechanism on the same dataset to compare.');
  }
  const results = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Window, title: `Comparing ${models.length} mechanisms…` },
    () => deps.client.call('compare', { modelIds: models.map(m => m.id), text, beamWidth: settings.beamWidth(), topK: settings.topK() }));
  const view = comparisonView(text, models, results);
  deps.translations.set(document, range, text, view.entries);
  deps.panel.show(view);
  return view;
}

/**
 * After the model changed (Select Model), shows the panel's current input through the new model, so the
 * user sees the effect at once. The hover keeps working when the source text is still in its document.
 */
export async function retranslateCurrent(deps: TranslateDeps): Promise<TranslationView | undefined> {
  const current = deps.panel.currentView();
  if (current?.kind !== 'translation') return undefined;
  const info = await deps.models.active();
  const beam = await deps.client.call('translate', {
    modelId: info.id, text: current.input, beamWidth: settings.beamWidth(), topK: settings.topK(),
  });
  const view = translationView(current.input, info, beam);
  const record = deps.translations.latest();
  const document = record && vscode.workspace.textDocuments.find(d => d.uri.toString() === record.uri);
  if (record && document && record.input === current.input && deps.translations.get(document)) {
    const start = document.positionAt(record.offset);
    deps.translations.set(document, new vscode.Range(start, document.positionAt(record.offset + record.input.length)), current.input, [view.entry]);
  }
  deps.panel.show(view);
  return view;
}
