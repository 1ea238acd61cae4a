/**
 * Scores a translation model, greedy and with beam search, on two kinds of sentences it never saw:
 *   - the held-out test split of its training file (data/split.ts, TRANSLATION_SPLIT, split by source
 *     sentence, exactly as the recipe made it), per pair and with every translation of a sentence as a
 *     reference;
 *   - a file of pairs written for this project that appear in no training file (for English -> French,
 *     src/scripts/eval/en-fr-fresh.tsv: 100 everyday sentences, each checked absent from the Tatoeba
 *     exports on either side), one reference each.
 *
 * Run: npm run eval-translation -- [--model ID|PATH] [--data FILE] [--fresh FILE] [--beam 1,4] [--length-penalty A] [--show N] [--json]
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { findDataFile } from '../cli/files';
import { table } from '../cli/format';
import { splitBySource, splitReversed, swappedPairs, TRANSLATION_SPLIT, type Pair } from '../shared/data/index';
import { initBackend, loadModelFile, type Seq2SeqModel } from '../shared/engine/index';
import { beamScores, heldOutScores, readTranslationPairs, type HeldOutScores } from './heldOut';
import { positiveInt } from './options';
import { projectRoot } from './projectRoot';

const DEFAULT_MODEL = 'en-fr-luong-dot';
/** The training file and the fresh pairs of each shipped translation model. */
const SOURCES: Record<string, { data: string; fresh?: string; reverse?: true }> = {
  'en-fr-luong-dot': { data: 'fra-eng.tsv', fresh: 'en-fr-fresh.tsv' },
  // The same held-out and fresh pairs the other way round.
  'fr-en-luong-dot': { data: 'fra-eng.tsv', fresh: 'en-fr-fresh.tsv', reverse: true },
  'en-ko-subword': { data: 'kor-eng-2023.tsv' },
};

const HELP = `Usage: npm run eval-translation -- [options]

BLEU and chrF (sacreBLEU 13a-compatible) of a translation model on its held-out test split and on pairs
that are in no training file, greedy and with beam search.

  --model ID|PATH       a model id in media/models or an .s2s path (default ${DEFAULT_MODEL})
  --data FILE           the file it was trained on (default: the shipped model's, looked up in ., ./data and $SEQ2SEQ_DATA_DIR)
  --fresh FILE          extra pairs to score whole (default for ${DEFAULT_MODEL}: src/scripts/eval/en-fr-fresh.tsv)
  --beam LIST           comma-separated beam widths (default 1,4; 1 = greedy, what the extension does by default)
  --length-penalty A    beam ranking logP / len^A (default 1)
  --show N              print N fresh sentences with their translations (default 10)
  --json                print the results as JSON`;

interface Scores extends HeldOutScores { beam: number }

function score(model: Seq2SeqModel, pairs: Pair[], beam: number, lengthPenalty: number): Scores {
  const r = beamScores(model, pairs, beam, lengthPenalty);
  return { beam, ...heldOutScores(r.predictions, pairs, r.exactMatch, r.bleu, r.chrf) };
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      'model': { type: 'string' }, 'data': { type: 'string' }, 'fresh': { type: 'string' }, 'beam': { type: 'string' },
      'length-penalty': { type: 'string' }, 'show': { type: 'string' }, 'json': { type: 'boolean' }, 'help': { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    process.stdout.write(HELP + '\n');
    return 0;
  }
  const root = projectRoot();
  const modelArg = values.model ?? DEFAULT_MODEL;
  const modelFile = modelArg.endsWith('.s2s') ? path.resolve(modelArg) : path.join(root, 'media', 'models', `${modelArg}.s2s`);
  if (!fs.existsSync(modelFile)) throw new Error(`no model '${modelArg}' (looked for ${modelFile})`);
  const known = SOURCES[path.basename(modelFile, '.s2s')];
  const dataFile = values.data ?? (known ? findDataFile(known.data) ?? undefined : undefined);
  const freshFile = values.fresh ?? (known?.fresh ? path.join(root, 'src', 'scripts', 'eval', known.fresh) : undefined);
  if (dataFile === undefined && freshFile === undefined) throw new Error('nothing to score: give --data or --fresh');
  const beams = (values.beam ?? '1,4').split(',').map((s) => positiveInt('beam', s.trim()) ?? 1);
  const lengthPenalty = values['length-penalty'] === undefined ? 1 : Number(values['length-penalty']);
  if (!Number.isFinite(lengthPenalty) || lengthPenalty < 0) throw new Error(`--length-penalty expects a number >= 0; got '${values['length-penalty']}'`);
  const show = values.show === undefined ? 10 : Number(values.show);

  const backend = await initBackend('wasm', undefined);
  const { model, info } = await loadModelFile(modelFile);
  const log = (s: string): void => { process.stderr.write(s + '\n'); };
  try {
    const sets: { name: string; pairs: Pair[] }[] = [];
    if (dataFile !== undefined) {
      if (!fs.existsSync(dataFile)) throw new Error(`${dataFile} not found (give --data)`);
      sets.push({ name: `${path.basename(dataFile)} test split`, pairs: (known?.reverse ? splitReversed : splitBySource)(readTranslationPairs(dataFile), TRANSLATION_SPLIT).test });
    }
    if (freshFile !== undefined) {
      const fresh = readTranslationPairs(freshFile);
      sets.push({ name: path.basename(freshFile), pairs: known?.reverse && values.fresh === undefined ? swappedPairs(fresh) : fresh });
    }
    const results = sets.map((set) => ({
      set: set.name,
      scores: beams.map((b) => {
        log(`${info.id}: ${set.name} (${set.pairs.length} pairs), beam ${b}...`);
        return score(model, set.pairs, b, lengthPenalty);
      }),
    }));
    const freshPairs = sets.find((s) => s.name === path.basename(freshFile ?? ''))?.pairs ?? [];
    const samples = freshPairs.slice(0, show).map((p) => ({
      source: p.source, reference: p.target,
      output: model.translate(p.source, { modelId: 'eval', beamWidth: beams[beams.length - 1], topK: 1, lengthPenalty }).hypotheses[0].text,
    }));
    if (values.json) {
      process.stdout.write(JSON.stringify({ backend, model: info.id, lengthPenalty, split: TRANSLATION_SPLIT, results, samples }, null, 2) + '\n');
      return 0;
    }
    process.stdout.write(`${info.id}, ${backend}, length penalty ${lengthPenalty}\n\n`);
    process.stdout.write(table(['set', 'beam', 'pairs', 'BLEU', 'chrF', 'exact', 'sentences', 'multi-ref BLEU'],
      results.flatMap((r) => r.scores.map((s) => [r.set, String(s.beam), String(s.pairs), s.bleu.toFixed(1), s.chrf.toFixed(1),
        `${(100 * s.exactMatch).toFixed(1)} %`, String(s.sentences), s.multiRefBleu.toFixed(1)]))) + '\n');
    if (samples.length > 0) {
      process.stdout.write(`\n${samples.length} fresh sentences (beam ${beams[beams.length - 1]}):\n`);
      process.stdout.write(table(['source', 'reference', 'output'], samples.map((s) => [s.source, s.reference, s.output])) + '\n');
    }
    return 0;
  } finally {
    model.dispose();
  }
}

main().then((code) => {
  process.exitCode = code;
}, (e: unknown) => {
  process.stderr.write(`eval-translation: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exitCode = 1;
});
