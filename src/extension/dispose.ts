/** The disposal chain: every long-lived host object registers what it owns and frees it on dispose. */
import * as vscode from 'vscode';

export function disposeAll(disposables: vscode.Disposable[]): void {
  while (disposables.length) {
    const item = disposables.pop();
    try {
      item?.dispose();
    } catch (error) {
      console.error('Error while disposing', error);
    }
  }
}

export abstract class Disposable implements vscode.Disposable {
  private disposed = false;
  protected readonly _disposables: vscode.Disposable[] = [];

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    disposeAll(this._disposables);
  }

  /** Takes ownership of `value`; something registered after disposal is freed at once. */
  protected _register<T extends vscode.Disposable>(value: T): T {
    if (this.disposed) value.dispose();
    else this._disposables.push(value);
    return value;
  }

  protected get isDisposed(): boolean {
    return this.disposed;
  }
}
