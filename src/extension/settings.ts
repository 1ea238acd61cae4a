/**
 * Typed access to the `seq2seqAttention.*` settings. Values are read on every use, so a change applies
 * without a reload; out-of-range values (hand-edited settings.json) are clamped to the documented range.
 * Defaults and limits come from src/shared/settings.ts.
 */
import * as vscode from 'vscode';
import type { BackendName, NativeKernelsSetting } from '../shared/engine/types';
import type { SizePreset } from '../shared/engine/config';
import { clampInteger, oneOf, SETTINGS, type PARALLELISMS, type SAVE_LOCATIONS } from '../shared/settings';
import type { SubwordView } from '../shared/text/wordMerge';
import { DEFAULT_ACTIVE_MODEL, PREFIX } from './ids';

export type SaveLocation = typeof SAVE_LOCATIONS[number];

export interface TrainingDefaults {
  epochs: number;
  batchSize: number;
  learningRate: number;
  preset: SizePreset;
  saveLocation: SaveLocation;
  parallelism: Parallelism;
}

/** `training.parallelism`: how a second core is used (TrainConfig.workers / parallelMode). */
export type Parallelism = typeof PARALLELISMS[number];

function section(): vscode.WorkspaceConfiguration {
  return vscode.workspace.getConfiguration(PREFIX);
}

function int(key: 'beamWidth' | 'topK' | 'maxSelectionLength' | 'training.epochs' | 'training.batchSize'): number {
  return clampInteger(SETTINGS[key], section().get<number>(key));
}

/** The Pieces / Words writes in flight, in order (`setSubwordView`). */
let subwordViewWrites: Promise<void> = Promise.resolve();

export const settings = {
  activeModel(): string {
    const v = section().get<string>('activeModel', DEFAULT_ACTIVE_MODEL);
    return typeof v === 'string' && v.trim() ? v.trim() : DEFAULT_ACTIVE_MODEL;
  },
  async setActiveModel(id: string): Promise<void> {
    await section().update('activeModel', id, vscode.ConfigurationTarget.Global);
  },
  backend: (): BackendName => oneOf(SETTINGS.backend, section().get('backend')),
  beamWidth: (): number => int('beamWidth'),
  /** The beam width the user set anywhere (user, workspace, folder), or undefined when it is the default. */
  explicitBeamWidth(): number | undefined {
    const i = section().inspect<number>('beamWidth');
    const set = i?.workspaceFolderValue ?? i?.workspaceValue ?? i?.globalValue;
    return set === undefined ? undefined : clampInteger(SETTINGS.beamWidth, set);
  },
  topK: (): number => int('topK'),
  maxSelectionLength: (): number => int('maxSelectionLength'),
  hoverEnabled: (): boolean => section().get<boolean>('hover.enabled', SETTINGS['hover.enabled'].default) !== false,
  /** Translate again while the translated text is edited or another text is selected (off by default). */
  liveTranslate: (): boolean => section().get<boolean>('liveTranslate', SETTINGS.liveTranslate.default) === true,
  /** Attention files: leave out the EOS column (it often soaks up weight). */
  hideEosColumn: (): boolean => section().get<boolean>('attentionFiles.hideEos', SETTINGS['attentionFiles.hideEos'].default) === true,
  async setHideEosColumn(hide: boolean): Promise<void> {
    await section().update('attentionFiles.hideEos', hide, vscode.ConfigurationTarget.Global);
  },
  nativeKernels: (): NativeKernelsSetting => oneOf(SETTINGS.nativeKernels, section().get('nativeKernels')),
  /** Subword models in the panel, hover and exports: their pieces, or pieces merged into words. */
  subwordView: (): SubwordView => oneOf(SETTINGS['subwords.view'], section().get('subwords.view')),
  /**
   * The panel's toggle: kept in the user settings, so it holds for every window, panel and reload (in
   * the workspace's settings instead when those set it, or the change would not take effect).
   */
  setSubwordView(view: SubwordView): Promise<void> {
    // One write at a time, each after the last has landed: a quick Words, Pieces, Words would otherwise
    // compare the third choice with a setting still holding the first, skip its write, and let the
    // second land last.
    const write = subwordViewWrites.then(async () => {
      if (settings.subwordView() === view) return;
      const inWorkspace = section().inspect<string>('subwords.view')?.workspaceValue !== undefined;
      await section().update('subwords.view', view, inWorkspace ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.Global);
    });
    subwordViewWrites = write.catch(() => undefined);
    return write;
  },
  training(): TrainingDefaults {
    const lr = section().get<number>('training.learningRate');
    const lrSpec = SETTINGS['training.learningRate'];
    return {
      epochs: int('training.epochs'),
      batchSize: int('training.batchSize'),
      learningRate: typeof lr === 'number' && lr > lrSpec.exclusiveMinimum && lr <= lrSpec.maximum ? lr : lrSpec.default,
      preset: oneOf(SETTINGS['training.preset'], section().get('training.preset')),
      saveLocation: oneOf(SETTINGS['training.saveLocation'], section().get('training.saveLocation')),
      parallelism: oneOf(SETTINGS['training.parallelism'], section().get('training.parallelism')),
    };
  },
};

/** Fires `listener` with the affected keys (without prefix) when one of our settings changes. */
export function onDidChangeSettings(listener: (changed: (key: string) => boolean) => void): vscode.Disposable {
  return vscode.workspace.onDidChangeConfiguration(e => {
    if (e.affectsConfiguration(PREFIX)) listener(key => e.affectsConfiguration(`${PREFIX}.${key}`));
  });
}
