/**
 * Typed access to the `seq2seqAttention.*` settings. Values are read on every use, so a change applies
 * without a reload; out-of-range values (hand-edited settings.json) are clamped to the documented range.
 */
import * as vscode from 'vscode';
import type { BackendName, NativeKernelsSetting } from '../shared/engine/types';
import type { SizePreset } from '../shared/engine/config';
import { SIZE_PRESETS } from '../shared/engine/config';
import { SUBWORD_VIEWS, type SubwordView } from '../shared/text/wordMerge';
import { DEFAULT_ACTIVE_MODEL, PREFIX } from './ids';

export type SaveLocation = 'globalStorage' | 'workspace';

export interface TrainingDefaults {
  epochs: number;
  batchSize: number;
  learningRate: number;
  preset: SizePreset;
  saveLocation: SaveLocation;
  parallelism: Parallelism;
}

/** `training.parallelism`: how a second core is used (TrainConfig.workers / parallelMode). */
export type Parallelism = 'delayed' | 'exact' | 'off';

function section(): vscode.WorkspaceConfiguration {
  return vscode.workspace.getConfiguration(PREFIX);
}

function int(key: string, fallback: number, min: number, max: number): number {
  const v = section().get<number>(key, fallback);
  return typeof v === 'number' && Number.isFinite(v) ? Math.min(max, Math.max(min, Math.round(v))) : fallback;
}

function parallelismOf(v: string | undefined): Parallelism {
  return v === 'exact' || v === 'off' ? v : 'delayed';
}

export const settings = {
  activeModel(): string {
    const v = section().get<string>('activeModel', DEFAULT_ACTIVE_MODEL);
    return typeof v === 'string' && v.trim() ? v.trim() : DEFAULT_ACTIVE_MODEL;
  },
  async setActiveModel(id: string): Promise<void> {
    await section().update('activeModel', id, vscode.ConfigurationTarget.Global);
  },
  backend(): BackendName {
    return section().get<string>('backend') === 'cpu' ? 'cpu' : 'wasm';
  },
  nativeKernels(): NativeKernelsSetting {
    return section().get<string>('nativeKernels') === 'off' ? 'off' : 'auto';
  },
  beamWidth: (): number => int('beamWidth', 1, 1, 10),
  topK: (): number => int('topK', 5, 0, 10),
  maxSelectionLength: (): number => int('maxSelectionLength', 200, 1, 5000),
  hoverEnabled: (): boolean => section().get<boolean>('hover.enabled', true) !== false,
  /** Subword models in the panel, hover and exports: their pieces, or pieces merged into words. */
  subwordView(): SubwordView {
    const v = section().get<string>('subwords.view', 'pieces');
    return (SUBWORD_VIEWS as readonly string[]).includes(v ?? '') ? v as SubwordView : 'pieces';
  },
  /**
   * The panel's toggle: kept in the user settings, so it holds for every window, panel and reload (in
   * the workspace's settings instead when those set it, or the change would not take effect).
   */
  async setSubwordView(view: SubwordView): Promise<void> {
    if (settings.subwordView() === view) return;
    const inWorkspace = section().inspect<string>('subwords.view')?.workspaceValue !== undefined;
    await section().update('subwords.view', view, inWorkspace ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.Global);
  },
  training(): TrainingDefaults {
    const preset = section().get<string>('training.preset', 'small');
    const lr = section().get<number>('training.learningRate', 3e-3);
    return {
      epochs: int('training.epochs', 3, 1, 200),
      batchSize: int('training.batchSize', 64, 1, 1024),
      learningRate: typeof lr === 'number' && lr > 0 && lr <= 1 ? lr : 3e-3,
      preset: preset && preset in SIZE_PRESETS ? preset as SizePreset : 'small',
      saveLocation: section().get<string>('training.saveLocation') === 'workspace' ? 'workspace' : 'globalStorage',
      parallelism: parallelismOf(section().get<string>('training.parallelism')),
    };
  },
};

/** Fires `listener` with the affected keys (without prefix) when one of our settings changes. */
export function onDidChangeSettings(listener: (changed: (key: string) => boolean) => void): vscode.Disposable {
  return vscode.workspace.onDidChangeConfiguration(e => {
    if (e.affectsConfiguration(PREFIX)) listener(key => e.affectsConfiguration(`${PREFIX}.${key}`));
  });
}
