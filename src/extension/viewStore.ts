/**
 * Keeps the panel's last view in a file of the extension's storage, so a reloaded window can restore the
 * panel even when the webview's own state was not flushed before the reload (seen in browsers). Written
 * shortly after each change; read once when the serializer revives the panel.
 */
import * as vscode from 'vscode';
import { isHostToWebview, type PanelView } from '../shared/protocol/webview';
import { log, messageOf } from './log';

const WRITE_DELAY_MS = 250;

export class ViewStore implements vscode.Disposable {
  private timer: NodeJS.Timeout | undefined;
  private pending: PanelView | undefined;

  constructor(private readonly folder: vscode.Uri) {}

  private get file(): vscode.Uri {
    return vscode.Uri.joinPath(this.folder, 'last-view.json');
  }

  save(view: PanelView): void {
    this.pending = view;
    if (this.timer) return;
    this.timer = setTimeout(() => void this.flush(), WRITE_DELAY_MS);
  }

  async flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    const view = this.pending;
    this.pending = undefined;
    if (!view) return;
    try {
      await vscode.workspace.fs.createDirectory(this.folder);
      await vscode.workspace.fs.writeFile(this.file, Buffer.from(JSON.stringify(view), 'utf8'));
    } catch (error) {
      log.warn(`Could not keep the panel's view for a reload: ${messageOf(error)}`);
    }
  }

  /** The stored view, if there is one that passes the protocol guard. */
  async load(): Promise<PanelView | undefined> {
    try {
      const parsed: unknown = JSON.parse(Buffer.from(await vscode.workspace.fs.readFile(this.file)).toString('utf8'));
      return isHostToWebview({ type: 'view', view: parsed }) ? parsed as PanelView : undefined;
    } catch {
      return undefined;
    }
  }

  dispose(): void {
    void this.flush();
  }
}
