/**
 * Regenerates the models the extension ships in `media/models/`:
 *   date-<mechanism>.s2s   the book's date-conversion task, character level, reversed source, default small
 *                          config; trained on date-train.txt (else seeded generated dates in the book's
 *                          formats), measured after every epoch on date-test.txt, stopped as soon as test exact
 *                          match reaches --target (99 %) or at the epoch budget;
 *   date-formats-<mechanism>.s2s   dates as people type them (src/shared/data/dateFormats.ts: ISO, numeric in three
 *                          orders, month names, weekdays, ordinals, Korean) to YYYY-MM-DD, character level, reversed
 *                          source, same config; trained on the generated split of dateFormatPairs.ts, stopped when
 *                          validation exact match reaches 99.9 % (attention) or at its epoch budget (baseline, peeky);
 *                          the default active model is date-formats-bahdanau;
 *   en-ko-luong-dot.s2s    word-level English -> Korean on kor-eng.tsv (Tatoeba via manythings.org, CC-BY 2.0 FR):
 *                          a demonstration model that fits its training sentences. All pairs but a seeded held-out
 *                          set of 100 are trained on; the epoch kept is the one with the best exact match on (up to)
 *                          500 training pairs (selecting by held-out loss picked an early epoch that output
 *                          "톰은 <unk> <unk>." for everything); it reports its fit on a training sample AND the held-out
 *                          figures, which stay low (3,798 pairs cannot teach English -> Korean).
 * Each model file carries its model card (modelCards.ts: held-out scores with their split, limits, the
 * calibrated low-confidence and fit thresholds). Also writes media/models/ATTRIBUTION.md (MIT notice of the date data, the CC-BY attribution of every
 * Tatoeba pair). Each model can be made alone: --only date-bahdanau,en-ko-luong-dot (or --only date).
 *
 * Run: npm run models -- [--only IDS] [--epochs N] [--ko-epochs N] [--backend wasm|cpu] [--json]
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { findDataFile } from '../cli/files';
import { formatSeconds, percent, table } from '../cli/format';
import {
  DATE_FORMAT_SPLIT, DATE_FORMAT_TASK, DATE_READING_RULE, dateFormatSplit, exactMatchByFamily, generateDatePairs, readDataset, type DateFormatSplit, type Pair,
} from '../shared/data/index';
import {
  DEFAULT_MODEL, DEFAULT_TRAIN, MECHANISMS, MECHANISM_LABELS, SIZE_PRESETS, evaluateModel, hasAttention, initBackend, makeModelConfig,
  makeTrainConfig, saveModelFile, trainModel, type EvaluationResult, type Mechanism, type ModelConfig, type SizePreset,
  type TrainConfig, type TrainingSummary,
} from '../shared/engine/index';
import { dateCardPlan, enKoCardPlan, makeModelCard, sharedSentences, unseenSentences, type CardPlan } from './modelCards';
import { mulberry32, shuffleInPlace } from '../shared/engine/random';
import { positiveInt } from './options';
import { projectRoot } from './projectRoot';

type Task = 'date' | typeof DATE_FORMAT_TASK | 'en-ko';
interface Job { id: string; task: Task; mechanism: Mechanism }

// Every mechanism for the book's dates (the Compare showcase, figure 8-26) and again for the dates people type (a
// task of its own, so Compare from the default model puts the same six side by side on that data, and the book's
// six keep their figure); one word-level English-Korean model, since a demonstration model on 3,798 pairs is all
// that data supports and each costs ~2 MB of the .vsix.
const JOBS: Job[] = [
  ...MECHANISMS.map((mechanism): Job => ({ id: `date-${mechanism}`, task: 'date', mechanism })),
  ...MECHANISMS.map((mechanism): Job => ({ id: `${DATE_FORMAT_TASK}-${mechanism}`, task: DATE_FORMAT_TASK, mechanism })),
  { id: 'en-ko-luong-dot', task: 'en-ko', mechanism: 'luong-dot' },
];

/** Validation exact match at which a date-format model stops: at most 1 wrong of its 1,800 (200 per family). */
const DATE_FORMATS_TARGET = 0.999;

const HELP = `Usage: node out/src/scripts/make-shipped-models.js [options]

  --only IDS          comma-separated model ids (${JOBS.map((j) => j.id).join(', ')})
                      or task names (date, ${DATE_FORMAT_TASK}, en-ko); default: all
  --epochs N          epoch budget of the book's date models (default 12; they stop at --target)
  --target X          test exact match at which a book date model stops (default 0.99)
  --formats-epochs N  epoch budget of the ${DATE_FORMAT_TASK} models (default 6; those with attention stop when
                      validation exact match reaches ${DATE_FORMATS_TARGET * 100} %)
  --ko-epochs N       epochs of the en-ko models (default 40)
  --ko-vocab N        vocabulary cap of each side of the en-ko models (default 3400, which keeps the file
                      under 2 MB; rarer Korean words read as <unk>)
  --preset P          tiny | small | medium | book (default small)
  --train-pairs N     use only the first N training pairs (quick runs)
  --data-dir DIR      folder with date-train.txt, date-test.txt, kor-eng.tsv (default: found in ., ./data or $SEQ2SEQ_DATA_DIR)
  --out-dir DIR       default media/models of the project
  --backend wasm|cpu  default wasm
  --seed N            default 1984
  --json              print the results as JSON`;

const DATE_DATA_NOTICE = 'date-train.txt / date-test.txt: the date data set of "Deep Learning from Scratch 2" ' +
  '(oreilly-japan/deep-learning-from-scratch-2, dataset/date.txt), MIT licence, copyright (c) 2018 Koki Saitoh';
const TATOEBA_NOTICE = 'Sentence pairs from Tatoeba (tatoeba.org) via the manythings.org Anki export, licensed CC-BY 2.0 France; ' +
  'the attribution of every pair is listed in media/models/ATTRIBUTION.md';

interface Produced {
  id: string;
  task: Task;
  mechanism: Mechanism;
  epochs: number;
  stoppedBy: string;
  /** Per-epoch exact match on the data measured during training (date: the test set). */
  exactMatchPerEpoch: number[];
  exactMatch: number;
  tokenAccuracy: number;
  bleu: number;
  chrf: number;
  testPairs: number;
  /** en-ko: greedy decoding of a sample of training pairs (how well the model fits what it was taught). */
  fit?: { exactMatch: number; bleu: number; chrf: number; pairs: number };
  bytes: number;
  seconds: number;
  file: string;
}


function dataFile(name: string, dataDir: string | undefined): string | null {
  if (dataDir !== undefined) {
    const p = path.join(dataDir, name);
    return fs.existsSync(p) ? p : null;
  }
  return findDataFile(name);
}

function readPairs(file: string): Pair[] {
  return readDataset({ name: file, bytes: new Uint8Array(fs.readFileSync(file)) }, { maxSourceChars: 2000, maxTargetChars: 2000 }).pairs;
}

interface TrainPlan {
  config: ModelConfig;
  train: TrainConfig;
  pairs: Pair[];
  validation?: Pair[];
  test: Pair[];
  datasetName: string;
  /** Stop once the per-epoch exact match reaches this (date models). */
  target: number | null;
  label: string;
  /** Training pairs decoded after training to measure the fit (en-ko), besides the test pairs. */
  fitSample?: Pair[];
  /** What the per-epoch exact match is measured on, for the log. */
  epochData: string;
  describe(summary: TrainingSummary, test: EvaluationResult, fit: EvaluationResult | null): string;
  dataLicense: string;
  /** The model card (modelCards.ts): evaluated, calibrated and stored with the model. */
  card?(summary: TrainingSummary): CardPlan;
}

async function trainOne(job: Job, plan: TrainPlan, outDir: string, backendLog: (s: string) => void): Promise<Produced> {
  const started = performance.now();
  let reached = false;
  const { model, summary: raw } = await trainModel({
    config: plan.config, train: plan.train, pairs: plan.pairs, datasetName: plan.datasetName,
    ...(plan.validation ? { validation: plan.validation } : {}),
    hooks: {
      onEpoch(m) {
        backendLog(`${job.id}: epoch ${m.epoch}/${plan.train.epochs}: loss ${m.trainLoss.toFixed(4)}, ` +
          `exact match ${percent(m.exactMatch, 2)} (${plan.epochData}), ${m.examplesPerSecond.toFixed(0)} examples/s, ` +
          `${formatSeconds((performance.now() - started) / 1000)} so far`);
        if (plan.target !== null && m.exactMatch >= plan.target) reached = true;
      },
      isCancelled: () => reached,
    },
  });
  try {
    // Stopping at the target is this script's early stop, not a user's cancel.
    const summary: TrainingSummary = reached
      ? { ...raw, stoppedBy: 'early-stopping', notes: [...(raw.notes ?? []), `stopped when test exact match reached ${percent(plan.target ?? 0, 0)}`] }
      : raw;
    const test = evaluateModel(model, plan.test);
    const fit = plan.fitSample ? evaluateModel(model, plan.fitSample) : null;
    const file = path.join(outDir, `${job.id}.s2s`);
    const card = plan.card ? makeModelCard(model, plan.card(summary)).card : undefined;
    await saveModelFile(file, model, {
      id: job.id, label: plan.label, description: plan.describe(summary, test, fit), summary, dataLicense: plan.dataLicense,
      ...(card ? { card } : {}),
    });
    return {
      id: job.id, task: job.task, mechanism: job.mechanism, epochs: summary.epochs.length, stoppedBy: summary.stoppedBy,
      exactMatchPerEpoch: summary.epochs.map((e) => e.exactMatch), exactMatch: test.exactMatch, tokenAccuracy: test.tokenAccuracy, bleu: test.bleu, chrf: test.chrf, testPairs: test.examples,
      ...(fit ? { fit: { exactMatch: fit.exactMatch, bleu: fit.bleu, chrf: fit.chrf, pairs: fit.examples } } : {}),
      bytes: fs.statSync(file).size, seconds: (performance.now() - started) / 1000, file,
    };
  } finally {
    model.dispose();
  }
}

function dateFormatsDescription(s: TrainingSummary, heldOut: EvaluationResult, split: DateFormatSplit): string {
  const families = exactMatchByFamily(split.heldOut, heldOut.predictions);
  const lowest = families.reduce((a, b) => (b.exactMatch < a.exactMatch ? b : a));
  return 'Reads dates as people type them and writes them as YYYY-MM-DD, years 1900-2099: ISO (2019-01-20), compact (20190120), ' +
    'numeric with "/", "-" or "." (2019/1/20, 1/20/19, 20.01.2019), month names in any case (January 20, 2019; 20 jan 2019; 20JAN2019), ' +
    'weekdays (Sun 20 Jan 2019), ordinals (the 20th of January 2019) and Korean (2019년 1월 20일 일요일; 19. 1. 20.). ' +
    `${DATE_READING_RULE} ` +
    `${s.epochs.length} epoch${s.epochs.length === 1 ? '' : 's'} on ${split.train.length} generated questions; ` +
    `${percent(heldOut.exactMatch, 2)} exact match on ${heldOut.examples} held-out questions ` +
    `(${DATE_FORMAT_SPLIT.heldOutPerFamily} per format family, none of them a training question), lowest family ${lowest.family} ${percent(lowest.exactMatch, 1)}.`;
}

function attributionMarkdown(korEng: Pair[] | null, dateFromFile: boolean): string {
  const lines = [
    '# Data behind the shipped models',
    '',
    '## date-*.s2s',
    '',
    dateFromFile
      ? `Trained and tested on ${DATE_DATA_NOTICE}.`
      : 'Trained on dates generated by the project (src/shared/data/dateGenerator.ts); no third-party data.',
    '',
    ...(dateFromFile ? [
      '```',
      'MIT License',
      '',
      'Copyright (c) 2018 Koki Saitoh',
      '',
      'Permission is hereby granted, free of charge, to any person obtaining a copy',
      'of this software and associated documentation files (the "Software"), to deal',
      'in the Software without restriction, including without limitation the rights',
      'to use, copy, modify, merge, publish, distribute, sublicense, and/or sell',
      'copies of the Software, and to permit persons to whom the Software is',
      'furnished to do so, subject to the following conditions:',
      '',
      'The above copyright notice and this permission notice shall be included in all',
      'copies or substantial portions of the Software.',
      '',
      'THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR',
      'IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY,',
      'FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE',
      'AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER',
      'LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM,',
      'OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE',
      'SOFTWARE.',
      '```',
      '',
    ] : []),
    `## ${DATE_FORMAT_TASK}-*.s2s`,
    '',
    'Trained on dates generated by the project (src/shared/data/dateFormats.ts, dateFormatPairs.ts); no third-party data.',
    '',
    '## en-ko-*.s2s',
    '',
  ];
  if (!korEng) {
    lines.push('Not built in this run (kor-eng.tsv was not available).');
  } else {
    lines.push(
      'Trained on English-Korean sentence pairs from Tatoeba (https://tatoeba.org), exported by manythings.org,',
      'licensed under Creative Commons Attribution 2.0 France (CC-BY 2.0 FR,',
      'https://creativecommons.org/licenses/by/2.0/fr/). The models were derived from these sentences (trained on them);',
      'the sentences themselves are not included. Attribution of each pair (Tatoeba sentence numbers and contributors),',
      'in the order of the source file:',
      '',
    );
    for (const p of korEng) lines.push(`- ${(p.attribution ?? '(no attribution column)').replace(/^CC-BY 2\.0 \(France\) Attribution: /, '')}`);
  }
  return lines.join('\n') + '\n';
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      'only': { type: 'string' }, 'epochs': { type: 'string' }, 'target': { type: 'string' }, 'formats-epochs': { type: 'string' }, 'ko-epochs': { type: 'string' }, 'ko-vocab': { type: 'string' },
      'preset': { type: 'string' }, 'train-pairs': { type: 'string' }, 'data-dir': { type: 'string' }, 'out-dir': { type: 'string' },
      'backend': { type: 'string' }, 'seed': { type: 'string' }, 'json': { type: 'boolean' }, 'help': { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    process.stdout.write(HELP + '\n');
    return 0;
  }
  const int = (key: string, v: string | undefined, dflt: number): number => positiveInt(key, v) ?? dflt;
  const dateEpochs = int('epochs', values.epochs, 12);
  const formatsEpochs = int('formats-epochs', values['formats-epochs'], 6);
  const koEpochs = int('ko-epochs', values['ko-epochs'], 40);
  const koVocab = int('ko-vocab', values['ko-vocab'], 3400);
  const seed = values.seed === undefined ? 1984 : int('seed', values.seed, 1984);
  const trainPairs = values['train-pairs'] === undefined ? undefined : int('train-pairs', values['train-pairs'], 1);
  const target = values.target === undefined ? 0.99 : Number(values.target);
  if (!(target > 0 && target <= 1)) throw new Error(`--target expects a number in (0, 1]; got '${values.target}'`);
  const preset = (values.preset ?? 'small') as SizePreset;
  if (!(preset in SIZE_PRESETS)) throw new Error(`--preset must be one of ${Object.keys(SIZE_PRESETS).join(', ')}`);
  const backendName = values.backend ?? 'wasm';
  if (backendName !== 'wasm' && backendName !== 'cpu') throw new Error(`--backend must be wasm or cpu; got '${backendName}'`);
  let jobs = JOBS;
  if (values.only !== undefined) {
    const wanted = values.only.split(',').map((s) => s.trim()).filter((s) => s !== '');
    for (const w of wanted) {
      if (!JOBS.some((j) => j.id === w || j.task === w)) throw new Error(`--only: no model '${w}'; known: ${JOBS.map((j) => j.id).join(', ')}`);
    }
    jobs = JOBS.filter((j) => wanted.includes(j.id) || wanted.includes(j.task));
  }
  const outDir = path.resolve(values['out-dir'] ?? path.join(projectRoot(), 'media', 'models'));
  fs.mkdirSync(outDir, { recursive: true });
  const log = (s: string): void => {
    process.stderr.write(s + '\n');
  };
  const backend = await initBackend(backendName, undefined);
  log(`backend ${backend}; writing to ${outDir}`);

  const size = SIZE_PRESETS[preset].model;
  // Date data: the book's split when the files are there, else generated dates in the same formats.
  const dateTrainFile = dataFile('date-train.txt', values['data-dir']);
  const dateTestFile = dataFile('date-test.txt', values['data-dir']);
  const dateFromFile = dateTrainFile !== null && dateTestFile !== null;
  const korEngFile = dataFile('kor-eng.tsv', values['data-dir']);
  const korEng = korEngFile ? readPairs(korEngFile) : null;
  // For the model cards: a newer export's unseen sentences (en-ko held-out), another task's sources.
  const korEngNewerFile = dataFile('kor-eng-2023.tsv', values['data-dir']);
  const fraEngFile = dataFile('fra-eng.tsv', values['data-dir']);
  const fraEng = fraEngFile ? readPairs(fraEngFile) : [];
  if (jobs.some((j) => j.task === 'en-ko') && !korEng) throw new Error('kor-eng.tsv not found (give --data-dir); needed for the en-ko models');

  let dateTrain: Pair[] = [];
  let dateTest: Pair[] = [];
  if (jobs.some((j) => j.task === 'date')) {
    dateTrain = dateFromFile ? readPairs(dateTrainFile) : generateDatePairs(45000, seed);
    dateTest = dateFromFile ? readPairs(dateTestFile) : generateDatePairs(5000, seed + 1);
    if (trainPairs !== undefined) dateTrain = dateTrain.slice(0, trainPairs);
    log(`date data: ${dateFromFile ? `${dateTrainFile} / ${dateTestFile}` : 'generated'} (${dateTrain.length} train, ${dateTest.length} test)`);
  }
  let formats: DateFormatSplit | null = null;
  if (jobs.some((j) => j.task === DATE_FORMAT_TASK)) {
    formats = dateFormatSplit();
    if (trainPairs !== undefined) formats = { ...formats, train: formats.train.slice(0, trainPairs) };
    log(`${DATE_FORMAT_TASK} data: generated (${formats.train.length} train, ${formats.validation.length} validation, ${formats.heldOut.length} held-out)`);
  }
  let koTrain: Pair[] = [];
  let koTest: Pair[] = [];
  if (korEng) {
    const shuffled = shuffleInPlace([...korEng], mulberry32(seed));
    // A small held-out set: the model is a demonstration that fits the sentences it was taught.
    const nTest = Math.min(100, Math.round(shuffled.length * 0.05));
    koTest = shuffled.slice(0, nTest);
    koTrain = shuffled.slice(nTest);
    if (trainPairs !== undefined) koTrain = koTrain.slice(0, trainPairs);
  }

  const produced: Produced[] = [];
  for (const job of jobs) {
    let plan: TrainPlan;
    if (job.task === 'date') {
      plan = {
        config: makeModelConfig('date', job.mechanism, { ...DEFAULT_MODEL, ...size, reverseSource: true }),
        train: makeTrainConfig({ ...DEFAULT_TRAIN, epochs: dateEpochs, earlyStoppingPatience: 0, seed }),
        pairs: dateTrain, validation: dateTest, test: dateTest, target, epochData: 'test',
        datasetName: dateFromFile ? 'date-train.txt' : 'generated dates',
        label: `${MECHANISM_LABELS[job.mechanism]}: dates`,
        describe: (s, t) => `Rewrites dates written in many formats as YYYY-MM-DD (the book's chapter 8 task). ` +
          `${s.epochs.length} epoch${s.epochs.length === 1 ? '' : 's'} on ${dateTrain.length} questions; ` +
          `${percent(t.exactMatch, 2)} exact match on ${t.examples} test questions.`,
        dataLicense: dateFromFile ? DATE_DATA_NOTICE : 'generated dates (no third-party data)',
        ...(dateFromFile ? { card: () => dateCardPlan(dateTrain, dateTest, [
          ...(fraEng.length ? [{ data: 'fra-eng.tsv (English sentences)', sources: fraEng.map((p) => p.source) }] : []),
          ...(korEng ? [{ data: 'kor-eng.tsv (Korean sentences)', sources: korEng.map((p) => p.target) }] : []),
        ]) } : {}),
      };
    } else if (job.task === DATE_FORMAT_TASK && formats) {
      const split = formats;
      plan = {
        config: makeModelConfig(DATE_FORMAT_TASK, job.mechanism, { ...DEFAULT_MODEL, ...size, reverseSource: true }),
        train: makeTrainConfig({ ...DEFAULT_TRAIN, epochs: formatsEpochs, earlyStoppingPatience: 0, seed }),
        pairs: split.train, validation: split.validation, test: split.heldOut, epochData: 'validation',
        // Without attention 99.9 % takes more epochs than it is worth: the budget ends those runs (the best epoch is kept).
        target: hasAttention(job.mechanism) ? DATE_FORMATS_TARGET : null,
        datasetName: 'generated dates in the formats people type',
        label: `${MECHANISM_LABELS[job.mechanism]}: dates as people type them`,
        describe: (s, t) => dateFormatsDescription(s, t, split),
        dataLicense: 'generated dates (no third-party data)',
      };
    } else {
      plan = {
        config: makeModelConfig('en-ko', job.mechanism, {
          ...DEFAULT_MODEL, ...size, sourceTokenizer: 'word', targetTokenizer: 'word', reverseSource: true, maxSourceLength: 16, maxTargetLength: 16,
        }),
        // No early stop, no validation split: per-epoch exact match is measured on (up to) 500 training pairs and the
        // best of those epochs is kept. Held-out loss picks an early epoch that outputs one sentence for everything.
        train: makeTrainConfig({ ...DEFAULT_TRAIN, epochs: koEpochs, batchSize: 64, earlyStoppingPatience: 0, validationSplit: 0, maxVocabSize: koVocab, seed }),
        pairs: koTrain, test: koTest, target: null, fitSample: koTrain.slice(0, 500), epochData: 'training sample',
        datasetName: 'kor-eng.tsv',
        label: `${MECHANISM_LABELS[job.mechanism]}: English to Korean (small demonstration model)`,
        describe: (s, t, f) => `A small demonstration model, word level, English to Korean, trained on ${koTrain.length} Tatoeba sentence pairs ` +
          `(${s.epochs.length} epochs, epoch ${s.bestEpoch} kept). It reproduces some of the sentences it was trained on` +
          (f ? ` (${percent(f.exactMatch, 0)} exact, BLEU ${f.bleu.toFixed(1)}, chrF ${f.chrf.toFixed(1)} on ${f.examples} training pairs)` : '') +
          ` but does not generalise: on ${t.examples} unseen pairs BLEU ${t.bleu.toFixed(1)}, chrF ${t.chrf.toFixed(1)}. ` +
          `Rare words read as <unk>. Use it to see a word-level heatmap, not to translate.`,
        dataLicense: TATOEBA_NOTICE,
        card: (s) => enKoCardPlan({
          train: koTrain, heldOut: koTest, heldOutInTraining: sharedSentences(koTest, koTrain), trainedPairs: s.trainPairs,
          newer: korEngNewerFile && korEng ? unseenSentences(readPairs(korEngNewerFile), korEng) : null,
          outOfTask: [
            ...(dateTest.length ? [{ data: 'date-test.txt (dates)', sources: dateTest.map((p) => p.source) }] : []),
            ...(fraEng.length ? [{ data: 'fra-eng.tsv (French sentences)', sources: fraEng.map((p) => p.target) }] : []),
            { data: 'kor-eng.tsv (Korean sentences)', sources: (korEng ?? []).map((p) => p.target) },
          ],
        }),
      };
    }
    log(`${job.id}: training (${plan.config.embeddingSize}/${plan.config.hiddenSize}, up to ${plan.train.epochs} epochs)...`);
    const r = await trainOne(job, plan, outDir, log);
    produced.push(r);
    log(`${job.id}: wrote ${r.file} (${(r.bytes / 1024).toFixed(0)} KB), test exact match ${percent(r.exactMatch, 2)}, ${formatSeconds(r.seconds)}`);
  }
  fs.writeFileSync(path.join(outDir, 'ATTRIBUTION.md'), attributionMarkdown(korEng, dateFromFile));

  if (values.json) {
    process.stdout.write(JSON.stringify({ backend, outDir, models: produced }, null, 2) + '\n');
  } else {
    process.stdout.write(table(['model', 'mechanism', 'epochs', 'stopped', 'test exact', 'token acc', 'BLEU', 'chrF', 'test pairs',
      'train exact', 'train BLEU', 'train chrF', 'size', 'time'],
      produced.map((p) => [p.id, p.mechanism, String(p.epochs), p.stoppedBy, percent(p.exactMatch, 2), percent(p.tokenAccuracy, 2),
        p.bleu.toFixed(1), p.chrf.toFixed(1), String(p.testPairs),
        p.fit ? percent(p.fit.exactMatch, 1) : '-', p.fit ? p.fit.bleu.toFixed(1) : '-', p.fit ? p.fit.chrf.toFixed(1) : '-',
        `${(p.bytes / 1024).toFixed(0)} KB`, formatSeconds(p.seconds)])) + '\n');
  }
  return 0;
}

main().then((code) => {
  process.exitCode = code;
}, (e: unknown) => {
  process.stderr.write(`make-shipped-models: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exitCode = 1;
});
