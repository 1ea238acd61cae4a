/** The extension's one log channel (Output > Seq2Seq Attention Explorer), created on activation. */
import * as vscode from 'vscode';
import { codedMessageOf } from '../shared/messages/coded';
import { localized } from './messages';

let channel: vscode.LogOutputChannel | undefined;

export function createLog(): vscode.LogOutputChannel {
  channel ??= vscode.window.createOutputChannel('Seq2Seq Attention Explorer', { log: true });
  return channel;
}

export const log = {
  trace: (message: string, ...args: unknown[]): void => channel?.trace(message, ...args),
  info: (message: string, ...args: unknown[]): void => channel?.info(message, ...args),
  warn: (message: string, ...args: unknown[]): void => channel?.warn(message, ...args),
  error: (message: string | Error, ...args: unknown[]): void => channel?.error(message, ...args),
  show: (): void => channel?.show(true),
};

/**
 * A message for the user from anything thrown: a coded error of the shared code (a dataset or model file
 * the host read itself) in the display language (a worker's answer arrives localised).
 */
export function messageOf(error: unknown): string {
  const detail = codedMessageOf(error);
  if (detail) return localized(detail);
  return error instanceof Error ? error.message : String(error);
}
