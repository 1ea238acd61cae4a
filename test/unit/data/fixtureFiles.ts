/** Loads reader fixtures from `test/fixtures/data/`, found from the project root (the folder with package.json). */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { DatasetFile } from '../../../src/shared/data/types';

export function projectRoot(): string {
  let dir = __dirname;
  while (!fs.existsSync(path.join(dir, 'package.json'))) {
    const up = path.dirname(dir);
    if (up === dir) throw new Error(`no package.json above ${__dirname}`);
    dir = up;
  }
  return dir;
}

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
