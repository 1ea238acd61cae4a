/**
 * The host's side of the model worker: ONE worker, started lazily on the first call, initialised with
 * the model folders and backend, terminated through the dispose chain. Calls are typed from `WorkerApi`;
 * progress events reach the caller's `onProgress`; a `CancellationToken` sends `{type: 'cancel'}` and the
 * worker decides how to stop. If the worker dies, every pending call rejects with `WorkerCrashedError`,
 * `onDidCrash` fires (the extension tells the user once), and the next call starts a fresh worker.
 * A worker left idle (`idleShutdownMs`) is stopped quietly and started again on the next call.
 *
 * The worker is a child process, as language servers are, not a thread of the extension host: the
 * engine's native kernels are C, and a fault there (which no JavaScript can catch) then ends the worker
 * alone; VS Code, the panel and the next call go on.
 */
import { fork, type ChildProcess } from 'child_process';
import * as readline from 'readline';
import type { Readable } from 'stream';
import * as vscode from 'vscode';
import {
  isWorkerResult, isWorkerToHost, WORKER_OPTIONS_ENV, type HostToWorker, type InitArgs, type TrainEvent, type WorkerArgs, type WorkerMethod,
  type WorkerOptions, type WorkerResult,
} from '../shared/protocol/worker';
import type { CodedMessage } from '../shared/messages/coded';
import { Disposable } from './dispose';
import { localized } from './messages';
import { log } from './log';

/** The worker answered the call with an error (bad input, unknown model, cancelled, …). */
export class WorkerCallError extends Error {
  /** `message` is in the display language when the worker coded it (`detail`), else as the worker said it. */
  constructor(readonly code: string, message: string, readonly detail?: CodedMessage) {
    super(message);
    this.name = 'WorkerCallError';
  }
}

/** The worker died while the call was pending. The user has already been told (see `onDidCrash`). */
export class WorkerCrashedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WorkerCrashedError';
  }
}

export function isCancelled(error: unknown): boolean {
  return error instanceof WorkerCallError && error.code === 'cancelled';
}

export interface CallOptions {
  onProgress?(event: TrainEvent): void;
  token?: vscode.CancellationToken;
}

interface Pending {
  method: WorkerMethod;
  resolve(value: unknown): void;
  reject(error: Error): void;
  onProgress?(event: TrainEvent): void;
  cancellation?: vscode.Disposable;
}

interface Running {
  worker: ChildProcess;
  /** Resolves once `init` answered; calls wait for it. */
  ready: Promise<unknown>;
  pending: Map<number, Pending>;
  /** Set when we stop it on purpose, so its exit is not reported as a crash. */
  stopping: boolean;
  /** The `init` arguments last sent, as JSON. */
  initKey: string;
  /** `init` arguments that changed while a training ran (logged once), applied after it. */
  deferredKey?: string;
  lastError?: Error;
  /** The message of the last uncaught error the worker printed. */
  lastThrown?: string;
}

/** A worker with no call in flight for this long is stopped, so its heap (models, tfjs) is returned. */
const IDLE_SHUTDOWN_MS = 5 * 60_000;

export class WorkerClient extends Disposable {
  private running: Running | undefined;
  private idleTimer: NodeJS.Timeout | undefined;
  /** Idle time before the worker is stopped; the next call starts a fresh one (tests shorten it). */
  idleShutdownMs = IDLE_SHUTDOWN_MS;
  private nextId = 1;
  private starts = 0;
  private readonly crashEmitter = this._register(new vscode.EventEmitter<string>());
  /** Fires with a user-facing message when the worker died unexpectedly. */
  readonly onDidCrash = this.crashEmitter.event;

  constructor(
    private readonly workerPath: string,
    private readonly initArgs: () => InitArgs,
    private readonly options: WorkerOptions = { testHooks: false },
  ) {
    super();
    this._register({ dispose: () => this.stop(vscode.l10n.t('The extension is shutting down.')) });
  }

  /** Whether a worker process currently exists. */
  get isRunning(): boolean {
    return this.running !== undefined;
  }

  /** The worker process's id (undefined when none runs): a process of its own, not the extension host's. */
  get processId(): number | undefined {
    return this.running?.worker.pid;
  }

  /** How many workers were started so far (tests check that a crash led to a fresh one). */
  get startCount(): number {
    return this.starts;
  }

  call<M extends WorkerMethod>(method: M, args: WorkerArgs<M>, options: CallOptions = {}): Promise<WorkerResult<M>> {
    if (this.isDisposed) return Promise.reject(new Error(vscode.l10n.t('The extension is shutting down.')));
    const running = this.ensureStarted();
    // Settings, trust and folders may have changed since `init`: the worker works with the current
    // ones, without a reload and without racing configuration events. Not under a running training,
    // though: re-initialising would switch its backend and drop its folders mid-run. The change applies
    // to the first call after it ends.
    const init = this.initArgs();
    const key = JSON.stringify(init);
    if (key !== running.initKey && this.isTraining(running)) {
      if (running.deferredKey !== key) log.info(`Settings changed during training: the model worker keeps its backend and folders until the run ends (${key}).`);
      running.deferredKey = key;
    } else if (key !== running.initKey) {
      running.deferredKey = undefined;
      log.info(`Re-initialising the model worker: ${key}`);
      running.initKey = key;
      running.ready = running.ready.catch(() => undefined).then(() => this.send(running, 'init', init, {})).catch(error => {
        running.initKey = ''; // The next call tries again.
        throw error;
      });
    }
    return running.ready.then(() => this.send(running, method, args, options));
  }

  /**
   * Terminates the worker as if it had died (test hook and last resort): pending calls reject with
   * `WorkerCrashedError` and `onDidCrash` fires.
   */
  async kill(): Promise<void> {
    const running = this.running;
    if (!running) return;
    running.lastError = new Error(vscode.l10n.t('the worker was terminated'));
    await terminate(running.worker);
  }

  private isTraining(running: Running): boolean {
    for (const entry of running.pending.values()) if (entry.method === 'train') return true;
    return false;
  }

  private ensureStarted(): Running {
    if (this.running) return this.running;
    this.starts++;
    log.info(`Starting the model worker (${this.workerPath})`);
    const worker = fork(this.workerPath, [], {
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
      // Typed arrays (datasets, weights) cross the channel as they are.
      serialization: 'advanced',
      // A heap limit makes an out-of-memory worker exit on its own; the host's own flags (a debugger's
      // --inspect) are not passed on.
      execArgv: ['--max-old-space-size=3072'],
      // Inside VS Code the executable is Electron's: this makes it run the script as Node.js does.
      env: { ...process.env, ELECTRON_RUN_AS_NODE: '1', [WORKER_OPTIONS_ENV]: JSON.stringify(this.options) },
    });
    const init = this.initArgs();
    const running: Running = { worker, ready: Promise.resolve(), pending: new Map(), stopping: false, initKey: JSON.stringify(init) };
    this.running = running;
    pipeLines(worker.stdout, line => log.info(`[worker] ${line}`));
    pipeLines(worker.stderr, line => {
      log.warn(`[worker] ${line}`);
      // An uncaught error's first line ("Error: ..."), kept to say why the worker died.
      const thrown = /^(?:\w*Error|Uncaught \w+): (.*)$/.exec(line.trim());
      if (thrown) running.lastThrown = thrown[1];
    });
    worker.on('message', message => this.onMessage(running, message));
    worker.on('error', error => {
      running.lastError = error;
      log.error(`The model worker failed: ${error.stack ?? error.message}`);
    });
    // 'close', not 'exit': by then the worker's last stderr lines (why it died) have been read.
    worker.on('close', (code, signal) => this.onExit(running, code ?? signal ?? 'unknown'));
    running.ready = this.send(running, 'init', init, {}).then(
      value => {
        log.info(`Model worker ready: ${JSON.stringify(value)}`);
        return value;
      },
      error => {
        // A worker that cannot initialise is useless: stop it so the next call tries afresh.
        log.error(`The model worker could not start: ${error instanceof Error ? error.message : String(error)}`);
        this.stop(vscode.l10n.t('The model worker could not start: {0}', error instanceof Error ? error.message : String(error)));
        throw error;
      });
    return running;
  }

  private send<M extends WorkerMethod>(running: Running, method: M, args: WorkerArgs<M>, options: CallOptions): Promise<WorkerResult<M>> {
    if (this.running !== running) {
      return Promise.reject(new WorkerCrashedError(vscode.l10n.t('The model worker stopped before the call could be sent.')));
    }
    const id = this.nextId++;
    this.clearIdleTimer();
    return new Promise((resolve, reject) => {
      const entry: Pending = { method, resolve: resolve as (value: unknown) => void, reject, onProgress: options.onProgress };
      if (options.token) {
        if (options.token.isCancellationRequested) {
          reject(new WorkerCallError('cancelled', vscode.l10n.t('Cancelled.')));
          return;
        }
        entry.cancellation = options.token.onCancellationRequested(() => {
          if (running.pending.has(id)) post(running, { type: 'cancel', id });
        });
      }
      running.pending.set(id, entry);
      // `args` is `WorkerArgs<M>` (the signature says so); TypeScript cannot tie a generic M to one union member.
      post(running, { type: 'call', id, method, args } as HostToWorker);
    });
  }

  private onMessage(running: Running, message: unknown): void {
    if (!isWorkerToHost(message)) {
      log.warn(`Ignored a malformed message from the worker: ${safeJson(message)}`);
      return;
    }
    const entry = running.pending.get(message.id);
    if (!entry) return; // An answer to a call that already failed; nothing waits for it.
    if (message.type === 'progress') {
      try {
        entry.onProgress?.(message.event);
      } catch (error) {
        log.error(`Progress handler failed: ${error instanceof Error ? error.message : String(error)}`);
      }
      return;
    }
    running.pending.delete(message.id);
    entry.cancellation?.dispose();
    if (running.pending.size === 0) this.startIdleTimer(running);
    if (message.ok && !isWorkerResult(entry.method, message.value)) {
      log.error(`Worker '${entry.method}' answered with a malformed result: ${safeJson(message.value)}`);
      entry.reject(new WorkerCallError('internal', vscode.l10n.t("The model worker answered '{0}' with a malformed result.", entry.method)));
    } else if (message.ok) {
      entry.resolve(message.value);
    } else {
      if (message.error.stack) log.error(`Worker '${entry.method}' failed: ${message.error.stack}`);
      const { code, detail } = message.error;
      entry.reject(new WorkerCallError(code, detail ? localized(detail) : message.error.message, detail));
    }
  }

  private startIdleTimer(running: Running): void {
    this.clearIdleTimer();
    this.idleTimer = setTimeout(() => {
      this.idleTimer = undefined;
      if (this.running !== running || running.pending.size > 0) return;
      log.info(`Stopping the model worker after ${Math.round(this.idleShutdownMs / 1000)} s without calls; the next call starts it again.`);
      this.stop(vscode.l10n.t('The model worker was idle.'));
    }, this.idleShutdownMs);
    this.idleTimer.unref?.();
  }

  private clearIdleTimer(): void {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = undefined;
  }

  private onExit(running: Running, code: number | string): void {
    if (this.running === running) {
      this.running = undefined;
      this.clearIdleTimer();
    }
    if (running.stopping) {
      log.info(`Model worker stopped (exit code ${code}).`);
      return;
    }
    const how = typeof code === 'number' ? vscode.l10n.t('exit code {0}', code) : vscode.l10n.t('signal {0}', code);
    const why = running.lastError?.message ?? running.lastThrown;
    const message = why
      ? vscode.l10n.t('The model worker stopped unexpectedly: {0} ({1}). The next command starts a fresh one.', why, how)
      : vscode.l10n.t('The model worker stopped unexpectedly ({0}). The next command starts a fresh one.', how);
    log.error(message);
    this.rejectAll(running, new WorkerCrashedError(message));
    this.crashEmitter.fire(message);
  }

  private stop(reason: string): void {
    const running = this.running;
    if (!running) return;
    this.running = undefined;
    this.clearIdleTimer();
    running.stopping = true;
    this.rejectAll(running, new Error(reason));
    void terminate(running.worker);
  }

  private rejectAll(running: Running, error: Error): void {
    for (const entry of running.pending.values()) {
      entry.cancellation?.dispose();
      entry.reject(error);
    }
    running.pending.clear();
  }
}

function post(running: Running, message: HostToWorker): void {
  // A worker that has just died has no channel; its exit rejects the pending calls.
  if (!running.worker.connected) return;
  running.worker.send(message, error => {
    if (error) log.warn(`A message to the model worker was not sent: ${error.message}`);
  });
}

/** Kills the worker process and waits for it to be gone. */
function terminate(worker: ChildProcess): Promise<void> {
  if (worker.exitCode !== null || worker.signalCode !== null) return Promise.resolve();
  return new Promise(resolve => {
    worker.once('exit', () => resolve());
    worker.kill('SIGKILL');
  });
}

function pipeLines(stream: Readable | null | undefined, sink: (line: string) => void): void {
  if (!stream) return;
  readline.createInterface({ input: stream }).on('line', line => { if (line.trim()) sink(line); });
}

function safeJson(value: unknown): string {
  try {
    return (JSON.stringify(value) ?? String(value)).slice(0, 200);
  } catch {
    return String(value);
  }
}
