/**
 * The Get Started walkthrough: its manifest is whole (every step's page exists, every command it links
 * or completes on is registered, every context key it waits for is one the extension sets), it opens,
 * and its first step's sample leads to a translation.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { Commands, ContextKeys } from '../../../src/extension/ids';
import type { TranslationView } from '../../../src/shared/protocol/webview';
import { extensionPath, getApi, waitFor } from './helpers';

interface Step { id: string; title: string; description: string; media: { markdown: string }; completionEvents: string[] }

function manifest(): { walkthroughs: { id: string; title: string; steps: Step[] }[]; nls: Record<string, string>; nlsKo: Record<string, string> } {
  const root = extensionPath();
  const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { contributes: { walkthroughs: { id: string; title: string; steps: Step[] }[] } };
  const read = (file: string): Record<string, string> => JSON.parse(fs.readFileSync(path.join(root, file), 'utf8')) as Record<string, string>;
  return { walkthroughs: pkg.contributes.walkthroughs, nls: read('package.nls.json'), nlsKo: read('package.nls.ko.json') };
}

/** What a page teaches that must not change with its language: its headings and list items, counted, and its code spans (formulas, outputs). */
function pageShape(markdown: string): { headings: number; items: number; code: string[] } {
  const lines = markdown.split('\n');
  return {
    headings: lines.filter(l => /^#+ /.test(l)).length,
    items: lines.filter(l => /^\s*(\d+\.|-) /.test(l)).length,
    code: [...markdown.matchAll(/`([^`]+)`/g)].map(m => m[1]),
  };
}

const localised = (nls: Record<string, string>, s: string): string => s.replace(/^%(.+)%$/, (_, key: string) => nls[key] ?? `<missing ${key}>`);

describe('Walkthrough', function () {
  this.timeout(120_000);

  it('every step has its page, and links and completes on what the extension really has', async () => {
    await getApi();
    const { walkthroughs, nls, nlsKo } = manifest();
    assert.strictEqual(walkthroughs.length, 1);
    const steps = walkthroughs[0].steps;
    assert.deepStrictEqual(steps.map(s => s.id), ['translate', 'inspect', 'bottleneck', 'mechanisms', 'force', 'train']);
    const registered = new Set(await vscode.commands.getCommands(true));
    const contextKeys = new Set<string>(Object.values(ContextKeys));
    for (const step of steps) {
      const page = path.join(extensionPath(), localised(nls, step.media.markdown));
      assert.ok(fs.statSync(page).size > 200, `${step.id}: ${step.media.markdown} has content`);
      // The Korean page (package.nls.ko.json names it) is the same page in Korean.
      const pageKo = path.join(extensionPath(), localised(nlsKo, step.media.markdown));
      assert.notStrictEqual(pageKo, page, `${step.id}: a Korean page of its own`);
      const english = fs.readFileSync(page, 'utf8');
      const korean = fs.readFileSync(pageKo, 'utf8');
      assert.match(korean, /[\uac00-\ud7a3]{2}/, `${step.id}: the Korean page is Korean`);
      assert.deepStrictEqual(pageShape(korean), pageShape(english), `${step.id}: the same headings, items and formulas in both languages`);
      assert.doesNotMatch(localised(nls, step.title), /<missing/, `${step.id} title`);
      const description = localised(nls, step.description);
      const links = [...description.matchAll(/\(command:([\w.]+)\)/g)].map(m => m[1]);
      assert.ok(links.length >= 1, `${step.id} links at least one command`);
      for (const id of links) assert.ok(registered.has(id), `${step.id} links ${id}, which is not registered`);
      for (const event of step.completionEvents) {
        const [kind, name] = event.split(':');
        if (kind === 'onCommand') assert.ok(registered.has(name), `${step.id} completes on ${name}, not registered`);
        else if (kind === 'onContext') assert.ok(contextKeys.has(name), `${step.id} completes on context ${name}, which the extension never sets`);
        else assert.fail(`${step.id}: unexpected completion event ${event}`);
      }
    }
  });

  it('opens, and its sample of dates translates as the first step says', async () => {
    const api = await getApi();
    const walkthroughTab = (): vscode.Tab | undefined => vscode.window.tabGroups.all.flatMap(g => g.tabs)
      .find(t => /welcome|walkthrough|learn seq2seq/i.test(t.label));
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    assert.strictEqual(walkthroughTab(), undefined, 'no walkthrough is open before the command');
    await vscode.commands.executeCommand(Commands.openWalkthrough);
    const tab = await waitFor('the walkthrough tab', walkthroughTab, 30_000);
    assert.ok(tab.label.length > 0);
    const editor = await vscode.commands.executeCommand<vscode.TextEditor>(Commands.openSampleDates);
    assert.ok(editor, 'the sample opened');
    assert.strictEqual(editor.document.getText(editor.selection), 'september 27, 1994');
    const view = await vscode.commands.executeCommand<TranslationView | undefined>(Commands.translateSelection);
    assert.ok(view && view.kind === 'translation', `the translation failed: ${api.lastUserMessage()?.text}`);
    assert.strictEqual(view.entry.result.text, '1994-09-27');
    // The sample is an unsaved document: close it without the save prompt.
    await vscode.window.showTextDocument(editor.document);
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });
});
