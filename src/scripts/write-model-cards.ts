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
import { checkModelCard } from '../shared/quality/card';
import { cardMarkdown } from '../shared/quality/cardMarkdown';
import { beamScores } from './heldOut';
import { positiveInt } from './options';
import { dateCardPlan, dateFormatsCardPlan, enKoCardPlan, makeModelCard, sharedSentences, translationCardPlan, unseenSentences, type CardPlan } from './modelCards';
import { mulberry32, shuffleInPlace } from '../shared/engine/random';
import { projectRoot } from './projectRoot';

function dataFile(name: string, dataDir: string | undefined): string | null {
  const p = dataDir !== undefined ? path.join(dataDir, name) : findDataFile(name);
  return p !== null && fs.existsSync(p) ? p : null;
}

const round = (x: number): number => Math.round(x * 1e4) / 1e4;

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
      // Held-out pairs on which beam search is tried against greedy decoding (the translation models).
      let beamTrial: { data: string; pairs: readonly Pair[] } | null = null;
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
        beamTrial = { data: `the ${split.test.length.toLocaleString('en-US')} held-out pairs of fra-eng.tsv`, pairs: split.test };
        plan = translationCardPlan({
          file: 'fra-eng.tsv', train: split.train, test: split.test, trainedPairs: info.summary?.trainPairs,
          summary: 'French to English, subword pieces, Luong attention: translates short everyday sentences it never saw.',
          limits: ['Short everyday sentences of the kind Tatoeba collects (1 to about 10 words); long, technical or literary text is outside what it learned.',
            'Held out with the English to French model\'s test pairs, reversed; training pairs whose French sentence is held out were left out.'],
          outOfTask: [
            { data: 'date-test.txt (dates)', sources: pairs('date-test.txt').map(p => p.source) },
            { data: 'kor-eng.tsv (Korean sentences)', sources: pairs('kor-eng.tsv').map(p => p.target) },
            { data: 'fra-eng.tsv (English sentences)', sources: pairs('fra-eng.tsv').map(p => p.source) },
          ],
        });
      } else if (info.config.sourceTokenizer === 'subword' && (info.task === 'en-fr' || info.task === 'en-ko')) {
        const fr = info.task === 'en-fr';
        const file = fr ? 'fra-eng.tsv' : 'kor-eng-2023.tsv';
        const split = splitBySource(pairs(file), TRANSLATION_SPLIT);
        if (fr) beamTrial = { data: `the ${split.test.length.toLocaleString('en-US')} held-out pairs of fra-eng.tsv`, pairs: split.test };
        plan = translationCardPlan({
          file, train: split.train, test: split.test, trainedPairs: info.summary?.trainPairs,
          summary: fr
            ? 'English to French, subword pieces, Luong attention: translates short everyday sentences it never saw.'
            : 'English to Korean, subword pieces: a small demonstration model that does not generalise.',
          limits: fr
            ? ['Short everyday sentences of the kind Tatoeba collects (1 to about 10 words); long, technical or literary text is outside what it learned.',
              'One translation per sentence: where French has several (tu / vous, gender), it picks one.']
            : ['About 5,000 sentence pairs cannot teach English to Korean: it answers with fluent-looking Korean that often means something else.'],
          ...(fr ? {} : { caveat: 'Does not generalise: use it to see a subword heatmap between two scripts, not to translate.' }),
          outOfTask: [
            { data: 'date-test.txt (dates)', sources: pairs('date-test.txt').map(p => p.source) },
            { data: fr ? 'kor-eng.tsv (Korean sentences)' : 'fra-eng.tsv (French sentences)', sources: fr ? pairs('kor-eng.tsv').map(p => p.target) : pairs('fra-eng.tsv').map(p => p.target) },
            // French given to the English -> French model: the French -> English model is the one to offer.
            ...(fr ? [{ data: 'fra-eng.tsv (French sentences)', sources: pairs('fra-eng.tsv').map(p => p.target) }] : []),
          ],
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
      if (beamTrial && beamWidth > 1) {
        const greedy = made.heldOut[0];
        const beam = beamScores(model, beamTrial.pairs, beamWidth, 1);
        log(`${info.id}: beam ${beamWidth} BLEU ${beam.bleu.toFixed(1)} chrF ${beam.chrf.toFixed(1)}, greedy ${greedy.bleu.toFixed(1)} / ${greedy.chrf.toFixed(1)}`);
        // Beams become the model's default only where they beat greedy decoding on both scores.
        if (beam.bleu > greedy.bleu && beam.chrf > greedy.chrf) {
          made.card = checkModelCard({ ...made.card, decoding: {
            beamWidth, data: beamTrial.data, bleu: round(beam.bleu), chrf: round(beam.chrf), greedyBleu: round(greedy.bleu), greedyChrf: round(greedy.chrf),
          } });
        }
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
