/**
 * The worker entry (bundled to dist/worker.js, the only bundle with tfjs). It validates every message,
 * dispatches calls to `WorkerService`, streams progress events and answers each call exactly once.
 * Never imports `vscode`. The same bundle also runs data-parallel gradient helper threads: started
 * as one (`isGradientHelperThread`), the engine's helper module serves the port and this entry does not.
 */
import { parentPort, workerData } from 'worker_threads';
import { isGradientHelperThread } from '../shared/engine/parallel/gradientHelper';
import {
  isHostToWorker, isWorkerArgs, isWorkerOptions, type ReceivedCall, type TrainEvent, type WorkerCall, type WorkerToHost,
} from '../shared/protocol/worker';
import { safeText, toWorkerError, WorkerFailure } from './errors';
import { WorkerService, type CallContext } from './service';

if (!parentPort) throw new Error('worker/main.ts must run in a worker_threads worker');
const port = parentPort;
const service = new WorkerService();
/** Test-only methods are served only when the host asked for them (the extension in Test mode). */
const testHooks = isWorkerOptions(workerData) && workerData.testHooks;
/** Calls in flight, with their cancellation flag. */
const cancelled = new Map<number, boolean>();

function post(message: WorkerToHost): void {
  port.postMessage(message);
}

if (!isGradientHelperThread()) port.on('message', (message: unknown) => {
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
    if (!isWorkerArgs(call.method, call.args)) throw new WorkerFailure('bad-input', `Invalid arguments for '${call.method}'.`);
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
      if (!testHooks) throw new WorkerFailure('bad-input', "'crash' is a test hook; this worker was not started for tests.");
      // An uncaught exception outside any handler kills the worker as a real crash would.
      setImmediate(() => { throw new Error('Worker crash requested (test hook)'); });
      return new Promise(() => undefined);
    default: return unreachable(call);
  }
}

function unreachable(call: never): never {
  throw new WorkerFailure('bad-input', `Unknown method '${(call as { method: string }).method}'.`);
}
