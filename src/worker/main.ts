/**
 * The worker entry (bundled to dist/worker.js, the only bundle with tfjs). It validates every message,
 * dispatches calls to `WorkerService`, streams progress events and answers each call exactly once.
 * Never imports `vscode`. The same bundle also runs data-parallel gradient helper threads: started
 * as one (`isGradientHelperThread`), the engine's helper module serves the port and this entry does not.
 *
 * The extension forks it as a child process (its IPC channel): a fault in the native kernels, which no
 * JavaScript can catch, then ends this process and not VS Code's extension host. Tests and tools may
 * also run it in a worker_threads worker (its parent port).
 */
import { parentPort, workerData } from 'worker_threads';
import { isGradientHelperThread } from '../shared/engine/parallel/gradientHelper';
import {
  isHostToWorker, isWorkerArgs, isWorkerOptions, WORKER_OPTIONS_ENV, type ReceivedCall, type TrainEvent, type WorkerCall, type WorkerToHost,
} from '../shared/protocol/worker';
import { coded } from '../shared/messages/coded';
import { safeText, toWorkerError, WorkerFailure } from './errors';
import { WorkerService, type CallContext } from './service';

/** How the host is reached, and the options it started this worker with. */
interface HostChannel {
  post(message: WorkerToHost): void;
  onMessage(listener: (message: unknown) => void): void;
  options: unknown;
}

function hostChannel(): HostChannel {
  if (parentPort) {
    const port = parentPort;
    return { post: m => port.postMessage(m), onMessage: l => port.on('message', l), options: workerData };
  }
  const send = process.send?.bind(process);
  if (!send) throw new Error('worker/main.ts runs as a child process with an IPC channel or in a worker_threads worker');
  // The host went away (VS Code closed, the extension host crashed): nothing is left to answer.
  process.on('disconnect', () => process.exit(0));
  return { post: m => { send(m); }, onMessage: l => process.on('message', l), options: parseOptions(process.env[WORKER_OPTIONS_ENV]) };
}

function parseOptions(text: string | undefined): unknown {
  try {
    return text ? JSON.parse(text) : undefined;
  } catch {
    return undefined;
  }
}

const port = isGradientHelperThread() ? undefined : hostChannel();
const service = new WorkerService();
/** Test-only methods are served only when the host asked for them (the extension in Test mode). */
const testHooks = isWorkerOptions(port?.options) && port.options.testHooks;
/** Calls in flight, with their cancellation flag. */
const cancelled = new Map<number, boolean>();

function post(message: WorkerToHost): void {
  port?.post(message);
}

port?.onMessage((message: unknown) => {
  if (!isHostToWorker(message)) {
    console.error('Ignored a malformed message from the host:', safeText(message));
    return;
  }
  if (message.type === 'cancel') {
    if (cancelled.has(message.id)) cancelled.set(message.id, true);
    return;
  }
  void handle(message);
});

async function handle(call: ReceivedCall): Promise<void> {
  const { id } = call;
  cancelled.set(id, false);
  const context: CallContext = {
    emit: (event: TrainEvent) => post({ type: 'progress', id, event }),
    isCancelled: () => cancelled.get(id) === true,
  };
  try {
    if (!isWorkerArgs(call.method, call.args)) throw new WorkerFailure('bad-input', coded('worker.invalidArgs', { method: call.method }));
    const value = await dispatch(call as WorkerCall, context);
    post({ type: 'result', id, ok: true, value });
  } catch (error) {
    post({ type: 'result', id, ok: false, error: toWorkerError(error) });
  } finally {
    cancelled.delete(id);
  }
}

function dispatch(call: WorkerCall, context: CallContext): unknown {
  switch (call.method) {
    case 'init': return service.init(call.args);
    case 'listModels': return service.listModels();
    case 'translate': return service.translate(call.args);
    case 'compare': return service.compare(call.args);
    case 'forced': return service.forced(call.args);
    case 'trace': return service.trace(call.args);
    case 'train': return service.train(call.args, context);
    case 'renameModel': return service.renameModel(call.args);
    case 'crash':
      if (!testHooks) throw new WorkerFailure('bad-input', coded('worker.notForTests'));
      if (call.args.kind === 'abort') {
        // What a fault in the native kernels does: the whole process ends at once, no handler runs.
        setImmediate(() => process.abort());
      } else {
        // An uncaught exception outside any handler kills the worker as a real crash would.
        setImmediate(() => { throw new Error('Worker crash requested (test hook)'); });
      }
      return new Promise(() => undefined);
    default: return unreachable(call);
  }
}

function unreachable(call: never): never {
  throw new WorkerFailure('bad-input', coded('worker.unknownMethod', { method: (call as { method: string }).method }));
}
