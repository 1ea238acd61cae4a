/**
 * Reproduces figure 8-26 of "Deep Learning from Scratch 2": exact-match accuracy on the 5,000 test questions
 * of the date task after each epoch, for the seq2seq baseline, peeky seq2seq and seq2seq with attention,
 * all with reversed input and the same budget (epochs, sizes, batch, learning rate, seed).
 *
 * The book's setting is the default (--preset book: embedding 16, LSTM 256, batch 128, Adam 0.001, gradient
 * clipping 5, 10 epochs, on date-train.txt / date-test.txt, the book's split). Other presets use the
 * project's default training settings (batch 64, Adam 0.003).
 *
 * Between epoch ends the models are also measured every 1/N epoch (--evals-per-epoch, default 10) on the
 * first --eval-pairs test questions, so the curves share one x axis (epochs) at a finer grain than
 * epochs. --out FILE writes the curves as JSON and FILE's .svg chart (atomically).
 *
 * Run: node out/src/scripts/figure-8-26.js [--epochs N] [--preset P] [--mechanisms a,b,c] [--json] [--out F]
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { findDataFile } from '../cli/files';
import { formatSeconds, percent, table } from '../cli/format';
import { generateDatePairs, readDataset, type Pair } from '../shared/data/index';
import {
  BOOK_MODEL, BOOK_TRAIN, DEFAULT_MODEL, DEFAULT_TRAIN, MECHANISMS, SIZE_PRESETS, initBackend, makeModelConfig, makeTrainConfig,
  evaluateModel, trainModel, type Mechanism, type SizePreset,
} from '../shared/engine/index';
import { positiveInt } from './options';
import { writeFileAtomic } from '../shared/engine/modelFile';
import { isCheckpoint, progressOf, renderFigureSvg, type CurvePoint } from './figureChart';

const HELP = `Usage: node out/src/scripts/figure-8-26.js [options]

  --epochs N          epochs for every model (default 10, as in the book)
  --preset P          tiny | small | medium | book (default book: embedding 16, LSTM 256, batch 128, lr 0.001)
  --mechanisms LIST   default baseline,peeky,luong-dot (any of ${MECHANISMS.join(', ')})
  --train-pairs N     use only the first N training questions (quick runs; the book uses all 45,000)
  --test-pairs N      measure on the first N test questions (the book uses all 5,000)
  --data-dir DIR      folder with date-train.txt and date-test.txt (default: found in ., ./data or $SEQ2SEQ_DATA_DIR;
                      generated dates when absent)
  --backend wasm|cpu  default wasm
  --seed N            default 1984
  --evals-per-epoch N measure every 1/N epoch too (default 10; 1 = at epoch ends only)
  --eval-pairs N      test questions for the measurements between epoch ends (default 1000; epoch
                      ends always use the whole test set)
  --out FILE          write the curves as JSON to FILE and the chart to FILE with .svg
  --json              print the results as JSON`;

const LABELS: Partial<Record<Mechanism, string>> = { 'baseline': 'baseline', 'peeky': 'peeky', 'luong-dot': 'attention (luong-dot)', 'bahdanau': 'attention (bahdanau)' };

function readPairs(file: string): Pair[] {
  return readDataset({ name: file, bytes: new Uint8Array(fs.readFileSync(file)) }).pairs;
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      'epochs': { type: 'string' }, 'preset': { type: 'string' }, 'mechanisms': { type: 'string' }, 'train-pairs': { type: 'string' },
      'test-pairs': { type: 'string' }, 'data-dir': { type: 'string' }, 'backend': { type: 'string' }, 'seed': { type: 'string' },
      'json': { type: 'boolean' }, 'help': { type: 'boolean', short: 'h' },
      'evals-per-epoch': { type: 'string' }, 'eval-pairs': { type: 'string' }, 'out': { type: 'string' },
    },
  });
  if (values.help) {
    process.stdout.write(HELP + '\n');
    return 0;
  }
  const epochs = positiveInt('epochs', values.epochs) ?? 10;
  const seed = values.seed === undefined ? 1984 : Number(values.seed);
  if (!Number.isInteger(seed) || seed < 0) throw new Error(`--seed expects a non-negative integer; got '${values.seed}'`);
  const preset = (values.preset ?? 'book') as SizePreset;
  if (!(preset in SIZE_PRESETS)) throw new Error(`--preset must be one of ${Object.keys(SIZE_PRESETS).join(', ')}`);
  const mechanisms = (values.mechanisms ?? 'baseline,peeky,luong-dot').split(',').map((s) => s.trim()) as Mechanism[];
  for (const m of mechanisms) if (!MECHANISMS.includes(m)) throw new Error(`--mechanisms: unknown '${m}'; known: ${MECHANISMS.join(', ')}`);
  const backendName = values.backend ?? 'wasm';
  if (backendName !== 'wasm' && backendName !== 'cpu') throw new Error(`--backend must be wasm or cpu; got '${backendName}'`);

  const find = (name: string): string | null => {
    if (values['data-dir'] === undefined) return findDataFile(name);
    const p = path.join(values['data-dir'], name);
    return fs.existsSync(p) ? p : null;
  };
  const trainFile = find('date-train.txt');
  const testFile = find('date-test.txt');
  const fromFiles = trainFile !== null && testFile !== null;
  let train = fromFiles ? readPairs(trainFile) : generateDatePairs(45000, seed);
  let test = fromFiles ? readPairs(testFile) : generateDatePairs(5000, seed + 1);
  const trainPairs = positiveInt('train-pairs', values['train-pairs']);
  const testPairs = positiveInt('test-pairs', values['test-pairs']);
  if (trainPairs !== undefined) train = train.slice(0, trainPairs);
  if (testPairs !== undefined) test = test.slice(0, testPairs);

  const perEpoch = positiveInt('evals-per-epoch', values['evals-per-epoch']) ?? 10;
  const evalPairs = test.slice(0, positiveInt('eval-pairs', values['eval-pairs']) ?? 1000);
  const outFile = values.out;
  if (outFile !== undefined && !fs.existsSync(path.dirname(path.resolve(outFile)))) throw new Error(`--out: the folder of '${outFile}' does not exist`);

  const backend = await initBackend(backendName, undefined);
  const modelBase = preset === 'book' ? { ...BOOK_MODEL } : { ...DEFAULT_MODEL, ...SIZE_PRESETS[preset].model };
  const trainConfig = makeTrainConfig({ ...(preset === 'book' ? BOOK_TRAIN : DEFAULT_TRAIN), epochs, earlyStoppingPatience: 0, seed });
  const log = (s: string): void => {
    process.stderr.write(s + '\n');
  };
  log(`figure 8-26 on ${backend}: ${fromFiles ? `${trainFile} / ${testFile}` : 'generated dates'} (${train.length} train, ${test.length} test), ` +
    `preset ${preset} (embedding ${modelBase.embeddingSize}, ${modelBase.cell.toUpperCase()} ${modelBase.hiddenSize}), ` +
    `batch ${trainConfig.batchSize}, lr ${trainConfig.learningRate}, ${epochs} epochs, reversed input`);

  const results: Record<string, { exactMatch: number[]; tokenAccuracy: number[]; seconds: number; examplesPerSecond: number; curve: CurvePoint[] }> = {};
  for (const mechanism of mechanisms) {
    const started = performance.now();
    const exact: number[] = [];
    const token: number[] = [];
    const speeds: number[] = [];
    const curve: CurvePoint[] = [];
    const { model } = await trainModel({
      config: makeModelConfig('date', mechanism, { ...modelBase, reverseSource: true }),
      train: trainConfig, pairs: train, validation: test, datasetName: 'date-train.txt',
      hooks: {
        onBatch(p, current) {
          // The epoch's end is measured on the whole test set in onEpoch.
          if (perEpoch > 1 && p.batch + 1 < p.batches && isCheckpoint(p.batch, p.batches, perEpoch)) {
            curve.push({ x: progressOf(p.epoch, p.batch, p.batches), y: evaluateModel(current, evalPairs).exactMatch });
          }
        },
        onEpoch(m) {
          curve.push({ x: m.epoch, y: m.exactMatch });
          exact.push(m.exactMatch);
          token.push(m.tokenAccuracy);
          speeds.push(m.examplesPerSecond);
          log(`${mechanism}: epoch ${m.epoch}/${epochs}: test exact match ${percent(m.exactMatch, 2)}, loss ${m.trainLoss.toFixed(4)}, ` +
            `${m.examplesPerSecond.toFixed(0)} examples/s, ${formatSeconds((performance.now() - started) / 1000)} so far`);
        },
      },
    });
    model.dispose();
    results[mechanism] = {
      exactMatch: exact, tokenAccuracy: token, seconds: (performance.now() - started) / 1000,
      examplesPerSecond: speeds.reduce((a, b) => a + b, 0) / Math.max(1, speeds.length),
      curve,
    };
  }

  const report = {
    backend, preset, epochs, evalsPerEpoch: perEpoch, evalPairs: evalPairs.length, data: fromFiles ? { train: trainFile, test: testFile } : 'generated',
    trainPairs: train.length, testPairs: test.length, model: modelBase, train: trainConfig, results,
  };
  if (outFile !== undefined) {
    const svgFile = outFile.replace(/\.json$/i, '') + '.svg';
    await writeFileAtomic(outFile, new TextEncoder().encode(JSON.stringify(report, null, 2) + '\n'));
    await writeFileAtomic(svgFile, new TextEncoder().encode(renderFigureSvg(
      mechanisms.map((m) => ({ label: LABELS[m] ?? m, points: results[m].curve })),
      { title: `Figure 8-26: exact match on the date task (preset ${preset}, reversed input)`, epochs })));
    log(`wrote ${outFile} and ${svgFile}`);
  }

  if (values.json) {
    process.stdout.write(JSON.stringify(report, null, 2) + '\n');
    return 0;
  }
  const rows = Array.from({ length: epochs }, (_, e) => [String(e + 1), ...mechanisms.map((m) => {
    const v = results[m].exactMatch[e];
    return v === undefined ? '-' : percent(v, 2);
  })]);
  process.stdout.write(`Test exact match per epoch (${test.length} questions, reversed input, preset ${preset}, ${backend})\n`);
  process.stdout.write(table(['epoch', ...mechanisms.map((m) => LABELS[m] ?? m)], rows) + '\n\n');
  process.stdout.write(table(['model', 'train time', 'examples/s'], mechanisms.map((m) => [
    LABELS[m] ?? m, formatSeconds(results[m].seconds), results[m].examplesPerSecond.toFixed(0),
  ])) + '\n');
  return 0;
}

main().then((code) => {
  process.exitCode = code;
}, (e: unknown) => {
  process.stderr.write(`figure-8-26: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exitCode = 1;
});
