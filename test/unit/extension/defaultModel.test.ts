/** The default active model: the same id in the manifest and the host, shipped, with models to compare it with. */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { DEFAULT_ACTIVE_MODEL } from '../../../src/extension/ids';
import { DATE_FORMAT_TASK } from '../../../src/shared/data';
import { readModelInfo } from '../../../src/shared/engine/modelFile';
import { MECHANISMS } from '../../../src/shared/engine/types';
import { projectRoot } from '../../../src/scripts/projectRoot';

describe('extension: default active model', () => {
  const root = projectRoot();
  const shipped = path.join(root, 'media', 'models');
  const infos = fs.readdirSync(shipped).filter(f => f.endsWith('.s2s')).map(f => readModelInfo(path.join(shipped, f), true));

  it('is the manifest\'s activeModel default', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as {
      contributes: { configuration: { properties: Record<string, { default?: unknown }> } };
    };
    assert.strictEqual(pkg.contributes.configuration.properties['seq2seqAttention.activeModel'].default, DEFAULT_ACTIVE_MODEL);
  });

  it('ships as the Bahdanau model of the date-format task, next to the five other mechanisms of that task and the book\'s six', () => {
    const model = infos.find(m => m.id === DEFAULT_ACTIVE_MODEL);
    assert.ok(model, `${DEFAULT_ACTIVE_MODEL} is not in media/models`);
    assert.strictEqual(model.task, DATE_FORMAT_TASK);
    assert.strictEqual(model.mechanism, 'bahdanau');
    // Compare from the default model: the six mechanisms on the same data; the book's six stay a task of their own.
    for (const task of [DATE_FORMAT_TASK, 'date']) {
      const mechanisms = infos.filter(m => m.task === task).map(m => m.mechanism).sort();
      assert.deepStrictEqual(mechanisms, [...MECHANISMS].sort(), `the models of task ${task}`);
    }
  });
});
