/** `seq2seq-attention translate`: output tokens, probabilities, alternatives and the attention matrix. */
import type { DecodeResult } from '../../shared/engine/index';
import type { ModelCard } from '../../shared/quality/card';
import { assessConfidence } from '../../shared/quality/confidence';
import { fitVerdict } from '../../shared/quality/fit';
import type { TranslateOptions } from '../args';
import { attentionGrid, percent, showToken, table } from '../format';
import { out, printJson } from '../output';
import { loadModel, startBackend } from '../engineSetup';
import { readStdinBounded } from '../files';

/** Standard input read for --stdin: many lines of text to translate, never a whole disk. */
const MAX_STDIN_BYTES = 16 * 1024 * 1024;

/** The card's warnings about one output: low confidence, and an input that does not fit the model. */
function warnings(input: string, r: DecodeResult, card: ModelCard | null | undefined): string[] {
  const out: string[] = [];
  const a = assessConfidence(r, card?.confidence);
  if (a.low && a.threshold !== null) {
    out.push(`low confidence: ${a.statistic === 'min-token' ? 'weakest token' : 'geometric mean'} p = ${a.value.toFixed(3)}, below the calibrated ${a.threshold.toFixed(3)}`);
  }
  if (card?.fit) {
    const unknown = r.sourceUnknown.length ? r.sourceUnknown.filter(Boolean).length / r.sourceUnknown.length : 0;
    const v = fitVerdict(card.fit, input, unknown);
    if (!v.fits) out.push(`does not fit this model: ${v.reason}`);
  }
  const unk = r.source.filter((_, i) => r.sourceUnknown[i]).map((t) => showToken(t.text));
  if (unk.length) out.push(`read as <unk>: ${unk.join(' ')}`);
  return out;
}

function describe(input: string, r: DecodeResult, card: ModelCard | null | undefined): string {
  const lines = [`input:  ${input}`, `output: ${r.text}${r.finished ? '' : '   (stopped at the length limit)'}`,
    ...warnings(input, r, card).map((w) => `        ! ${w}`), ''];
  lines.push(table(['step', 'token', 'p', 'alternatives'], r.output.map((t, i) => [
    String(i + 1), showToken(t), percent(r.probabilities[i] ?? 0),
    (r.topK[i] ?? []).filter((a) => a.token !== t).map((a) => `${showToken(a.token)} ${percent(a.probability)}`).join(', '),
  ])));
  lines.push('');
  lines.push(r.attention
    ? attentionGrid(r.source.map((s) => s.text), r.output, r.attention)
    : `(no attention matrix: ${r.mechanism} has no attention)`);
  return lines.join('\n');
}

export async function runTranslate(o: TranslateOptions): Promise<number> {
  const texts = [...o.texts];
  if (o.stdin) texts.push(...readStdinBounded(MAX_STDIN_BYTES).split(/\r?\n/).filter((l) => l.trim() !== ''));
  if (texts.length === 0) throw new Error('nothing to translate: the input is empty');
  const backend = await startBackend(o);
  const { model, info } = await loadModel(o.model, o, 'translate');
  try {
    const results = texts.map((input) => {
      const beam = model.translate(input, {
        modelId: info.id, beamWidth: o.beam, topK: o.topK, ...(o.lengthPenalty !== undefined ? { lengthPenalty: o.lengthPenalty } : {}),
      });
      return { input, best: beam.hypotheses[0], hypotheses: beam.hypotheses };
    });
    if (o.json) {
      printJson({
        model: { id: info.id, path: info.path, task: info.task, mechanism: info.mechanism }, backend,
        results: results.map((r) => ({ input: r.input, ...r.best, ...(o.beam > 1 ? { hypotheses: r.hypotheses } : {}) })),
      });
      return 0;
    }
    out(`${info.id} (${info.mechanism}, task ${info.task}), ${o.beam > 1 ? `beam ${o.beam}` : 'greedy'}, ${backend}`);
    for (const r of results) {
      out('');
      out(describe(r.input, r.best, info.card));
      if (r.hypotheses.length > 1) {
        out('');
        out(table(['rank', 'hypothesis', 'log p', 'score'], r.hypotheses.map((h, i) => [
          String(i + 1), h.text, h.logProb.toFixed(3), h.normalizedScore.toFixed(3),
        ])));
      }
    }
    return 0;
  } finally {
    model.dispose();
  }
}
