/**
 * The host side of the step inspector: the panel asks for the traced decode of one entry of the view it
 * shows (optionally with a forced output); the model and the input come from the host's own copy of that
 * view, the worker runs the decode, the answer goes back with the request's id. Tests observe the last
 * answer through `lastTrace`.
 */
import * as vscode from 'vscode';
import type { TracedDecode } from '../shared/engine/traceTypes';
import type { TraceRequest } from '../shared/protocol/trace';
import type { PanelView, TranslationEntry } from '../shared/protocol/webview';
import { Disposable } from './dispose';
import { ContextKeys } from './ids';
import { log, messageOf } from './log';
import type { PanelController } from './panel';
import { settings } from './settings';
import type { WorkerClient } from './workerClient';

export interface AnsweredTrace {
  request: TraceRequest;
  modelId: string;
  input: string;
  traced: TracedDecode | null;
  error?: string;
}

function entryOf(view: PanelView | undefined, index: number): { entry: TranslationEntry; input: string } | undefined {
  if (!view) return undefined;
  if (view.kind === 'translation') return index === 0 ? { entry: view.entry, input: view.input } : undefined;
  if (view.kind === 'comparison') return view.entries[index] ? { entry: view.entries[index], input: view.input } : undefined;
  return undefined;
}

export class StepInspectorHost extends Disposable {
  private last: AnsweredTrace | undefined;
  /** Mechanisms the inspector has shown a step of (the walkthrough's Bahdanau / Luong step). */
  private readonly seen = new Set<string>();
  private readonly waiters: ((a: AnsweredTrace) => void)[] = [];

  constructor(private readonly panel: PanelController, private readonly client: WorkerClient) {
    super();
    this._register(panel.onDidRequestTrace(request => { void this.answer(request); }));
  }

  /** The last request answered (with its result or error). */
  lastTrace(): AnsweredTrace | undefined {
    return this.last;
  }

  /** Resolves with the next answer. */
  nextTrace(): Promise<AnsweredTrace> {
    return new Promise(resolve => this.waiters.push(resolve));
  }

  private async answer(request: TraceRequest): Promise<void> {
    const found = entryOf(this.panel.currentView(), request.entry);
    if (!found) {
      log.warn(`Ignored a step inspector request for entry ${request.entry}, which the panel does not show.`);
      const message = vscode.l10n.t('The panel no longer shows this output.');
      this.panel.answerTrace({ type: 'traceFailed', requestId: request.requestId, message });
      this.settle({ request, modelId: '', input: '', traced: null, error: message });
      return;
    }
    const { entry, input } = found;
    const answered: AnsweredTrace = { request, modelId: entry.modelId, input, traced: null };
    try {
      answered.traced = await this.client.call('trace', {
        modelId: entry.modelId, text: input, topK: Math.max(1, settings.topK()),
        target: request.target, targetTokens: request.targetTokens, mode: request.mode,
      });
      this.panel.answerTrace({ type: 'trace', requestId: request.requestId, traced: answered.traced });
      this.progress(request, entry.mechanism);
    } catch (error) {
      answered.error = messageOf(error);
      this.panel.answerTrace({ type: 'traceFailed', requestId: request.requestId, message: answered.error });
    }
    this.settle(answered);
  }

  /** Walkthrough steps complete on what the learner did (context keys in package.json's completionEvents). */
  private progress(request: TraceRequest, mechanism: string): void {
    const setContext = (key: string): void => { void vscode.commands.executeCommand('setContext', key, true); };
    setContext(ContextKeys.inspectedStep);
    if (request.target !== undefined || request.targetTokens !== undefined) setContext(ContextKeys.forcedOutput);
    this.seen.add(mechanism === 'bahdanau' ? 'bahdanau' : mechanism.startsWith('luong') ? 'luong' : mechanism);
    if (this.seen.has('bahdanau') && this.seen.has('luong')) setContext(ContextKeys.inspectedBahdanauAndLuong);
  }

  private settle(answered: AnsweredTrace): void {
    this.last = answered;
    for (const w of this.waiters.splice(0)) w(answered);
  }
}
