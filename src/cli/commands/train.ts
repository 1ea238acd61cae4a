/** `seq2seq-attention train`: read, train with per-epoch checkpoints, save, optionally evaluate on --test. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  MECHANISM_LABELS, OutputBusyError, acquireOutputLock, bestEpochOf, evaluateModel, saveModelFile, trainModel,
  type EpochMetrics, type ModelFileMeta, type TrainingSummary,
} from '../../shared/engine/index';
import type { Pair } from '../../shared/data/types';
import type { TrainOptions } from '../args';
import { CliError, MODEL_EXT, modelsDir, readDatasetFromDisk } from '../files';
import { formatSeconds, percent } from '../format';
import { clearProgress, describeRead, note, out, printJson, progress, stopOnCtrlC } from '../output';
import { startBackend } from '../engineSetup';

const EPOCH_HEADERS = ['epoch', 'train loss', 'val loss', 'token acc', 'exact match', 'examples/s', 'time'];

/** Fixed column widths, so rows printed one at a time as epochs finish line up under the header. */
const EPOCH_WIDTHS = [5, 10, 10, 9, 11, 10, 12];

export function epochLine(cells: string[]): string {
  return cells.map((c, i) => (i === cells.length - 1 ? c.padEnd(EPOCH_WIDTHS[i]) : c.padStart(EPOCH_WIDTHS[i]))).join('  ').trimEnd();
}

export function epochRow(m: EpochMetrics): string[] {
  return [String(m.epoch), m.trainLoss.toFixed(4), m.validationLoss.toFixed(4), percent(m.tokenAccuracy, 2),
    percent(m.exactMatch, 2), m.examplesPerSecond.toFixed(0), formatSeconds(m.seconds)];
}

/** The output file: --out (with .s2s added when it has no extension), else <models-dir>/<task>-<mechanism>.s2s. */
export function outputPath(o: TrainOptions): string {
  if (o.out === undefined) return path.join(modelsDir(o), `${o.model.task}-${o.model.mechanism}${MODEL_EXT}`);
  return path.resolve(path.extname(o.out) === '' ? o.out + MODEL_EXT : o.out);
}

function defaultLicense(pairs: readonly Pair[]): string | undefined {
  const first = pairs.find((p) => p.attribution);
  return first?.attribution
    ? `Trained on sentence pairs published with per-pair attribution (e.g. "${first.attribution}"); keep the attribution of the data set.`
    : undefined;
}

export async function runTrain(o: TrainOptions): Promise<number> {
  const read = readDatasetFromDisk(o.data);
  note(describeRead(o.data.file, read));
  const test = o.test ? readDatasetFromDisk(o.test) : undefined;
  if (o.test && test) note(describeRead(o.test.file, test));
  if (read.pairs.length < 2) throw new Error(`${o.data.file}: only ${read.pairs.length} usable pair; training needs at least 2`);

  const file = outputPath(o);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  // A second training into the same file would overwrite the first one's checkpoints: refused.
  let release: () => void;
  try {
    release = acquireOutputLock(file);
  } catch (e) {
    if (e instanceof OutputBusyError) throw new CliError(`${e.message} (use --out to train into another file)`);
    throw e;
  }
  try {
    return await trainWithLock(o, read, test, file);
  } finally {
    release();
  }
}

async function trainWithLock(o: TrainOptions, read: ReturnType<typeof readDatasetFromDisk>, test: ReturnType<typeof readDatasetFromDisk> | undefined, file: string): Promise<number> {
  const rawId = o.id ?? path.basename(file, path.extname(file));
  const id = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/.test(rawId) ? rawId : rawId.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^[^A-Za-z0-9]+/, 'm').slice(0, 100);
  const datasetName = path.basename(o.data.file);
  const label = o.label ?? `${MECHANISM_LABELS[o.model.mechanism]}, ${o.model.task}`;
  const dataLicense = o.dataLicense ?? defaultLicense(read.pairs);
  const meta = (description: string, summary: TrainingSummary | null): ModelFileMeta => ({
    id, label, description, summary, ...(dataLicense ? { dataLicense } : {}),
  });

  const backend = await startBackend(o);
  note(`training ${o.model.mechanism} (${o.model.cell} ${o.model.embeddingSize}/${o.model.hiddenSize}, ` +
    `${o.model.sourceTokenizer}->${o.model.targetTokenizer}, ${o.model.reverseSource ? 'reversed source' : 'source in order'}) ` +
    `for ${o.train.epochs} epoch${o.train.epochs === 1 ? '' : 's'}, batch ${o.train.batchSize}, lr ${o.train.learningRate}, ` +
    `seed ${o.train.seed}, on ${backend} -> ${file}`);

  // Ctrl-C: stop after the current batch and keep the last finished epoch; a second Ctrl-C exits at once.
  const ctrlC = stopOnCtrlC();

  const epochs: EpochMetrics[] = [];
  if (!o.json) out(`${epochLine(EPOCH_HEADERS)}\n${epochLine(EPOCH_WIDTHS.map((w) => '-'.repeat(w)))}`);
  let lastProgress = 0;
  let result: Awaited<ReturnType<typeof trainModel>>;
  try {
    result = await trainModel({
      config: o.model,
      train: o.train,
      pairs: read.pairs,
      ...(test ? { validation: test.pairs } : {}),
      datasetName,
      hooks: {
        onPlan: plan => note(plan),
        onBatch(p) {
          const now = Date.now();
          if (now - lastProgress < 200) return;
          lastProgress = now;
          progress(`epoch ${p.epoch}/${o.train.epochs}  batch ${p.batch + 1}/${p.batches}  loss ${p.loss.toFixed(4)}`);
        },
        async onEpoch(m, model) {
          clearProgress();
          epochs.push(m);
          const row = epochRow(m);
          if (o.json) note(`epoch ${m.epoch}: loss ${row[1]}, exact match ${row[4]}, ${row[5]} examples/s`);
          else out(epochLine(row));
          // The checkpoint: replaced by the final save; describes an interrupted run until then.
          await saveModelFile(file, model, meta(`checkpoint after epoch ${m.epoch} of ${o.train.epochs} on ${datasetName}`, {
            epochs: [...epochs], bestEpoch: bestEpochOf(epochs), stoppedBy: 'error',
            trainPairs: 0, validationPairs: 0, dataset: datasetName, seconds: 0, backend,
          }));
        },
        isCancelled: ctrlC.isCancelled,
      },
    });
  } finally {
    ctrlC.dispose();
    clearProgress();
  }
  const { model, summary } = result;
  try {
    if (summary.stoppedBy === 'cancelled' && summary.epochs.length === 0) {
      note('cancelled before the first epoch finished: nothing was saved');
      return 130;
    }
    const how = summary.stoppedBy === 'cancelled' ? `cancelled after epoch ${summary.epochs.length} of ${o.train.epochs}`
      : summary.stoppedBy === 'early-stopping' ? `stopped early after ${summary.epochs.length} epochs`
        : `${summary.epochs.length} epoch${summary.epochs.length === 1 ? '' : 's'}`;
    await saveModelFile(file, model, meta(`${MECHANISM_LABELS[o.model.mechanism]} trained on ${datasetName} (${how}, best epoch ${summary.bestEpoch})`, summary));
    const evaluation = test ? evaluateModel(model, test.pairs) : undefined;
    const size = fs.statSync(file).size;
    if (o.json) {
      printJson({
        model: { id, path: file, task: o.model.task, mechanism: o.model.mechanism, bytes: size },
        config: o.model, train: o.train, backend,
        dataset: { file: o.data.file, format: read.format, pairs: read.pairs.length, skipped: read.skipped, capped: read.capped.map(c => c.message) },
        summary,
        ...(evaluation ? { evaluation: { ...evaluation, predictions: undefined } } : {}),
      });
    } else {
      for (const n of summary.notes ?? []) note(`note: ${n}`);
      out(`\nsaved ${file} (${(size / 1024).toFixed(0)} KB): ${how}, best epoch ${summary.bestEpoch}, ${formatSeconds(summary.seconds)}`);
      if (evaluation) {
        out(`test ${o.test?.file}: exact match ${percent(evaluation.exactMatch, 2)}, token accuracy ${percent(evaluation.tokenAccuracy, 2)}, ` +
          `BLEU ${evaluation.bleu.toFixed(2)}, chrF ${evaluation.chrf.toFixed(2)} on ${evaluation.examples} pairs`);
      }
    }
    return summary.stoppedBy === 'cancelled' ? 130 : 0;
  } finally {
    model.dispose();
  }
}
