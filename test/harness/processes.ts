/**
 * Process groups the harness started, and the guarantee that they die with it.
 *
 * code-server is spawned detached (its own process group) because killing only the wrapper leaves the
 * extension host alive for seconds; so we always signal the whole group. Every group is registered
 * here and killed on exit, on SIGINT/SIGTERM/SIGHUP, and on an uncaught error.
 */
import type { ChildProcess } from 'child_process';

const groups = new Set<number>();
const cleanups = new Set<() => void>();
let installed = false;

/** True while any process of the group `pgid` is alive. */
export function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
}

function signalGroup(pgid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pgid, signal);
  } catch {
    // ESRCH: already gone.
  }
}

/** Kills every registered group at once (SIGKILL) and runs registered synchronous cleanups. */
export function killAllSync(): void {
  for (const cleanup of cleanups) {
    try {
      cleanup();
    } catch {
      // Best effort while exiting.
    }
  }
  cleanups.clear();
  for (const pgid of groups) signalGroup(pgid, 'SIGKILL');
  groups.clear();
}

function installHandlers(): void {
  if (installed) return;
  installed = true;
  process.on('exit', killAllSync);
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.on(signal, () => {
      killAllSync();
      process.exit(signal === 'SIGINT' ? 130 : 143);
    });
  }
}

/** Registers a detached child (its pid is its process group id) to be killed when we exit. */
export function registerGroup(child: ChildProcess): number {
  if (child.pid === undefined) throw new Error('The child process has no pid (it failed to spawn)');
  installHandlers();
  groups.add(child.pid);
  return child.pid;
}

/** Registers a synchronous cleanup (e.g. removing a temp folder) that also runs on exit. */
export function registerCleanup(cleanup: () => void): () => void {
  installHandlers();
  cleanups.add(cleanup);
  return () => cleanups.delete(cleanup);
}

/**
 * Stops a group politely (SIGTERM), then forcefully (SIGKILL) after `graceMs`; resolves when no process
 * of the group is left.
 */
export async function stopGroup(pgid: number, graceMs = 5000): Promise<void> {
  signalGroup(pgid, 'SIGTERM');
  const deadline = Date.now() + graceMs;
  while (groupAlive(pgid) && Date.now() < deadline) await sleep(100);
  if (groupAlive(pgid)) signalGroup(pgid, 'SIGKILL');
  const hardDeadline = Date.now() + 5000;
  while (groupAlive(pgid) && Date.now() < hardDeadline) await sleep(100);
  groups.delete(pgid);
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
