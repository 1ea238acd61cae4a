// STUB (owned by the kernels helper): replaced by the real wasm setup and kernel registrations.
import type { BackendName } from './types';
export async function initBackend(name: BackendName, wasmDir?: string): Promise<BackendName> {
  void wasmDir; return name;
}
export function currentBackend(): BackendName { return 'cpu'; }
