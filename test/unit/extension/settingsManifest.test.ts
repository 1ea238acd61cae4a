/** package.json's `contributes.configuration` agrees with the one table of defaults and limits. */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { SETTINGS } from '../../../src/shared/settings';
import { PREFIX } from '../../../src/extension/ids';
import { projectRoot } from '../../harness/paths';

const FIELDS = ['type', 'default', 'minimum', 'maximum', 'exclusiveMinimum', 'enum', 'minLength'] as const;

describe('settings manifest', () => {
  const manifest = JSON.parse(fs.readFileSync(path.join(projectRoot(), 'package.json'), 'utf8')) as {
    contributes: { configuration: { properties: Record<string, Record<string, unknown>> } };
  };
  const properties = manifest.contributes.configuration.properties;

  it('declares exactly the settings of src/shared/settings.ts', () => {
    assert.deepStrictEqual(Object.keys(properties).sort(), Object.keys(SETTINGS).map(k => `${PREFIX}.${k}`).sort());
  });

  for (const [key, spec] of Object.entries(SETTINGS)) {
    it(`${key}: the same type, default and limits`, () => {
      const declared = properties[`${PREFIX}.${key}`];
      assert.ok(declared, `${key} is missing from package.json`);
      for (const field of FIELDS) {
        assert.deepStrictEqual(declared[field], (spec as Record<string, unknown>)[field], `${key}.${field}`);
      }
    });
  }
});
