/**
 * Coded messages: the English a code renders to, the same message in another language through a
 * template lookup (nested reasons and lists too), and the guard the protocol checks them with.
 */
import * as assert from 'assert';
import { CodedError, coded, codedMessageOf, isCodedMessage, renderMessage } from '../../../src/shared/messages/coded';
import { MESSAGES } from '../../../src/shared/messages/catalog';
import { parseModelFile } from '../../../src/shared/engine/modelFile';
import { modelConfigProblemMessages } from '../../../src/shared/engine/configCheck';
import { readDataset } from '../../../src/shared/data/index';
import { toWorkerError } from '../../../src/worker/errors';
import { MECHANISMS, MECHANISM_LABELS } from '../../../src/shared/engine/types';
import { SIZE_PRESETS, type SizePreset } from '../../../src/shared/engine/config';
import { FORMAT_LABELS } from '../../../src/shared/attentionFiles/detect';
import { ATTENTION_FILE_FORMATS } from '../../../src/shared/attentionFiles/types';
import { attentionFormatLabel, mechanismLabel, presetLabel } from '../../../src/shared/messages/labels';
import { ENGLISH_STRINGS } from '../../../webview/l10n/tables';

/** A toy translation: every template upper-cased, placeholders kept. */
const shout = (english: string): string => english.toUpperCase().replace(/\{([A-Z0-9_]+)\}/g, (_m, n: string) => `{${n.toLowerCase()}}`);

describe('coded messages', () => {
  it('renders the English of a code with its parameters', () => {
    const m = coded('worker.modelNotFound', { model: 'dates', known: 'a, b' });
    assert.strictEqual(m.message, "Model 'dates' was not found. Available: a, b.");
    assert.strictEqual(renderMessage(m), m.message);
  });

  it('renders nested reasons and lists in the language of the lookup, parameters as given', () => {
    const problems = [coded('config.cell', { value: 'gru{x}' }), coded('config.notObject')];
    const m = coded('modelFile.error', { file: 'm{reason}.s2s', reason: coded('modelFile.invalidConfig', { problems }) });
    assert.strictEqual(m.message, "Model file 'm{reason}.s2s': the model config is invalid: unknown cell 'gru{x}'; it is not an object");
    assert.strictEqual(renderMessage(m, shout), "MODEL FILE 'm{reason}.s2s': THE MODEL CONFIG IS INVALID: UNKNOWN CELL 'gru{x}'; IT IS NOT AN OBJECT");
    // A lookup without the template keeps the English of that part only.
    assert.strictEqual(renderMessage(m, en => (en.startsWith('Model file') ? 'Modelldatei {file}: {reason}' : undefined)),
      "Modelldatei m{reason}.s2s: the model config is invalid: unknown cell 'gru{x}'; it is not an object");
  });

  it('falls back to the English message for a code it does not know', () => {
    assert.strictEqual(renderMessage({ code: 'no.such' as never, params: {}, message: 'As sent.' }, shout), 'As sent.');
  });

  it('checks the shape of a message that arrives over a channel', () => {
    assert.ok(isCodedMessage(coded('modelFile.error', { file: 'f', reason: coded('modelFile.empty') })));
    assert.ok(!isCodedMessage({ code: 'x', message: 'y' }));
    assert.ok(!isCodedMessage({ code: 'x', message: 'y', params: { a: { b: 1 } } }));
    assert.ok(!isCodedMessage({ code: 'x', message: 'y', params: { a: Number.NaN } }));
    let deep: unknown = coded('modelFile.empty');
    for (let i = 0; i < 10; i++) deep = { code: 'data.error', message: '', params: { file: 'f', reason: deep } };
    assert.ok(!isCodedMessage(deep), 'nesting is bounded');
  });

  it('fills every placeholder of every template', () => {
    for (const [code, english] of Object.entries(MESSAGES)) {
      const names = [...english.matchAll(/\{([A-Za-z0-9_]+)\}/g)].map(m => m[1]);
      const params = Object.fromEntries(names.map(n => [n, `<${n}>`]));
      const m = (coded as (c: string, p: Record<string, string>) => ReturnType<typeof coded>)(code, params);
      assert.doesNotMatch(m.message, /\{[A-Za-z0-9_]+\}/, `${code}: ${m.message}`);
    }
  });

  it('is what the engine, the readers and the worker throw', () => {
    assert.throws(() => parseModelFile(new TextEncoder().encode('a,b\n'), 'notes.csv'), (e: unknown) => {
      const m = codedMessageOf(e);
      return m?.code === 'modelFile.error' && (m.params.reason as { code: string }).code === 'modelFile.badMagic' && m.message === (e as Error).message;
    });
    assert.deepStrictEqual(modelConfigProblemMessages({ task: 'x' }).map(p => p.code).slice(0, 3), ['config.mechanism', 'config.cell', 'config.integerRange']);
    assert.throws(() => readDataset({ name: 'empty.tsv', bytes: new Uint8Array(0) }), (e: unknown) => codedMessageOf(e)?.code === 'data.error'
      && (codedMessageOf(e)?.params.reason as { code: string }).code === 'data.empty');
    const wire = toWorkerError(new CodedError(coded('decode.noTokens')));
    assert.deepStrictEqual([wire.code, wire.detail?.code, wire.message], ['internal', 'decode.noTokens', 'Nothing to translate: the input has no tokens.']);
    assert.strictEqual(toWorkerError(new Error('plain')).detail, undefined);
  });

  it('labels the mechanisms, presets and attention-file formats as the English tables do, in the host and the panel', () => {
    for (const m of MECHANISMS) {
      assert.strictEqual(mechanismLabel(m).message, MECHANISM_LABELS[m]);
      assert.strictEqual((ENGLISH_STRINGS as Record<string, string>)[`mechanism.${m}`], MECHANISM_LABELS[m]);
    }
    for (const p of Object.keys(SIZE_PRESETS) as SizePreset[]) assert.strictEqual(presetLabel(p).message, SIZE_PRESETS[p].label);
    for (const f of ATTENTION_FILE_FORMATS) {
      assert.strictEqual(attentionFormatLabel(f).message, FORMAT_LABELS[f]);
      assert.strictEqual((ENGLISH_STRINGS as Record<string, string>)[`attentionFormat.${f}`], FORMAT_LABELS[f]);
    }
  });
});
