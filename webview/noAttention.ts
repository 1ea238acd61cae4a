/** The note shown instead of a heatmap for decoders without attention (pure, tested). */
import type { Mechanism } from '../src/shared/engine/types';

export function noAttentionNote(mechanism: Mechanism | string): string {
  if (mechanism === 'peeky') {
    return "No attention: the encoder's final state (the context vector) is fed to every decoder step, but no step looks at individual source tokens.";
  }
  return "No attention: the decoder sees only the encoder's final state (the context vector), so there is no source \u00d7 output matrix to show.";
}
