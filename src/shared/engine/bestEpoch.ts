/**
 * Which epoch a training keeps: the one with the highest held-out exact match, and of equal ones the
 * lowest validation loss. One rule for the engine's choice of weights and for the checkpoints the
 * worker and the CLI write while it runs.
 */
import type { EpochMetrics } from './types';

export type EpochScore = Pick<EpochMetrics, 'exactMatch' | 'validationLoss'>;

/** Whether `candidate` beats `best` (no best yet: it does). */
export function isBetterEpoch(candidate: EpochScore, best: EpochScore | undefined): boolean {
  if (!best) return true;
  return candidate.exactMatch > best.exactMatch ||
    (candidate.exactMatch === best.exactMatch && candidate.validationLoss < best.validationLoss);
}

/** The number of the best of `epochs` by `isBetterEpoch` (0 when there are none). */
export function bestEpochOf(epochs: readonly EpochMetrics[]): number {
  let best: EpochMetrics | undefined;
  for (const e of epochs) if (isBetterEpoch(e, best)) best = e;
  return best?.epoch ?? 0;
}
