/**
 * Regenerates the shipped translation models (subword, Luong attention) in `media/models/`:
 *   en-fr-luong-dot.s2s   English -> French on fra-eng.tsv (Tatoeba via manythings.org, CC-BY 2.0 FR)
 *   en-ko-subword.s2s     English -> Korean on kor-eng-2023.tsv (same source), a demonstration model
 *
 * Every pair is split by its English sentence (data/split.ts, TRANSLATION_SPLIT: 3 % test, 2 % dev): all
 * translations of one English sentence are on one side, so the test set holds only sentences the model
 * never saw. Training stops early on the dev set; the test set is scored once, at the end, per pair
 * (one reference each) and per English sentence (all its translations as references).
 *
 * Run: npm run models:translation -- [--only IDS] [--epochs N] [--max-pairs N] [--data-dir DIR] [--json]
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { findDataFile } from '../cli/files';
import { formatSeconds, table } from '../cli/format';
import { splitBySource, splitReversed, TRANSLATION_SPLIT, type Pair } from '../shared/data/index';
import {
  DEFAULT_MODEL, DEFAULT_TRAIN, evaluateModel, initBackend, makeModelConfig, makeTrainConfig, saveModelFile, trainModel,
  loadModelFile, type EpochMetrics, type ModelConfig, type Seq2SeqModel, type TrainConfig, type TrainingSummary, type WeightDtype,
} from '../shared/engine/index';
import { heldOutScores, readTranslationPairs, type HeldOutScores } from './heldOut';
import { EVERYDAY_SENTENCES_LIMIT } from './modelCards';
import { positiveInt, positiveNumber } from './options';
import { projectRoot } from './projectRoot';

interface Job {
  id: string;
  file: string;
  label: string;
  config: Partial<ModelConfig>;
  train: Partial<TrainConfig>;
  /** What the card says the model is for and where it fails. */
  limits: string;
  /** How the file stores its matrices (the package must stay small). */
  weights: WeightDtype;
  /**
   * Translate the file's pairs the other way (French to English from English-French pairs). The split is
   * still made by the English sentence, so this model's test pairs are the forward model's, reversed.
   */
  reverse?: true;
  /**
   * A second phase from the kept epoch at a lower learning rate: the dev loss falls on where the first
   * phase's early stopping had ended it (with Adam at the full rate it had turned upwards).
   */
  fineTune?: { epochs: number; learningRate: number };
}

const TATOEBA_NOTICE = 'Sentence pairs from Tatoeba (tatoeba.org) via manythings.org/anki, licensed CC-BY 2.0 France';

const SUBWORD_256: Partial<ModelConfig> = {
  sourceTokenizer: 'subword', targetTokenizer: 'subword', embeddingSize: 256, hiddenSize: 256, attentionUnits: 256,
  reverseSource: true, maxSourceLength: 48, maxTargetLength: 48,
};

const JOBS: Job[] = [
  {
    id: 'en-fr-luong-dot', file: 'fra-eng.tsv', label: 'Luong (dot): English to French',
    config: { ...SUBWORD_256, task: 'en-fr', dropout: 0.25 },
    train: { maxVocabSize: 6000, epochs: 12, earlyStoppingPatience: 3, workers: 2, parallelMode: 'delayed' },
    fineTune: { epochs: 3, learningRate: 3e-4 },
    weights: 'int8',
    limits: EVERYDAY_SENTENCES_LIMIT,
  },
  {
    id: 'fr-en-luong-dot', file: 'fra-eng.tsv', label: 'Luong (dot): French to English', reverse: true,
    config: { ...SUBWORD_256, task: 'fr-en', dropout: 0.25 },
    train: { maxVocabSize: 6000, epochs: 12, earlyStoppingPatience: 3, workers: 2, parallelMode: 'delayed' },
    fineTune: { epochs: 3, learningRate: 3e-4 },
    weights: 'int8',
    limits: EVERYDAY_SENTENCES_LIMIT,
  },
  {
    id: 'en-ko-subword', file: 'kor-eng-2023.tsv', label: 'Luong (dot): English to Korean (small demonstration model)',
    config: { ...SUBWORD_256, task: 'en-ko', embeddingSize: 128, hiddenSize: 128, attentionUnits: 128, dropout: 0.3 },
    train: { maxVocabSize: 3000, epochs: 40, earlyStoppingPatience: 6, workers: 2, parallelMode: 'delayed' },
    weights: 'int8',
    limits: 'About 5,000 sentence pairs cannot teach English to Korean: it does not generalise to new sentences. ' +
      'Use it to see a subword heatmap between two scripts, not to translate.',
  },
];

const HELP = `Usage: node out/src/scripts/make-translation-models.js [options]

  --only IDS          comma-separated model ids (${JOBS.map(j => j.id).join(', ')}); default: all
  --epochs N          epoch budget of the first phase (default per model; early stopping on the dev set);
                      the translation models then train a few more epochs at a lower learning rate
  --max-pairs N       read at most N pairs (quick runs)
  --data-dir DIR      folder with ${[...new Set(JOBS.map(j => j.file))].join(', ')}
  --out-dir DIR       default media/models of the project
  --from FILE         skip training: score and store this trained model (a finished run's float32 file)
  --continue FILE     train on from this model (e.g. the shipped one) instead of from new weights: a
                      fine-tune, usually with a lower --learning-rate; it keeps the model's vocabularies
  --learning-rate X   Adam's learning rate (default per model)
  --json              print the results as JSON`;

/** The licence notice of the data behind each translation model; every pair's attribution where the file gives one. */
function attributionMarkdown(files: ReadonlyMap<string, readonly Pair[]>): string {
  const lines = ['# Data behind the shipped translation models', ''];
  for (const job of JOBS) {
    const pairs = files.get(job.file);
    if (!pairs) continue;
    lines.push(`## ${job.id}.s2s`, '', `Trained on ${job.file}: ${TATOEBA_NOTICE} (https://creativecommons.org/licenses/by/2.0/fr/).`,
      'The model was derived from these sentences (trained on them); the sentences themselves are not included.', '');
    const attributed = pairs.filter(p => p.attribution);
    if (attributed.length) {
      lines.push('Attribution of each pair (Tatoeba sentence numbers and contributors), in the order of the source file:', '');
      for (const p of attributed) lines.push(`- ${(p.attribution ?? '').replace(/^CC-BY 2\.0 \(France\) Attribution: /, '')}`);
      lines.push('');
    }
  }
  return lines.join('\n');
}

/** A model a finished run saved, with its training summary, in place of training it again. */
async function loadTrained(file: string): Promise<{ model: Seq2SeqModel; summary: TrainingSummary }> {
  const { model, info } = await loadModelFile(file);
  if (!info.summary) {
    model.dispose();
    throw new Error(`${file} has no training summary (a checkpoint?)`);
  }
  return { model, summary: info.summary };
}

/**
 * One summary for a model trained in two runs: the first run's epochs, then the continuation's numbered
 * on from them (the continuation started from the first run's kept epoch).
 */
function continuedSummary(first: TrainingSummary, more: TrainingSummary): TrainingSummary {
  const offset = first.epochs.length;
  return {
    ...more,
    epochs: [...first.epochs, ...more.epochs.map(e => ({ ...e, epoch: e.epoch + offset }))],
    bestEpoch: more.bestEpoch === 0 ? first.bestEpoch : more.bestEpoch + offset,
    seconds: first.seconds + more.seconds,
    notes: [...(first.notes ?? []), `epochs ${offset + 1}-${offset + more.epochs.length} continued from epoch ${first.bestEpoch}`, ...(more.notes ?? [])],
  };
}

function describe(job: Job, summary: TrainingSummary, s: HeldOutScores, trainPairs: number): string {
  return `${job.label.replace(/^Luong \(dot\): /, '')}, subword pieces, trained on ${trainPairs} Tatoeba sentence pairs ` +
    `(${summary.epochs.length} epochs, epoch ${summary.bestEpoch} kept). On ${s.pairs} held-out pairs whose ${job.reverse ? 'French and English' : 'English'} ` +
    `sentences it never saw: BLEU ${s.bleu.toFixed(1)}, chrF ${s.chrf.toFixed(1)} (one reference each; ` +
    `BLEU ${s.multiRefBleu.toFixed(1)} with every translation of a sentence as a reference). ${job.limits}`;
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      'only': { type: 'string' }, 'epochs': { type: 'string' }, 'max-pairs': { type: 'string' }, 'data-dir': { type: 'string' },
      'out-dir': { type: 'string' }, 'from': { type: 'string' }, 'continue': { type: 'string' }, 'learning-rate': { type: 'string' },
      'json': { type: 'boolean' }, 'help': { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    process.stdout.write(HELP + '\n');
    return 0;
  }
  const epochs = positiveInt('epochs', values.epochs);
  const from = values.from;
  const learningRate = positiveNumber('learning-rate', values['learning-rate']);
  if (from !== undefined && values.continue !== undefined) throw new Error('--from and --continue exclude each other');
  const maxPairs = positiveInt('max-pairs', values['max-pairs']);
  let jobs = JOBS;
  if (values.only !== undefined) {
    const wanted = values.only.split(',').map(s => s.trim()).filter(s => s !== '');
    for (const w of wanted) if (!JOBS.some(j => j.id === w)) throw new Error(`--only: no model '${w}'; known: ${JOBS.map(j => j.id).join(', ')}`);
    jobs = JOBS.filter(j => wanted.includes(j.id));
  }
  if ((from ?? values.continue) !== undefined && jobs.length !== 1) throw new Error('--from and --continue need --only with one model id');
  const outDir = path.resolve(values['out-dir'] ?? path.join(projectRoot(), 'media', 'models'));
  fs.mkdirSync(outDir, { recursive: true });
  const log = (s: string): void => { process.stderr.write(s + '\n'); };
  const backend = await initBackend('wasm', undefined);
  log(`backend ${backend}; writing to ${outDir}`);
  const start = values.continue !== undefined ? await loadTrained(values.continue) : undefined;

  const attributions = new Map<string, Pair[]>();
  const results: { id: string; file: string; bytes: number; seconds: number; epochs: number; split: Record<string, number>; test: HeldOutScores }[] = [];
  for (const job of jobs) {
    const dataDir = values['data-dir'];
    const file = dataDir !== undefined ? path.join(dataDir, job.file) : findDataFile(job.file);
    if (!file || !fs.existsSync(file)) throw new Error(`${job.file} not found (give --data-dir)`);
    const all = readTranslationPairs(file, maxPairs);
    attributions.set(job.file, all);
    const split = job.reverse ? splitReversed(all, TRANSLATION_SPLIT) : { ...splitBySource(all, TRANSLATION_SPLIT), dropped: 0 };
    log(`${job.id}: ${split.train.length} train, ${split.dev.length} dev, ${split.test.length} test pairs (split by English sentence` +
      `${split.dropped ? `; ${split.dropped} training pairs left out whose French sentence is held out` : ''})`);
    const started = performance.now();
    const done: EpochMetrics[] = [];
    const trainConfig = makeTrainConfig({ ...DEFAULT_TRAIN, ...job.train, ...(epochs ? { epochs } : {}), ...(learningRate ? { learningRate } : {}) });
    const runTraining = (phase: TrainConfig, continueFrom: Seq2SeqModel | undefined): Promise<{ model: Seq2SeqModel; summary: TrainingSummary }> => trainModel({
      continueFrom,
      config: makeModelConfig(job.config.task ?? job.id, 'luong-dot', { ...DEFAULT_MODEL, ...job.config }),
      train: phase, pairs: split.train, validation: split.dev, datasetName: job.file,
      hooks: {
        async onEpoch(m, current) {
          // A checkpoint under a name of its own: a run stopped part-way still leaves its last epoch (--from takes it).
          done.push(m);
          await saveModelFile(path.join(outDir, `${job.id}.checkpoint.s2s`), current, {
            id: job.id, label: job.label, description: `checkpoint after epoch ${m.epoch}`, dataLicense: TATOEBA_NOTICE,
            summary: {
              epochs: [...done], bestEpoch: m.epoch, stoppedBy: 'cancelled', trainPairs: split.train.length, validationPairs: split.dev.length,
              dataset: job.file, seconds: (performance.now() - started) / 1000, backend, notes: [`stopped after epoch ${m.epoch} of ${phase.epochs}`],
            },
          });
          log(`${job.id}: epoch ${m.epoch}/${phase.epochs}: loss ${m.trainLoss.toFixed(3)}, dev loss ${m.validationLoss.toFixed(3)}, ` +
            `dev exact ${(m.exactMatch * 100).toFixed(1)} %, ${m.examplesPerSecond.toFixed(0)} examples/s, ${formatSeconds((performance.now() - started) / 1000)} so far`);
        },
      },
    });
    let trained = from !== undefined ? await loadTrained(from) : await runTraining(trainConfig, start?.model);
    let summary = start ? continuedSummary(start.summary, trained.summary) : trained.summary;
    start?.model.dispose();
    // The recipe's second phase, unless this run is one phase by hand (--from, --continue).
    if (job.fineTune && from === undefined && start === undefined) {
      log(`${job.id}: ${job.fineTune.epochs} more epochs from epoch ${summary.bestEpoch} at learning rate ${job.fineTune.learningRate}`);
      const first = trained;
      const phase = makeTrainConfig({ ...trainConfig, epochs: job.fineTune.epochs, learningRate: job.fineTune.learningRate });
      trained = await runTraining(phase, first.model);
      first.model.dispose();
      summary = continuedSummary(summary, trained.summary);
    }
    const { model } = trained;
    try {
      fs.rmSync(path.join(outDir, `${job.id}.checkpoint.s2s`), { force: true });
      const full = evaluateModel(model, split.test);
      const before = heldOutScores(full.predictions, split.test, full.exactMatch, full.bleu, full.chrf);
      const out = path.join(outDir, `${job.id}.s2s`);
      const metaFor = (scores: HeldOutScores) => ({
        id: job.id, label: job.label, description: describe(job, summary, scores, split.train.length), summary, dataLicense: TATOEBA_NOTICE,
      });
      // Score what ships: store compactly, load it back, measure again; the card quotes the stored model.
      await saveModelFile(out, model, metaFor(before), { weights: job.weights });
      const stored = await loadModelFile(out);
      let test: HeldOutScores;
      try {
        const ev = evaluateModel(stored.model, split.test);
        test = {
          ...heldOutScores(ev.predictions, split.test, ev.exactMatch, ev.bleu, ev.chrf),
          float32: { bleu: before.bleu, chrf: before.chrf, multiRefBleu: before.multiRefBleu },
        };
        await saveModelFile(out, stored.model, metaFor(test), { weights: job.weights });
      } finally {
        stored.model.dispose();
      }
      const seconds = (performance.now() - started) / 1000;
      results.push({
        id: job.id, file: out, bytes: fs.statSync(out).size, seconds, epochs: summary.epochs.length,
        split: { train: split.train.length, dev: split.dev.length, test: split.test.length }, test,
      });
      log(`${job.id}: test BLEU ${test.bleu.toFixed(1)} chrF ${test.chrf.toFixed(1)} (multi-ref BLEU ${test.multiRefBleu.toFixed(1)}) as stored (${job.weights}); ` +
        `float32 BLEU ${before.bleu.toFixed(1)} chrF ${before.chrf.toFixed(1)}; ${formatSeconds(seconds)}`);
    } finally {
      model.dispose();
    }
  }
  fs.writeFileSync(path.join(outDir, 'ATTRIBUTION-translation.md'), attributionMarkdown(attributions));
  if (values.json) {
    process.stdout.write(JSON.stringify({ backend, outDir, split: TRANSLATION_SPLIT, models: results }, null, 2) + '\n');
  } else {
    process.stdout.write(table(['model', 'epochs', 'test pairs', 'BLEU', 'chrF', 'exact', 'sentences', 'multi-ref BLEU', 'size', 'time'],
      results.map(r => [r.id, String(r.epochs), String(r.test.pairs), r.test.bleu.toFixed(1), r.test.chrf.toFixed(1),
        `${(r.test.exactMatch * 100).toFixed(1)} %`, String(r.test.sentences), r.test.multiRefBleu.toFixed(1),
        `${(r.bytes / 1024).toFixed(0)} KB`, formatSeconds(r.seconds)])) + '\n');
  }
  return 0;
}

main().then(code => { process.exitCode = code; }, (e: unknown) => {
  process.stderr.write(`make-translation-models: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exitCode = 1;
});
