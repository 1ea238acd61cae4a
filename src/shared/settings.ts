/**
 * The `seq2seqAttention.*` settings' defaults and limits: the one source for the host's reader
 * (src/extension/settings.ts) and the worker's clamps. package.json's `contributes.configuration`
 * repeats them for VS Code's settings UI; a unit test keeps it in agreement with this table.
 */
import { SIZE_PRESETS, type SizePreset } from './engine/config';
import { NATIVE_KERNELS_SETTINGS } from './engine/types';
import { SUBWORD_VIEWS } from './text/wordMerge';

export interface IntegerSetting { type: 'integer'; default: number; minimum: number; maximum: number }
export interface NumberSetting { type: 'number'; default: number; exclusiveMinimum: number; maximum: number }
export interface BooleanSetting { type: 'boolean'; default: boolean }
export interface StringSetting { type: 'string'; default: string; minLength?: number }
export interface EnumSetting<T extends string = string> { type: 'string'; enum: readonly T[]; default: T }

export const BACKENDS = ['wasm', 'cpu'] as const;
export const SAVE_LOCATIONS = ['globalStorage', 'workspace'] as const;
export const PARALLELISMS = ['delayed', 'exact', 'off'] as const;

function choice<T extends string>(options: readonly T[], fallback: T): EnumSetting<T> {
  return { type: 'string', enum: options, default: fallback };
}

/** Keys without the `seq2seqAttention.` prefix. */
export const SETTINGS = {
  activeModel: { type: 'string', default: 'date-formats-bahdanau', minLength: 1 } satisfies StringSetting,
  backend: choice(BACKENDS, 'wasm'),
  nativeKernels: choice(NATIVE_KERNELS_SETTINGS, 'auto'),
  beamWidth: { type: 'integer', default: 1, minimum: 1, maximum: 10 } satisfies IntegerSetting,
  topK: { type: 'integer', default: 5, minimum: 0, maximum: 10 } satisfies IntegerSetting,
  maxSelectionLength: { type: 'integer', default: 200, minimum: 1, maximum: 5000 } satisfies IntegerSetting,
  'hover.enabled': { type: 'boolean', default: true } satisfies BooleanSetting,
  'subwords.view': choice(SUBWORD_VIEWS, 'pieces'),
  liveTranslate: { type: 'boolean', default: false } satisfies BooleanSetting,
  'attentionFiles.hideEos': { type: 'boolean', default: false } satisfies BooleanSetting,
  'training.epochs': { type: 'integer', default: 3, minimum: 1, maximum: 200 } satisfies IntegerSetting,
  'training.batchSize': { type: 'integer', default: 64, minimum: 1, maximum: 1024 } satisfies IntegerSetting,
  'training.learningRate': { type: 'number', default: 0.003, exclusiveMinimum: 0, maximum: 1 } satisfies NumberSetting,
  'training.preset': choice(Object.keys(SIZE_PRESETS) as SizePreset[], 'small'),
  'training.saveLocation': choice(SAVE_LOCATIONS, 'globalStorage'),
  'training.parallelism': choice(PARALLELISMS, 'delayed'),
} as const;

/** `value` rounded and clamped into the setting's range; its default when not a finite number. */
export function clampInteger(spec: IntegerSetting, value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value)
    ? Math.min(spec.maximum, Math.max(spec.minimum, Math.round(value)))
    : spec.default;
}

/** `value` when it is one of the setting's options, else its default. */
export function oneOf<T extends string>(spec: EnumSetting<T>, value: unknown): T {
  return typeof value === 'string' && (spec.enum as readonly string[]).includes(value) ? value as T : spec.default;
}
