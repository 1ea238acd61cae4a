/**
 * The worker entry (bundled to dist/worker.js, the only bundle with tfjs). It validates every message,
 * dispatches calls to `WorkerService`, streams progress events and answers each call exactly once.
 * Never imports `vscode`. The same bundle also runs data-parallel gradient helper threads: started
 * as one (`isGradientHelperThread`), the engine's helper module serves the port and this entry does not.
 */
import { parentPort } from 'worker_threads';
import { isGradientHelperThread } from '../shared/engine/parallel/gradientHelper';
import { isHostToWorker, type HostToWorker, type TrainEvent, type WorkerMethod, type WorkerToHost } from '../shared/protocol/worker';
import { safeText, toWorkerError } from './errors';
import { WorkerService, type CallContext } from './service';

if (!parentPort) throw new Error('worker/main.ts must run in a worker_threads worker');
const port = parentPort;
const service = new WorkerService();
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

async function handle(call: Extract<HostToWorker, { type: 'call' }>): Promise<void> {
  const { id } = call;
  cancelled.set(id, false);
  const context: CallContext = {
    emit: (event: TrainEvent) => post({ type: 'progress', id, event }),
    isCancelled: () => cancelled.get(id) === true,
  };
  try {
    const value = await dispatch(call.method, call.args, context);
    post({ type: 'result', id, ok: true, value });
  } catch (error) {
    post({ type: 'result', id, ok: false, error: toWorkerError(error) });
  } finally {
    cancelled.delete(id);
  }
}

function dispatch(method: WorkerMethod, args: unknown, context: CallContext): unknown {
  switch (method) {
    case 'init': return service.init(args);
    case 'setBackend': return service.setBackend(args);
    case 'listModels': return service.listModels();
    case 'translate': return service.translate(args);
    case 'compare': return service.compare(args);
    case 'forced': return service.forced(args);
    case 'trace': return service.trace(args);
    case 'train': return service.train(args, context);
    case 'crash':
      // Test hook: an uncaught exception outside any handler kills the worker as a real crash would.
      setImmediate(() => { throw new Error('Worker crash requested (test hook)'); });
      return new Promise(() => undefined);
  }
}
