/**
 * How failures reach the user: one notification with the reason and a "Show Log" action. A worker crash
 * is reported once by the crash listener, so commands that failed because of it stay quiet.
 */
import * as vscode from 'vscode';
import { log, messageOf } from './log';
import { Commands } from './ids';
import { WorkerCallError, WorkerCrashedError } from './workerClient';

const showLogTitle = (): string => vscode.l10n.t('Show Log');

/** The last message shown to the user by this module (the test API reads it: notifications are not queryable). */
let lastMessage: { level: 'error' | 'warning'; text: string } | undefined;

export function lastUserMessage(): { level: 'error' | 'warning'; text: string } | undefined {
  return lastMessage;
}

let lastInformation: string | undefined;

/** An information message, remembered for the test API like the errors and warnings. */
export function showInfo(message: string): void {
  lastInformation = message;
  void vscode.window.showInformationMessage(message);
}

/** The last information message shown through `showInfo`. */
export function lastInfo(): string | undefined {
  return lastInformation;
}

/** An expected problem with the user's request (no selection, text too long, …): said, not logged as a failure. */
export class UserError extends Error {
  constructor(message: string, readonly actions: { title: string; command: string }[] = []) {
    super(message);
    this.name = 'UserError';
  }
}

export async function showError(message: string): Promise<void> {
  lastMessage = { level: 'error', text: message };
  const showLog = showLogTitle();
  const choice = await vscode.window.showErrorMessage(message, showLog);
  if (choice === showLog) log.show();
}

/** Runs a command body and reports what it throws; returns its value, or undefined when it failed. */
export async function reportErrors<T>(what: string, body: () => Promise<T>): Promise<T | undefined> {
  try {
    return await body();
  } catch (error) {
    if (error instanceof WorkerCrashedError) return undefined;
    if (error instanceof WorkerCallError && error.code === 'cancelled') return undefined;
    if (error instanceof WorkerCallError && error.code === 'model-not-found') {
      error = new UserError(error.message, [{ title: vscode.l10n.t('Select Model'), command: Commands.selectModel }]);
    } else if (error instanceof WorkerCallError && error.code === 'bad-input') {
      error = new UserError(error.message);
    }
    if (error instanceof UserError) {
      log.info(`${what}: ${error.message}`);
      lastMessage = { level: 'warning', text: error.message };
      void vscode.window.showWarningMessage(error.message, ...error.actions.map(a => a.title)).then(choice => {
        const action = error.actions.find(a => a.title === choice);
        if (action) void vscode.commands.executeCommand(action.command);
      });
      return undefined;
    }
    log.error(`${what} failed: ${error instanceof Error && error.stack ? error.stack : messageOf(error)}`);
    void showError(vscode.l10n.t('{0} failed: {1}', what, messageOf(error)));
    return undefined;
  }
}
