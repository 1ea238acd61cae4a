// STUB (owned by the host helper): the worker entry; never imports vscode.
import { parentPort } from 'worker_threads';
if (!parentPort) throw new Error('worker/main.ts must run in a worker_threads worker');
