/**
 * Writes the model cards of models already trained, without retraining: evaluates each on its held-out
 * data, calibrates its low-confidence and fit thresholds, and stores the card in the file's header (the
 * weights are not touched). The shipped models by default; make-shipped-models.ts writes the same cards
 * when it trains them.
 *
 * Run: tsc -p . --outDir out && node out/src/scripts/write-model-cards.js [--data-dir DIR] [--models-dir DIR] [--only IDS] [--beam N] [--json]
 *   --beam N        beam width tried against greedy decoding on the translation models' held-out pairs; the
 *                   card makes it the model's default where it beats greedy on BLEU and chrF (default 4; 1: none)
 *   --data-dir DIR  folder with date-train.txt, date-test.txt, kor-eng.tsv, kor-eng-2023.tsv, fra-eng.tsv
 *                   (default: found in ., ./data or $SEQ2SEQ_DATA_DIR)
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { findDataFile } from '../cli/files';
import { readDataset, splitBySource, splitReversed, TRANSLATION_SPLIT, type Pair } from '../shared/data/index';
import { DATE_FORMAT_TASK, dateFormatSplit } from '../shared/data/dateFormatPairs';
import { initBackend, loadModelFile, updateModelMeta } from '../shared/engine/index';
import { cardMarkdown } from '../shared/quality/cardMarkdown';
import { positiveInt } from './options';
import {
  dateCardPlan, dateFormatsCardPlan, enKoCardPlan, EVERYDAY_SENTENCES_LIMIT, makeModelCard, sharedSentences, translationCardPlan, unseenSentences, type CardPlan,
} from './modelCards';
import { mulberry32, shuffleInPlace } from '../shared/engine/random';
import { projectRoot } from './projectRoot';

function dataFile(name: string, dataDir: string | undefined): string | null {
  const p = dataDir !== undefined ? path.join(dataDir, name) : findDataFile(name);
  return p !== null && fs.existsSync(p) ? p : null;
}

function readPairs(file: string): Pair[] {
  return readDataset({ name: file, bytes: new Uint8Array(fs.readFileSync(file)) }, { maxSourceChars: 2000, maxTargetChars: 2000 }).pairs;
}

async function main(): Promise<number> {
  const { values } = parseArgs({ options: {
    'data-dir': { type: 'string' }, 'models-dir': { type: 'string' }, 'only': { type: 'string' }, 'json': { type: 'boolean' }, 'print': { type: 'boolean' },
    'beam': { type: 'string' },
  } });
  // The beam width tried against greedy on the translation models' held-out pairs (1: no trial).
  const beamWidth = positiveInt('beam', values.beam) ?? 4;
  const dir = path.resolve(values['models-dir'] ?? path.join(projectRoot(), 'media', 'models'));
  const need = (name: string): string => {
    const f = dataFile(name, values['data-dir']);
    if (!f) throw new Error(`${name} not found (give --data-dir)`);
    return f;
  };
  const wanted = values.only?.split(',').map(s => s.trim()).filter(Boolean);
  const files = fs.readdirSync(dir).filter(f => f.endsWith('.s2s')).sort()
    .filter(f => !wanted || wanted.some(w => f === `${w}.s2s` || f.startsWith(`${w}-`)));
  await initBackend('wasm', undefined);
  const log = (s: string): void => { process.stderr.write(s + '\n'); };

  // Loaded on first use: not every run needs every file.
  const cache = new Map<string, Pair[]>();
  const pairs = (name: string): Pair[] => {
    if (!cache.has(name)) cache.set(name, readPairs(need(name)));
    return cache.get(name) as Pair[];
  };
  const results: unknown[] = [];
  for (const name of files) {
    const file = path.join(dir, name);
    const { model, info } = await loadModelFile(file);
    try {
      let plan: CardPlan;
      // Beam search tried against greedy on the translation models' test pairs.
      const beamTrial = beamWidth > 1 ? { beamTrial: { beamWidth } } : {};
      if (info.task === DATE_FORMAT_TASK) {
        const split = dateFormatSplit();
        plan = dateFormatsCardPlan(split.train, split.heldOut, [
          { data: 'fra-eng.tsv (English sentences)', sources: pairs('fra-eng.tsv').map(p => p.source) },
          { data: 'kor-eng.tsv (Korean sentences)', sources: pairs('kor-eng.tsv').map(p => p.target) },
        ]);
      } else if (info.task === 'date') {
        plan = dateCardPlan(pairs('date-train.txt'), pairs('date-test.txt'), [
          { data: 'fra-eng.tsv (English sentences)', sources: pairs('fra-eng.tsv').map(p => p.source) },
          { data: 'kor-eng.tsv (Korean sentences)', sources: pairs('kor-eng.tsv').map(p => p.target) },
        ]);
      } else if (info.task === 'fr-en') {
        const split = splitReversed(pairs('fra-eng.tsv'), TRANSLATION_SPLIT);
        plan = translationCardPlan({
          file: 'fra-eng.tsv', train: split.train, test: split.test, trainedPairs: info.summary?.trainPairs,
          summary: 'French to English, subword pieces, Luong attention: translates short everyday sentences it never saw.',
          limits: [EVERYDAY_SENTENCES_LIMIT,
            'Held out with the English to French model\'s test pairs, reversed; training pairs whose French sentence is held out were left out.'],
          outOfTask: [
            { data: 'date-test.txt (dates)', sources: pairs('date-test.txt').map(p => p.source) },
            { data: 'kor-eng.tsv (Korean sentences)', sources: pairs('kor-eng.tsv').map(p => p.target) },
            { data: 'fra-eng.tsv (English sentences)', sources: pairs('fra-eng.tsv').map(p => p.source) },
          ],
          ...beamTrial,
        });
      } else if (info.config.sourceTokenizer === 'subword' && (info.task === 'en-fr' || info.task === 'en-ko')) {
        const fr = info.task === 'en-fr';
        const file = fr ? 'fra-eng.tsv' : 'kor-eng-2023.tsv';
        const split = splitBySource(pairs(file), TRANSLATION_SPLIT);
        plan = translationCardPlan({
          file, train: split.train, test: split.test, trainedPairs: info.summary?.trainPairs,
          summary: fr
            ? 'English to French, subword pieces, Luong attention: translates short everyday sentences it never saw.'
            : 'English to Korean, subword pieces: a small demonstration model that does not generalise.',
          limits: fr
            ? [EVERYDAY_SENTENCES_LIMIT,
              'One translation per sentence: where French has several (tu / vous, gender), it picks one.']
            : ['About 5,000 sentence pairs cannot teach English to Korean: it answers with fluent-looking Korean that often means something else.'],
          ...(fr ? {} : { caveat: 'Does not generalise: use it to see a subword heatmap between two scripts, not to translate.' }),
          outOfTask: [
            { data: 'date-test.txt (dates)', sources: pairs('date-test.txt').map(p => p.source) },
            { data: fr ? 'kor-eng.tsv (Korean sentences)' : 'fra-eng.tsv (French sentences)', sources: fr ? pairs('kor-eng.tsv').map(p => p.target) : pairs('fra-eng.tsv').map(p => p.target) },
            // French given to the English -> French model: the French -> English model is the one to offer.
            ...(fr ? [{ data: 'fra-eng.tsv (French sentences)', sources: pairs('fra-eng.tsv').map(p => p.target) }] : []),
          ],
          ...(fr ? beamTrial : {}),
        });
      } else if (info.task === 'en-ko') {
        const all = pairs('kor-eng.tsv');
        const shuffled = shuffleInPlace([...all], mulberry32(1984));
        const heldOut = shuffled.slice(0, 100);
        const train = shuffled.slice(100);
        const newerFile = dataFile('kor-eng-2023.tsv', values['data-dir']);
        plan = enKoCardPlan({
          train, heldOut, heldOutInTraining: sharedSentences(heldOut, train),
          newer: newerFile ? unseenSentences(readPairs(newerFile), all) : null,
          trainedPairs: info.summary?.trainPairs,
          outOfTask: [
            { data: 'date-test.txt (dates)', sources: pairs('date-test.txt').map(p => p.source) },
            { data: 'fra-eng.tsv (French sentences)', sources: pairs('fra-eng.tsv').map(p => p.target) },
            { data: 'kor-eng.tsv (Korean sentences)', sources: all.map(p => p.target) },
          ],
        });
      } else {
        log(`${info.id}: task '${info.task}' has no card plan here; skipped`);
        continue;
      }
      const started = performance.now();
      const made = makeModelCard(model, plan);
      if (made.beam) {
        log(`${info.id}: beam ${beamWidth} BLEU ${made.beam.bleu.toFixed(1)} chrF ${made.beam.chrf.toFixed(1)}, ` +
          `greedy ${made.heldOut[0].bleu.toFixed(1)} / ${made.heldOut[0].chrf.toFixed(1)}${made.card.decoding ? '' : ' (greedy kept)'}`);
      }
      await updateModelMeta(file, meta => ({ ...meta, card: made.card }));
      log(`${info.id}: card written (${((performance.now() - started) / 1000).toFixed(1)} s)`);
      if (values.print) process.stdout.write(cardMarkdown({ ...info, card: made.card }) + '\n');
      const { fit, ...rest } = made.card;
      results.push({ id: info.id, ...rest, fit: fit ? { ...fit, profile: `${Object.keys(fit.profile.grams).length} n-grams` } : null });
    } finally {
      model.dispose();
    }
  }
  if (values.json) process.stdout.write(JSON.stringify(results, null, 2) + '\n');
  return 0;
}

main().then(code => { process.exitCode = code; }, (e: unknown) => {
  process.stderr.write(`write-model-cards: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exitCode = 1;
});
