/**
 * Indexing a local fairseq file from a Node read stream, one chunk at a time (no vscode: the measurement
 * script runs it too). attentionFileIndex.ts wraps it with VS Code's progress and cancellation.
 */
import * as fs from 'fs';
import { FairseqIndexer, type IndexedSentence } from '../shared/attentionFiles/fairseqIndex';

const CHUNK = 1024 * 1024;

export function indexFairseqPath(file: string, onProgress: (bytes: number) => void, signal?: AbortSignal): Promise<IndexedSentence[]> {
  return new Promise((resolve, reject) => {
    const indexer = new FairseqIndexer();
    const stream = fs.createReadStream(file, { highWaterMark: CHUNK, ...(signal ? { signal } : {}) });
    stream.on('data', (chunk: Buffer | string) => {
      indexer.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
      onProgress(indexer.bytes);
    });
    stream.on('error', reject);
    stream.on('end', () => resolve(indexer.finish()));
  });
}

/** The text of bytes [start, end) of a local file. */
export async function readPathRange(file: string, start: number, end: number): Promise<string> {
  const handle = await fs.promises.open(file, 'r');
  try {
    const buf = Buffer.alloc(end - start);
    const { bytesRead } = await handle.read(buf, 0, end - start, start);
    return buf.subarray(0, bytesRead).toString('utf8');
  } finally {
    await handle.close();
  }
}
