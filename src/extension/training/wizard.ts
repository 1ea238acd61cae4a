/**
 * The Train Model pickers: dataset (found in the workspace, with format and pair count), direction,
 * mechanism, size preset, epochs and the model's name. Returns undefined when the user backs out at any step.
 */
import * as vscode from 'vscode';
import { SIZE_PRESETS, type SizePreset } from '../../shared/engine/config';
import { MECHANISMS, type Mechanism } from '../../shared/engine/types';
import { mechanismLabel, presetLabel } from '../../shared/messages/labels';
import { localized } from '../messages';
import type { Pair } from '../../shared/data/types';
import { settings } from '../settings';
import { UserError } from '../userErrors';
import { validateModelLabel } from '../modelManagement';
import { defaultLabel, guessTokenizer, type TrainOptions } from './options';
import { scanWorkspace, sniffFile, type DatasetCandidate } from './scan';
import { SETTINGS } from '../../shared/settings';

const STEPS = 6;
const title = (step: number): string => vscode.l10n.t('Train Model from Workspace Dataset ({0}/{1})', step, STEPS);

/** Runs the pickers; `file` (from the explorer's context menu) skips the dataset step. */
export async function runTrainingWizard(file?: vscode.Uri): Promise<TrainOptions | undefined> {
  if (!vscode.workspace.workspaceFolders?.length) {
    throw new UserError(vscode.l10n.t('Open a folder that contains a dataset (TSV, CSV, JSON Lines, line-aligned files or the book\'s format) to train a model.'));
  }
  if (!vscode.workspace.isTrusted) {
    throw new UserError(vscode.l10n.t('Training from workspace files needs a trusted workspace. Viewing and translating work without trust.'),
      [{ title: vscode.l10n.t('Manage Workspace Trust'), command: 'workbench.trust.manage' }]);
  }
  const dataset = file ? await sniffOrExplain(file) : await pickDataset();
  if (!dataset) return undefined;
  const reverse = await pickDirection(dataset);
  if (reverse === undefined) return undefined;
  const mechanism = await pickMechanism();
  if (!mechanism) return undefined;
  const preset = await pickPreset();
  if (!preset) return undefined;
  const epochs = await pickEpochs();
  if (!epochs) return undefined;
  const label = await askLabel(defaultLabel(mechanism, dataset.uri.path, m => localized(mechanismLabel(m))));
  if (label === undefined) return undefined;
  return {
    file: dataset.uri, partner: dataset.partner, reverseDirection: reverse, mechanism, preset, epochs, label,
    tokenizer: guessTokenizer(dataset, reverse),
  };
}

async function pickDataset(): Promise<DatasetCandidate | undefined> {
  const candidates = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Window, title: vscode.l10n.t('Looking for datasets…'), cancellable: false },
    () => scanWorkspace());
  type Item = vscode.QuickPickItem & { candidate?: DatasetCandidate; browse?: true };
  const items: Item[] = candidates.map(c => ({
    label: vscode.workspace.asRelativePath(c.uri),
    description: c.label,
    detail: `${c.approximate ? '≈ ' : ''}${vscode.l10n.t('{0} pairs', c.pairs.toLocaleString('en-US'))}` + (c.sample[0] ? ` · ${vscode.l10n.t('e.g. {0}', example(c.sample[0], false))}` : ''),
    candidate: c,
  }));
  items.push({ label: `$(folder-opened) ${vscode.l10n.t('Browse…')}`, description: vscode.l10n.t('Choose a dataset file'), browse: true, alwaysShow: true });
  const choice = await vscode.window.showQuickPick(items, {
    title: title(1),
    placeHolder: candidates.length === 1 ? vscode.l10n.t('1 dataset found in the workspace') : candidates.length ? vscode.l10n.t('{0} datasets found in the workspace', candidates.length) : vscode.l10n.t('No dataset found in the workspace: browse for one'),
    matchOnDescription: true,
    // A multi-step wizard: looking at a file (or the panel) in between must not throw the choices away.
    ignoreFocusOut: true,
  });
  if (!choice) return undefined;
  if (choice.candidate) return choice.candidate;
  const picked = await vscode.window.showOpenDialog({ title: title(1), canSelectMany: false, openLabel: vscode.l10n.t('Use as dataset') });
  if (!picked?.[0]) return undefined;
  return sniffOrExplain(picked[0]);
}

/** Sniffs a file the user pointed at (its folder's other files let `train.en` find `train.fr`). */
async function sniffOrExplain(uri: vscode.Uri): Promise<DatasetCandidate> {
  const folder = vscode.Uri.joinPath(uri, '..');
  let siblings: string[] = [];
  try {
    siblings = (await vscode.workspace.fs.readDirectory(folder)).map(([name]) => vscode.Uri.joinPath(folder, name).path);
  } catch {
    // Without the folder listing only the name patterns that need no sibling are recognised.
  }
  const sniffed = await sniffFile(uri, siblings);
  if (!sniffed) {
    throw new UserError(vscode.l10n.t("{0} is not a dataset format the engine reads (TSV, CSV with header, JSON Lines, line-aligned files such as train.en + train.fr, or the book's 'question _answer' lines).",
      vscode.workspace.asRelativePath(uri)));
  }
  return sniffed;
}

async function pickDirection(dataset: DatasetCandidate): Promise<boolean | undefined> {
  const sample = dataset.sample[0];
  const items = [false, true].map(reverse => ({
    label: reverse ? vscode.l10n.t('Second column → first column') : vscode.l10n.t('First column → second column'),
    description: reverse ? vscode.l10n.t('reversed') : vscode.l10n.t('as in the file'),
    detail: sample ? example(sample, reverse) : undefined,
    reverse,
  }));
  const choice = await vscode.window.showQuickPick(items, { title: title(2), placeHolder: vscode.l10n.t('Which side is the input?'), ignoreFocusOut: true });
  return choice?.reverse;
}

async function pickMechanism(): Promise<Mechanism | undefined> {
  const details: Record<Mechanism, string> = {
    'bahdanau': vscode.l10n.t('Additive score on the previous decoder state; context fed into the RNN'),
    'luong-dot': vscode.l10n.t('Dot-product score on the current decoder state: fast'),
    'luong-general': vscode.l10n.t('Bilinear score h·W·s'),
    'luong-concat': vscode.l10n.t('Additive score on the current decoder state'),
    'baseline': vscode.l10n.t("The book's chapter 7 seq2seq: the encoder's final state only"),
    'peeky': vscode.l10n.t('Context vector fed to every decoder step (no attention)'),
  };
  const choice = await vscode.window.showQuickPick(
    MECHANISMS.map(m => ({ label: localized(mechanismLabel(m)), detail: details[m], mechanism: m })),
    { title: title(3), placeHolder: vscode.l10n.t('Decoder / attention mechanism'), ignoreFocusOut: true });
  return choice?.mechanism;
}

async function pickPreset(): Promise<SizePreset | undefined> {
  const current = settings.training().preset;
  const presets = Object.keys(SIZE_PRESETS) as SizePreset[];
  const choice = await vscode.window.showQuickPick(
    presets.map(p => ({ label: localized(presetLabel(p)), description: p === current ? vscode.l10n.t('default') : undefined, preset: p }))
      .sort((a, b) => Number(b.preset === current) - Number(a.preset === current)),
    { title: title(4), placeHolder: vscode.l10n.t('Model size'), ignoreFocusOut: true });
  return choice?.preset;
}

async function pickEpochs(): Promise<number | undefined> {
  const { minimum, maximum } = SETTINGS['training.epochs'];
  const value = await vscode.window.showInputBox({
    title: title(5),
    ignoreFocusOut: true,
    prompt: vscode.l10n.t('Number of epochs (a checkpoint is saved after each one)'),
    value: String(settings.training().epochs),
    validateInput: v => /^\d+$/.test(v.trim()) && Number(v) >= minimum && Number(v) <= maximum ? undefined : vscode.l10n.t('A whole number from {0} to {1}', minimum, maximum),
  });
  return value === undefined ? undefined : Number(value.trim());
}

/** The name shown in Select Model, the panel and the hover; prefilled with the automatic one. */
async function askLabel(suggested: string): Promise<string | undefined> {
  const value = await vscode.window.showInputBox({
    title: title(6),
    ignoreFocusOut: true,
    prompt: vscode.l10n.t('Name of the model (shown in Select Model and the panel; it can be renamed later)'),
    value: suggested,
    validateInput: validateModelLabel,
  });
  return value === undefined ? undefined : value.trim();
}

function example(pair: Pair, reverse: boolean): string {
  const clip = (s: string): string => (s.length > 40 ? `${s.slice(0, 39)}…` : s);
  const [a, b] = reverse ? [pair.target, pair.source] : [pair.source, pair.target];
  return `"${clip(a)}" → "${clip(b)}"`;
}
