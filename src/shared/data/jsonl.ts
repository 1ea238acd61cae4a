/**
 * JSON Lines, one object per line, in either shape:
 * - `{"translation": {"en": "…", "fr": "…"}}` (Hugging Face translation datasets): languages chosen by
 *   `sourceKey` / `targetKey`, else the two keys of the first object in their written order;
 * - `{"source": "…", "target": "…"}` (or the top-level fields named by `sourceKey` / `targetKey`).
 */
import { coded, type CodedMessage, type MessageParam } from '../messages/coded';
import type { PairCollector } from './collect';
import type { ReadOptions } from './types';
import { splitLines } from './text';

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

type Extracted = { source: string; target: string } | { reason: CodedMessage };

function pick(obj: Record<string, unknown>, sk: string, tk: string, where: MessageParam): Extracted {
  if (!(sk in obj)) return { reason: coded('data.lineNoKey', { key: sk, where }) };
  if (!(tk in obj)) return { reason: coded('data.lineNoKey', { key: tk, where }) };
  const source = obj[sk];
  const target = obj[tk];
  if (typeof source !== 'string') return { reason: coded('data.lineNotString', { key: sk }) };
  if (typeof target !== 'string') return { reason: coded('data.lineNotString', { key: tk }) };
  return { source, target };
}

export function readJsonl(name: string, text: string, sink: PairCollector, options: ReadOptions): void {
  // Language keys of translation objects, fixed by the options or by the first object.
  let languages: [string, string] | null =
    options.sourceKey !== undefined && options.targetKey !== undefined ? [options.sourceKey, options.targetKey] : null;
  splitLines(text).forEach((raw, i) => {
    if (raw.trim() === '') return;
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch (e) {
      sink.issue(name, i + 1, coded('data.lineJsonSyntax', { detail: e instanceof Error ? e.message : String(e) }));
      return;
    }
    if (!isRecord(value)) {
      sink.issue(name, i + 1, coded('data.lineNotObject'));
      return;
    }
    let got: Extracted;
    if (options.sourceKey !== undefined && options.targetKey !== undefined && options.sourceKey in value && options.targetKey in value) {
      got = pick(value, options.sourceKey, options.targetKey, coded('data.lineTheObject'));
    } else if (isRecord(value.translation)) {
      const tr = value.translation;
      if (!languages) {
        const keys = Object.keys(tr);
        const sk = options.sourceKey ?? (options.targetKey !== undefined ? keys.find((k) => k !== options.targetKey) : keys[0]);
        const tk = options.targetKey ?? keys.find((k) => k !== sk);
        if (keys.length !== 2 && (options.sourceKey === undefined || options.targetKey === undefined)) {
          sink.issue(name, i + 1, coded('data.lineLanguageCount', { count: keys.length, keys: keys.join(', ') }));
          return;
        }
        if (sk === undefined || tk === undefined) {
          sink.issue(name, i + 1, coded('data.lineTwoLanguages'));
          return;
        }
        languages = [sk, tk];
      }
      got = pick(tr, languages[0], languages[1], '"translation"');
    } else if ('source' in value || 'target' in value) {
      got = pick(value, 'source', 'target', coded('data.lineTheObject'));
    } else {
      got = { reason: coded('data.lineJsonShape', { translation: '{"translation": {…}}', sourceTarget: '{"source": …, "target": …}' }) };
    }
    if ('reason' in got) sink.issue(name, i + 1, got.reason);
    else sink.add(name, { source: got.source.trim(), target: got.target.trim(), line: i + 1 });
  });
}
