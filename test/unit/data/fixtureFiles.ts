/** Loads reader fixtures from `test/fixtures/data/`, found from the project root (the folder with package.json). */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { DatasetFile } from '../../../src/shared/data/types';
import { projectRoot } from '../../harness/paths';
export { projectRoot };


export function fixturePath(name: string): string {
  return path.join(projectRoot(), 'test', 'fixtures', 'data', name);
}

export function fixture(name: string, partner?: string): DatasetFile {
  const file: DatasetFile = { name, bytes: new Uint8Array(fs.readFileSync(fixturePath(name))) };
  if (partner) file.partner = { name: partner, bytes: new Uint8Array(fs.readFileSync(fixturePath(partner))) };
  return file;
}

export function bytesOf(text: string): Uint8Array {
  return new TextEncoder().encode(text);
}
