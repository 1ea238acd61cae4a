/** Malformed dataset lines in the Problems panel, with file and line. */
import * as vscode from 'vscode';
import type { DatasetIssue } from '../../shared/data/types';
import { Disposable } from '../dispose';
import { localized } from '../messages';

export class DatasetDiagnostics extends Disposable {
  private readonly collection = this._register(vscode.languages.createDiagnosticCollection('seq2seq-datasets'));

  /**
   * Replaces the diagnostics of the given files. `files` maps the names the worker reports in issues
   * (DatasetFile.name) to their URIs; a file without issues is cleared.
   */
  set(files: Map<string, vscode.Uri>, issues: readonly DatasetIssue[], skipped: number): void {
    for (const [name, uri] of files) {
      const mine = issues.filter(i => i.file === name);
      const diagnostics = mine.map(i => this.toDiagnostic(uri, i));
      if (mine.length && skipped > issues.length) {
        // The reader caps the issue list; say that more lines were skipped than listed.
        const note = new vscode.Diagnostic(diagnostics[0].range,
          vscode.l10n.t('{0} malformed lines were skipped in all; the first {1} are listed.', skipped, issues.length), vscode.DiagnosticSeverity.Information);
        note.source = vscode.l10n.t('Seq2Seq dataset');
        diagnostics.push(note);
      }
      this.collection.set(uri, diagnostics);
    }
  }

  clear(uri: vscode.Uri): void {
    this.collection.delete(uri);
  }

  private toDiagnostic(uri: vscode.Uri, issue: DatasetIssue): vscode.Diagnostic {
    const line = Math.max(0, issue.line - 1);
    // Underline the whole line when the document is already open; otherwise its first characters.
    const open = vscode.workspace.textDocuments.find(d => d.uri.toString() === uri.toString());
    const end = open && line < open.lineCount ? open.lineAt(line).range.end.character : 1000;
    const diagnostic = new vscode.Diagnostic(new vscode.Range(line, 0, line, end),
      vscode.l10n.t('Skipped line {0}: {1}', issue.line, localized(issue.reason)), vscode.DiagnosticSeverity.Warning);
    diagnostic.source = vscode.l10n.t('Seq2Seq dataset');
    return diagnostic;
  }
}
