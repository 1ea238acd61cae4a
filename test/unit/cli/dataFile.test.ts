import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { findDataFile } from '../../../src/cli/files';

describe('development data files', () => {
  it('are found in the folder SEQ2SEQ_DATA_DIR names, and only where the lookup says', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'seq2seq-data-'));
    try {
      const name = `pairs-${process.pid}.tsv`;
      fs.writeFileSync(path.join(dir, name), 'a\tb\n');
      assert.strictEqual(findDataFile(name, { SEQ2SEQ_DATA_DIR: dir }), path.join(dir, name));
      assert.strictEqual(findDataFile(name, {}), null);
      assert.strictEqual(findDataFile(`missing-${process.pid}.tsv`, { SEQ2SEQ_DATA_DIR: dir }), null);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
