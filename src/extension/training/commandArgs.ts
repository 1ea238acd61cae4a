/**
 * Train Model can be run with an argument object instead of the pickers (tests, keybindings, tasks):
 * `{file, partner?, reverseDirection?, mechanism?, preset?, epochs?, tokenizer?, batchSize?, learningRate?,
 * task?, modelId?, label?, makeActive?}`. Everything is checked, since it comes from outside.
 */
import * as vscode from 'vscode';
import { SIZE_PRESETS, type SizePreset } from '../../shared/engine/config';
import { MECHANISMS, TOKENIZER_KINDS, type Mechanism, type TokenizerKind } from '../../shared/engine/types';
import { isOneOf, isRecord, isString } from '../../shared/protocol/guards';
import { settings } from '../settings';
import { UserError } from '../userErrors';
import type { TrainOptions } from './options';

export type TrainCommandArgs = Partial<Omit<TrainOptions, 'file' | 'partner'>> & {
  file: vscode.Uri | string;
  partner?: vscode.Uri | string;
};

function toUri(value: unknown, what: string): vscode.Uri {
  if (value instanceof vscode.Uri) return value;
  if (isString(value) && value) return value.includes('://') ? vscode.Uri.parse(value) : vscode.Uri.file(value);
  throw new UserError(vscode.l10n.t("Train Model: '{0}' must be a file URI or path.", what));
}

function positive(value: unknown, what: string, max: number): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !(value > 0) || value > max) throw new UserError(vscode.l10n.t("Train Model: '{0}' must be a number in (0, {1}].", what, max));
  return value;
}

export function trainOptionsFromArgs(args: unknown): TrainOptions {
  if (!isRecord(args)) throw new UserError(vscode.l10n.t('Train Model: expected an argument object with a "file".'));
  const defaults = settings.training();
  const mechanism = args.mechanism ?? 'bahdanau';
  if (!isOneOf(mechanism, MECHANISMS)) throw new UserError(vscode.l10n.t("Train Model: unknown mechanism '{0}' (one of {1}).", String(mechanism), MECHANISMS.join(', ')));
  const preset = args.preset ?? defaults.preset;
  if (!isOneOf(preset, Object.keys(SIZE_PRESETS) as SizePreset[])) throw new UserError(vscode.l10n.t("Train Model: unknown preset '{0}'.", String(preset)));
  const tokenizer = args.tokenizer ?? 'char';
  if (!isOneOf(tokenizer, TOKENIZER_KINDS)) throw new UserError(vscode.l10n.t('Train Model: tokenizer must be {0}.', TOKENIZER_KINDS.map(k => `'${k}'`).join(', ')));
  const epochs = positive(args.epochs, 'epochs', 1000) ?? defaults.epochs;
  return {
    file: toUri(args.file, 'file'),
    partner: args.partner === undefined ? undefined : toUri(args.partner, 'partner'),
    reverseDirection: args.reverseDirection === true,
    mechanism: mechanism as Mechanism,
    preset: preset as SizePreset,
    epochs: Math.round(epochs),
    tokenizer: tokenizer as TokenizerKind,
    batchSize: positive(args.batchSize, 'batchSize', 4096),
    learningRate: positive(args.learningRate, 'learningRate', 1),
    task: isString(args.task) ? args.task : undefined,
    modelId: isString(args.modelId) ? args.modelId : undefined,
    label: isString(args.label) ? args.label : undefined,
    makeActive: typeof args.makeActive === 'boolean' ? args.makeActive : undefined,
  };
}
