/**
 * The labels of `MECHANISM_LABELS`, `SIZE_PRESETS` and the attention-file `FORMAT_LABELS` as coded
 * messages, for the host to show in the display language (the English tables stay for logs and the CLI;
 * a unit test holds them equal).
 */
import type { SizePreset } from '../engine/config';
import type { Mechanism } from '../engine/types';
import type { AttentionFileFormat } from '../attentionFiles/types';
import { coded, type CodedMessage } from './coded';

export const mechanismLabel = (m: Mechanism): CodedMessage => coded(`mechanism.${m}`);
export const presetLabel = (p: SizePreset): CodedMessage => coded(`preset.${p}`);
export const attentionFormatLabel = (f: AttentionFileFormat): CodedMessage => coded(`attentionFormat.${f}`);
