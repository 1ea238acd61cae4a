// STUB (owned by the host helper): replaced by the real activation.
import * as vscode from 'vscode';
export function activate(context: vscode.ExtensionContext): void {
  void context;
}
export function deactivate(): void {}
