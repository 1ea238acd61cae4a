/**
 * Says why a model cannot take a text before decoding it, in words a user can act on: empty input, too
 * many tokens, or characters a character-level model never saw in training (it would read them as
 * `<unk>` and answer nonsense with confidence).
 */
import { maxTextChars, type ModelConfig } from '../shared/engine/index';
import type { Vocab } from '../shared/text/vocab';
import { coded } from '../shared/messages/coded';
import { unitMessage } from '../shared/messages/units';
import { tokenizerFor, vocabKey } from '../shared/text/tokenizer';
import { WorkerFailure } from './errors';

/** At most this many unknown tokens are quoted in a message. */
const QUOTED = 8;

export function checkInput(modelId: string, config: ModelConfig, sourceVocab: Vocab, text: string): void {
  // Measured before anything else: tokenising and even trimming a huge text is work the worker's queue waits on.
  if (text.length > maxTextChars(config.maxSourceLength)) {
    throw new WorkerFailure('bad-input', coded('input.tooManyChars', {
      chars: text.length, model: modelId, max: config.maxSourceLength, units: unitMessage(config.sourceTokenizer, config.maxSourceLength),
      maxChars: maxTextChars(config.maxSourceLength),
    }));
  }
  if (text.trim().length === 0) throw new WorkerFailure('bad-input', coded('input.empty'));
  const kind = config.sourceTokenizer;
  const tokens = tokenizerFor(kind, sourceVocab).tokenize(text);
  if (tokens.length > config.maxSourceLength) {
    throw new WorkerFailure('bad-input',
      coded('input.tooManyTokens', { count: tokens.length, units: unitMessage(kind, tokens.length), model: modelId, max: config.maxSourceLength }));
  }
  const unknown = [...new Set(tokens.map(t => t.text).filter(t => !sourceVocab.has(vocabKey(kind, t))))];
  if (unknown.length === 0) return;
  // A word or subword model meets unknown tokens all the time and reads them as <unk>; only refuse when it
  // knows none.
  if (kind !== 'char' && unknown.length < new Set(tokens.map(t => t.text)).size) return;
  const quoted = unknown.slice(0, QUOTED).map(t => `'${t}'`).join(', ') + (unknown.length > QUOTED ? ', …' : '');
  throw new WorkerFailure('bad-input', kind !== 'char'
    ? coded('input.noKnownTokens', { model: modelId, units: unitMessage(kind, unknown.length), quoted })
    : unknown.length > 1 ? coded('input.unknownCharacters', { model: modelId, quoted }) : coded('input.unknownCharacter', { model: modelId, quoted }));
}
