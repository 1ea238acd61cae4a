/**
 * `seq2seq-attention calibrate`: decodes held-out pairs and chooses the low-confidence threshold (and the
 * fit test's limits) for a stated false-alarm rate; reports how many wrong outputs and out-of-task inputs
 * they catch, and with --write stores them in the model's card.
 */
import { calibrateModel, updateModelMeta } from '../../shared/engine/index';
import type { StatisticResult } from '../../shared/quality/confidence';
import type { CalibrateOptions } from '../args';
import { CliError, readDatasetFromDisk } from '../files';
import { percent, table } from '../format';
import { describeRead, note, out, printJson } from '../output';
import { loadModel, startBackend } from '../engineSetup';

function sources(file: string): string[] {
  const read = readDatasetFromDisk({ file, swap: false });
  note(describeRead(file, read));
  return read.pairs.map((p) => p.source);
}

const rate = (caught: number, of: number): string => (of ? `${caught} of ${of} (${percent(caught / of, 1)})` : 'none');

export async function runCalibrate(o: CalibrateOptions): Promise<number> {
  const heldOut = readDatasetFromDisk(o.data);
  note(describeRead(o.data.file, heldOut));
  if (heldOut.pairs.length === 0) throw new CliError(`'${o.data.file}' has no pairs to calibrate on`);
  let train: string[] | null = null;
  if (o.train) {
    const read = readDatasetFromDisk(o.train);
    note(describeRead(o.train.file, read));
    train = read.pairs.map((p) => p.source);
  }
  const outOfTask = o.outOfTask.map((file) => ({ data: file, sources: sources(file) }));
  await startBackend(o);
  const { model, info } = await loadModel(o.model, o, 'calibrate');
  try {
    const profile = info.card?.fit?.profile;
    if (!train && !profile) throw new CliError(`${info.id} has no fit profile in its card yet: give its training data with --train FILE`);
    const split = o.split ?? `the pairs of ${o.data.file}`;
    const started = performance.now();
    const report = calibrateModel(model, {
      heldOut: heldOut.pairs, heldOutData: `${heldOut.pairs.length} pairs of ${o.data.file} (${split})`,
      training: train ?? profile ?? [], outOfTask, outOfTaskMax: o.outOfTaskMax, confidenceRate: o.far, fitRate: o.fitFar,
    });
    const seconds = (performance.now() - started) / 1000;
    const accepted = report.pairs.filter((p) => p.accepted);
    const correct = accepted.filter((p) => p.correct).length;
    const c = report.confidence.calibration;
    if (o.write) {
      if (!info.card) throw new CliError(`${info.id} has no model card to store the calibration in; add one first with 'seq2seq-attention card ${o.model} --set card.json'`);
      await updateModelMeta(info.path, (meta) => {
        if (!meta.card) throw new CliError(`${info.id} has no model card`);
        return { ...meta, card: { ...meta.card, confidence: c, fit: report.fit, updated: new Date().toISOString().slice(0, 10) } };
      });
      note(`stored the calibration in the card of ${info.path}`);
    }
    if (o.json) {
      const { profile: _p, ...fit } = report.fit;
      printJson({
        model: { id: info.id, path: info.path }, data: o.data.file, seconds, pairs: report.pairs.length, accepted: accepted.length, correct,
        confidence: c, statistics: report.confidence.candidates, fit: { ...fit, profileGrams: Object.keys(report.fit.profile.grams).length },
        outOfTask: report.outOfTask, written: o.write,
      });
      return 0;
    }
    out(`${info.id} on ${o.data.file}: ${accepted.length} of ${report.pairs.length} pairs accepted, ${correct} correct (${percent(accepted.length ? correct / accepted.length : 0, 2)}), ${seconds.toFixed(1)} s`);
    out('');
    out(`Low confidence (target false-alarm rate ${percent(o.far, 1)}; threshold chosen on the even-numbered pairs, measured on the odd ones):`);
    const row = (name: string, r: StatisticResult | null): string[] => r
      ? [name, r.threshold.toFixed(4), `${percent(r.falseAlarmRate, 2)} of ${r.correct}`, rate(r.caught, r.wrong)]
      : [name, '-', '-', '-'];
    out(table(['statistic', 'threshold', 'false alarms', 'wrong outputs caught'], [
      row('min-token (weakest token)', report.confidence.candidates['min-token']),
      row('mean-token (geometric mean)', report.confidence.candidates['mean-token']),
    ]));
    if (c.calibrated) {
      out(`chosen: ${c.statistic}, threshold ${c.threshold.toFixed(4)}; tokens below p = ${c.tokenThreshold.toFixed(4)} are marked`);
      for (const t of c.outOfTask ?? []) out(`  ${t.data}: ${rate(t.caught, t.inputs)} flagged`);
    } else {
      out(`not calibrated: ${c.reason}`);
    }
    const f = report.fit;
    out('');
    out(`Fit test (target false-alarm rate ${percent(o.fitFar, 1)}): profile of ${f.profile.sentences} training sources ` +
      `(${Object.keys(f.profile.grams).length} n-grams); threshold ${f.threshold.toFixed(3)} nats per character, more than ` +
      `${percent(f.maxUnknownShare, 0)} unknown tokens fails`);
    out(`  in-task held-out inputs rejected: ${percent(f.falseAlarmRate, 2)} of ${f.inputs}`);
    for (const t of f.outOfTask ?? []) out(`  ${t.data}: ${rate(t.caught, t.inputs)} rejected`);
    if (!o.write) note('(not stored: add --write to put these in the model card)');
    return 0;
  } finally {
    model.dispose();
  }
}
