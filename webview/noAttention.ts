/** The note shown instead of a heatmap for decoders without attention (pure, tested). */
import type { Mechanism } from '../src/shared/engine/types';
import { t } from './l10n/strings';

export function noAttentionNote(mechanism: Mechanism | string): string {
  return t(mechanism === 'peeky' ? 'noAttention.peeky' : 'noAttention.none');
}
