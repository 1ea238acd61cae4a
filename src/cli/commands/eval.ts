/** `seq2seq-attention eval`: greedy decoding of a dataset, with exact match, token accuracy, BLEU and chrF. */
import { evaluateModel } from '../../shared/engine/index';
import type { EvalOptions } from '../args';
import { readDatasetFromDisk } from '../files';
import { percent, table } from '../format';
import { describeRead, note, out, printJson } from '../output';
import { loadModel, startBackend } from '../engineSetup';

export async function runEval(o: EvalOptions): Promise<number> {
  const read = readDatasetFromDisk(o.data);
  note(describeRead(o.data.file, read));
  const backend = await startBackend(o);
  const { model, info } = await loadModel(o.model, o, 'eval');
  try {
    const started = performance.now();
    const r = evaluateModel(model, read.pairs, o.batch !== undefined ? { batchSize: o.batch } : {});
    const seconds = (performance.now() - started) / 1000;
    // Wrong predictions are the instructive ones; show those first, then right ones.
    const samples = read.pairs.map((p, i) => ({ line: p.line, source: p.source, reference: p.target, prediction: r.predictions[i] ?? '' }))
      .map((s) => ({ ...s, correct: s.prediction.trim() === s.reference.trim() }));
    const shown = [...samples.filter((s) => !s.correct), ...samples.filter((s) => s.correct)].slice(0, o.show);
    if (o.json) {
      printJson({
        model: { id: info.id, path: info.path, task: info.task, mechanism: info.mechanism },
        data: o.data.file, backend, seconds,
        exactMatch: r.exactMatch, tokenAccuracy: r.tokenAccuracy, bleu: r.bleu, chrf: r.chrf, examples: r.examples,
        skipped: read.skipped, samples: shown,
      });
      return 0;
    }
    out(`${info.id} (${info.mechanism}, task ${info.task}) on ${o.data.file}, ${backend}, ${seconds.toFixed(1)} s`);
    out(table(['metric', 'value'], [
      ['exactMatch', percent(r.exactMatch, 2)],
      ['tokenAccuracy', percent(r.tokenAccuracy, 2)],
      ['bleu', r.bleu.toFixed(2)],
      ['chrf', r.chrf.toFixed(2)],
      ['examples', String(r.examples)],
    ]));
    if (shown.length > 0) {
      out('');
      out(table(['line', 'ok', 'source', 'reference', 'prediction'],
        shown.map((s) => [String(s.line), s.correct ? 'yes' : 'no', s.source, s.reference, s.prediction])));
    }
    return 0;
  } finally {
    model.dispose();
  }
}
