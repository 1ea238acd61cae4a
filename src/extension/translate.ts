/**
 * Translate Selection and Compare Attention Mechanisms: selection -> worker -> panel (+ hover record).
 * Every input is also checked against the active model's fit profile (quality/fit.ts): an input unlike
 * the model's training data gets a notice and the installed models that fit it; an input the model
 * refuses (characters it never saw, too long) while other models fit it gets a panel that offers them.
 */
import * as vscode from 'vscode';
import { MECHANISMS, type ModelInfo } from '../shared/engine/types';
import { mechanismLabel } from '../shared/messages/labels';
import { localized } from './messages';
import type { ComparisonView, MismatchView, TranslationView } from '../shared/protocol/webview';
import { assessFit } from '../shared/quality/fit';
import { decodingBeamWidth } from '../shared/quality/card';
import type { ModelRegistry } from './models';
import type { PanelController } from './panel';
import { selectedText } from './selection';
import { settings } from './settings';
import type { TranslationStore } from './translationStore';
import { UserError } from './userErrors';
import { comparisonView, mismatchView, translationView, unknownShare } from './views';
import { WorkerCallError, type WorkerClient } from './workerClient';

export interface TranslateDeps {
  client: WorkerClient;
  models: ModelRegistry;
  panel: PanelController;
  translations: TranslationStore;
}

/** Minimum number of models a comparison is worth opening for. */
const MIN_COMPARED = 2;

/** Where the input came from, so the hover and the highlights can follow a new translation of it. */
interface Origin {
  document: vscode.TextDocument;
  range: vscode.Range;
}

/** The selection the last command translated (a refused one has no translation record to follow). */
let lastOrigin: (Origin & { input: string }) | undefined;

/**
 * Runs a worker call; when the model refuses the input and other installed models fit it, returns the
 * view that offers them instead of failing. Other refusals are thrown as before (with a word when no
 * installed model fits either).
 */
async function refusedOrResult<T>(text: string, info: ModelInfo, models: ModelInfo[], call: () => Promise<T>): Promise<T | MismatchView> {
  try {
    return await call();
  } catch (error) {
    if (!(error instanceof WorkerCallError) || error.code !== 'bad-input') throw error;
    const fit = assessFit(text, models, info.id);
    if (!fit.active || fit.active.fits) throw error;
    if (fit.candidates.length === 0) throw new UserError(vscode.l10n.t('{0} No installed model fits this input.', error.message));
    return mismatchView(text, info, error.message, fit);
  }
}

/** Translates `text` with the active model into the view the panel shows. */
export async function translateText(deps: TranslateDeps, text: string, progress: boolean): Promise<TranslationView | MismatchView> {
  const info = await deps.models.active();
  const models = await deps.models.list();
  // The card's beam width where the user chose none (translation models measured better with beams).
  const beamWidth = decodingBeamWidth(info.card, settings.explicitBeamWidth());
  const call = (): Promise<TranslationView | MismatchView> => refusedOrResult(text, info, models,
    () => deps.client.call('translate', { modelId: info.id, text, beamWidth, topK: settings.topK() }))
    .then(beam => {
      if ('kind' in beam) return beam;
      const best = beam.hypotheses[0];
      return translationView(text, info, beam, assessFit(text, models, info.id, best ? unknownShare(best) : null), beamWidth);
    });
  return progress
    ? vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: vscode.l10n.t('Translating with {0}…', info.label) }, call)
    : call();
}

function show(deps: TranslateDeps, view: TranslationView | ComparisonView | MismatchView, origin: Origin, input: string): void {
  if (view.kind !== 'mismatch') deps.translations.set(origin.document, origin.range, input, view.kind === 'translation' ? [view.entry] : view.entries);
  deps.panel.show(view);
}

export async function translateSelection(deps: TranslateDeps): Promise<TranslationView | MismatchView> {
  const { document, range, text } = selectedText();
  const view = await translateText(deps, text, true);
  lastOrigin = { document, range, input: text };
  show(deps, view, { document, range }, text);
  return view;
}

export async function compareMechanisms(deps: TranslateDeps): Promise<ComparisonView | MismatchView> {
  const { document, range, text } = selectedText();
  const active = await deps.models.active();
  const all = await deps.models.list();
  const models = (await deps.models.ofTask(active.task))
    .sort((a, b) => MECHANISMS.indexOf(a.mechanism) - MECHANISMS.indexOf(b.mechanism));
  if (models.length < MIN_COMPARED) {
    throw new UserError(vscode.l10n.t("Only one model is installed for the task '{0}' ({1}); train another mechanism on the same dataset to compare.",
      active.task, localized(mechanismLabel(active.mechanism))));
  }
  const beamWidth = settings.beamWidth();
  const results = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Window, title: vscode.l10n.t('Comparing {0} models…', models.length) },
    () => refusedOrResult(text, active, all,
      () => deps.client.call('compare', { modelIds: models.map(m => m.id), text, beamWidth, topK: settings.topK() })));
  const view = 'kind' in results ? results : comparisonView(text, models, results,
    assessFit(text, all, active.id, results[0] ? unknownShare(results[0]) : null), beamWidth);
  lastOrigin = { document, range, input: text };
  show(deps, view, { document, range }, text);
  return view;
}

/**
 * After the model changed (Select Model, or a model offered in the panel), shows the panel's current
 * input through the new model, so the user sees the effect at once. The hover keeps working when the
 * source text is still in its document.
 */
export async function retranslateCurrent(deps: TranslateDeps): Promise<TranslationView | MismatchView | undefined> {
  const current = deps.panel.currentView();
  if (current?.kind !== 'translation' && current?.kind !== 'mismatch') return undefined;
  const view = await translateText(deps, current.input, false);
  deps.panel.show(view);
  if (view.kind !== 'translation') return view;
  // The document range: from the translation record, or from the selection a refused input came from.
  const record = deps.translations.latest();
  const recordDocument = record && vscode.workspace.textDocuments.find(d => d.uri.toString() === record.uri);
  if (record && recordDocument && record.input === current.input && deps.translations.get(recordDocument)) {
    const start = recordDocument.positionAt(record.offset);
    deps.translations.set(recordDocument, new vscode.Range(start, recordDocument.positionAt(record.offset + record.input.length)), current.input, [view.entry]);
  } else if (lastOrigin && lastOrigin.input === current.input && !lastOrigin.document.isClosed
    && lastOrigin.document.getText(lastOrigin.range) === current.input) {
    deps.translations.set(lastOrigin.document, lastOrigin.range, current.input, [view.entry]);
  }
  return view;
}
