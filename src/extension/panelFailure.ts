/**
 * A request for a new panel view that fails (a refused input, a missing model, a crashed worker) is
 * reported in the panel too, when it is open: the old result must not pass for the answer. The error
 * still goes to `reportErrors` (the notification and the log) unchanged.
 */
import type { PanelAction } from '../shared/protocol/webview';
import { Commands } from './ids';
import { messageOf } from './log';
import type { PanelController } from './panel';
import { UserError } from './userErrors';
import { WorkerCallError } from './workerClient';

/** Runs `body`; when it throws, tells the panel (which marks its current view stale) and rethrows. */
export async function inPanel<R>(panel: PanelController, body: () => Promise<R>): Promise<R> {
  try {
    return await body();
  } catch (error) {
    if (!(error instanceof WorkerCallError && error.code === 'cancelled') && panel.currentView()) {
      panel.showFailure(messageOf(error), failureActions(error));
    }
    throw error;
  }
}

/** The ways out of a failure: the model it named, the settings, or a model trained for the input. */
export function failureActions(error: unknown): PanelAction[] {
  if (error instanceof WorkerCallError && error.code === 'model-not-found') return ['selectModel', 'openSettings'];
  if (error instanceof UserError) {
    const actions = new Set<PanelAction>();
    for (const a of error.actions) {
      if (a.command === Commands.selectModel) actions.add('selectModel');
      else if (a.command === Commands.trainFromWorkspace) actions.add('trainModel');
    }
    return actions.size ? [...actions] : ['selectModel', 'openSettings', 'trainModel'];
  }
  return ['selectModel', 'openSettings', 'trainModel'];
}
