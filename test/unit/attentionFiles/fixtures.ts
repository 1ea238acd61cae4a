/** Hand-written attention files in `test/fixtures/attention/`, one per format and failure. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { projectRoot } from '../../harness/paths';

export function attentionFixturePath(name: string): string {
  return path.join(projectRoot(), 'test', 'fixtures', 'attention', name);
}

export function attentionFixture(name: string): string {
  return fs.readFileSync(attentionFixturePath(name), 'utf8');
}
