/**
 * Two things an atomic save cannot do alone. A process killed between writing its temporary file and
 * renaming it leaves the temporary file behind, model-sized: the next save to that folder (and the
 * worker's listing of its save folder) removes the temporaries of processes that no longer run. And two
 * trainings writing the same model file would overwrite each other's checkpoints epoch by epoch: a
 * training holds `<file>.lock` (created exclusively, holding its process id) for as long as it runs,
 * and a second one is refused while the first is alive.
 */
import * as fs from 'fs';
import * as path from 'path';

/** `<target>.<pid>.<random>.tmp`, the name `writeFileAtomic` gives its temporary file. */
const TEMPORARY = /^(.*)\.(\d+)\.[a-z0-9]+\.tmp$/;
/** Locks held by this process: the pid alone does not tell two trainings in one worker apart. */
const held = new Set<string>();
/** Temporaries this process is writing right now (never removed by its own sweep). */
export const writing = new Set<string>();

/** Whether process `pid` runs (a process we may not signal still runs). */
export function processAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Removes the temporary files in `dir` left by saves whose process has died (only the model files'
 * temporaries, `*.s2s.<pid>.<random>.tmp`). Returns the names removed. Never throws.
 */
export function removeStaleTemporaries(dir: string, extension = '.s2s'): string[] {
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const name of names) {
    const m = TEMPORARY.exec(name);
    if (!m || !m[1].endsWith(extension)) continue;
    const file = path.join(dir, name);
    const pid = Number(m[2]);
    if (writing.has(file) || (pid !== process.pid && processAlive(pid))) continue;
    // Our own pid but not being written: a save of this process that failed to clean up.
    try {
      if (!fs.lstatSync(file).isFile()) continue;
      fs.rmSync(file, { force: true });
      removed.push(name);
    } catch { /* gone already, or not ours to remove */ }
  }
  return removed;
}

/** Another run is writing the same model file. */
export class OutputBusyError extends Error {
  constructor(readonly file: string, readonly pid: number) {
    super(`'${path.basename(file)}' is being written by another training (process ${pid}); wait for it to finish or choose another name.`);
    this.name = 'OutputBusyError';
  }
}

/**
 * Takes the lock on writing `file`; returns the function that releases it. Throws `OutputBusyError`
 * while another live training holds it; a lock left by a dead process is taken over.
 */
export function acquireOutputLock(file: string): () => void {
  const lock = `${file}.lock`;
  fs.mkdirSync(path.dirname(lock), { recursive: true });
  for (let attempt = 0; attempt < 3; attempt++) {
    if (held.has(lock)) throw new OutputBusyError(file, process.pid);
    try {
      const fd = fs.openSync(lock, 'wx');
      try { fs.writeSync(fd, String(process.pid)); } finally { fs.closeSync(fd); }
      held.add(lock);
      return () => {
        held.delete(lock);
        fs.rmSync(lock, { force: true });
      };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
    let pid = 0;
    try {
      if (!fs.lstatSync(lock).isFile()) throw new Error(`'${lock}' is not a regular file; remove it to train into '${path.basename(file)}'`);
      pid = Number(fs.readFileSync(lock, 'utf8').slice(0, 20).trim());
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    }
    // Our own pid in a lock this process does not hold: left by an earlier run that ended abruptly.
    if (pid > 0 && pid !== process.pid && processAlive(pid)) throw new OutputBusyError(file, pid);
    fs.rmSync(lock, { force: true });
  }
  throw new OutputBusyError(file, 0);
}
