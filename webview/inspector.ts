/**
 * The step inspector: for one output token, the notes' four steps of attention with the model's own
 * numbers (query, keys and scores, softmax weights, weighted sum), what was fed into the step, the
 * concatenation and the output distribution; for models without attention, the one context vector
 * (the bottleneck) and where it enters. The numbers come from a traced decode the host asks the worker
 * for once per shown output; moving between steps is local.
 */
import type { DecodeTrace, StepTrace, TracedDecode } from '../src/shared/engine/traceTypes';
import type { DecodeResult, Mechanism } from '../src/shared/engine/types';
import { h, replaceChildren, uid } from './dom';
import { displayToken, formatNumber, formatProbability, spokenToken } from './format';
import { renderForcing } from './forcing';
import { glossaryTerm, renderGlossary } from './glossary';
import type { InspectorStringId } from './l10n/inspectorStrings';
import { t } from './l10n/strings';
import { announce } from './status';
import { requestTrace } from './traceRequests';
import { norm, vectorBlock, vectorStrip } from './vectorStrip';

export interface InspectorOptions {
  entry: number;
  mechanism: Mechanism;
  /** The hypothesis the card shows now, and whether it is the greedy one (else the trace forces its tokens). */
  shown(): DecodeResult;
  isGreedy(): boolean;
  /** The user switched the shown order (encoder's: true); the card redraws its heatmap in it. */
  onOrder?(encoderOrder: boolean): void;
}

export interface Inspector {
  element: HTMLElement;
  /** Opens the inspector on output step `row` (0-based), asking for the numbers if needed. */
  open(row: number): void;
  /** Moves to `row` when the inspector is open (a focused heatmap cell). */
  follow(row: number): void;
}

/** For entries with nothing to inspect: an empty, hidden element and no-op actions. */
export function noInspector(): Inspector {
  return { element: h('section', { class: 'inspector', attrs: { hidden: true } }), open: () => undefined, follow: () => undefined };
}

const isLuong = (m: Mechanism): boolean => m.startsWith('luong');

export function renderInspector(opts: InspectorOptions): Inspector {
  const headingId = uid('insp');
  const heading = h('h3', { attrs: { id: headingId } });
  const body = h('div', { class: 'insp-body', attrs: { 'aria-live': 'polite' } });
  const prev = h('button', { class: 'secondary', attrs: { type: 'button' }, data: { focusKey: `insp-prev-${opts.entry}` }, on: { click: () => move(-1) } }, t('inspector.prev'));
  const next = h('button', { class: 'secondary', attrs: { type: 'button' }, data: { focusKey: `insp-next-${opts.entry}` }, on: { click: () => move(1) } }, t('inspector.next'));
  const close = h('button', { class: 'secondary', attrs: { type: 'button', 'aria-label': t('inspector.closeLabel') }, on: { click: () => hide() } }, t('inspector.close'));
  const forcing = renderForcing({ entry: opts.entry, mechanism: opts.mechanism, free: () => opts.shown() });
  const element = h('section', { class: 'inspector', attrs: { 'aria-labelledby': headingId, hidden: true }, data: { entry: opts.entry } },
    h('div', { class: 'insp-head' }, heading, h('div', { class: 'insp-nav' }, prev, next, close)),
    body, forcing.element,
    h('details', { class: 'insp-glossary' }, h('summary', {}, t('inspector.glossary')), renderGlossary()));
  let row = 0;
  let traced: TracedDecode | null = null;
  let tracedFor: DecodeResult | null = null;
  let loading: Promise<void> | null = null;
  let encoderOrder = false;

  function hide(): void {
    element.hidden = true;
  }

  function move(delta: number): void {
    if (!traced) return;
    const last = traced.trace.steps.length - 1;
    row = Math.max(0, Math.min(last, row + delta));
    draw();
  }

  function ensureTrace(): Promise<void> {
    const shown = opts.shown();
    if (traced && tracedFor === shown) return Promise.resolve();
    if (loading && tracedFor === shown) return loading;
    tracedFor = shown;
    traced = null;
    replaceChildren(body, h('p', { class: 'note' }, t('inspector.loading')));
    const request = opts.isGreedy() ? { entry: opts.entry } : { entry: opts.entry, targetTokens: shown.output, mode: 'whole' as const };
    loading = requestTrace(request).then((answer) => {
      if (tracedFor !== shown) return;
      traced = answer;
      loading = null;
      draw();
    }, (error: Error) => {
      if (tracedFor !== shown) return;
      loading = null;
      tracedFor = null;
      replaceChildren(body, h('p', { class: 'error-text', attrs: { role: 'alert' } }, t('inspector.failed', error.message)));
    });
    return loading;
  }

  function open(r: number): void {
    row = r;
    const wasHidden = element.hidden;
    element.hidden = false;
    // Opened from the output strip or the grid above: bring it into sight, without moving the keyboard.
    if (wasHidden) element.scrollIntoView({ block: 'nearest' });
    heading.textContent = t('inspector.heading', r + 1, displayToken(opts.shown().output[r] ?? ''));
    forcing.prefill(opts.shown());
    if (traced && tracedFor === opts.shown()) draw();
    else void ensureTrace();
  }

  function draw(): void {
    if (!traced) return;
    const steps = traced.trace.steps;
    row = Math.max(0, Math.min(steps.length - 1, row));
    const step = steps[row];
    heading.textContent = t('inspector.heading', row + 1, displayToken(step.output));
    prev.disabled = row === 0;
    next.disabled = row >= steps.length - 1;
    const parts: Node[] = [h('p', { class: 'note' }, t('inspector.source.note'))];
    const shown = opts.shown();
    if (traced.result.output.join('\u0000') !== shown.output.join('\u0000')) {
      parts.push(h('p', { class: 'note', attrs: { role: 'note' } }, t('inspector.mismatch', traced.result.text)));
    }
    parts.push(fedLine(step));
    if (traced.trace.reversed) parts.push(reversedLine(traced.trace));
    if (step.weights && step.scores && step.query && step.context) parts.push(...attentionSteps(traced.trace, step));
    else parts.push(bottleneck(traced.trace));
    parts.push(outputTable(step));
    replaceChildren(body, ...parts);
    announce(`${t('inspector.heading', row + 1, spokenToken(step.output))}`);
  }

  function fedLine(step: StepTrace): HTMLElement {
    const why = step.step === 0 ? t('inspector.fed.sos') : steps0Forced(step) ? t('inspector.fed.forced') : t('inspector.fed.previous');
    return h('p', { class: 'insp-fed' }, t('inspector.fed', displayToken(step.input), why));
  }

  /** Whether this step's input was forced: the previous step's output was. */
  function steps0Forced(step: StepTrace): boolean {
    return traced !== null && step.step > 0 && traced.trace.steps[step.step - 1].forced;
  }

  function reversedLine(trace: DecodeTrace): HTMLElement {
    const toggle = h('button', {
      class: 'secondary', attrs: { type: 'button', 'aria-pressed': encoderOrder ? 'true' : 'false' }, data: { focusKey: `insp-order-${opts.entry}` },
      on: { click: () => { encoderOrder = !encoderOrder; opts.onOrder?.(encoderOrder); draw(); } },
    }, encoderOrder ? t('inspector.order.toggle.user') : t('inspector.order.toggle.encoder'));
    const seen = [...trace.source].reverse().map(displayToken).join(' ');
    return h('p', { class: 'insp-reversed' }, glossaryTerm('reversed', '\u21c4'), ' ',
      t('inspector.reversed', seen, encoderOrder ? t('inspector.order.encoder') : t('inspector.order.user')), ' ', toggle);
  }

  function attentionSteps(trace: DecodeTrace, step: StepTrace): Node[] {
    const luong = isLuong(opts.mechanism);
    const weights = step.weights as number[];
    const scores = step.scores as number[];
    const order = trace.source.map((_, i) => i);
    if (encoderOrder && trace.reversed) order.reverse();
    const keyScale = Math.max(1e-9, ...trace.keys.flat().map((x) => Math.abs(x)));
    const rows = h('tbody');
    for (const i of order) {
      const w = weights[i];
      const bar = h('span', { class: 'bar', attrs: { 'aria-hidden': 'true' } });
      bar.style.setProperty('--w', String(Math.max(0, Math.min(1, w))));
      rows.appendChild(h('tr', { class: w === Math.max(...weights) ? 'top' : undefined, data: { col: i } },
        h('th', { class: 'tok', attrs: { 'aria-label': spokenToken(trace.source[i]) } }, displayToken(trace.source[i])),
        h('td', {}, vectorStrip(`h_${i + 1}`, trace.keys[i], keyScale)),
        h('td', { class: 'num' }, formatNumber(norm(trace.keys[i]), 2)),
        h('td', { class: 'num', data: { score: scores[i] } }, formatNumber(scores[i], 3)),
        h('td', { class: 'num', data: { weight: w } }, formatNumber(w, 3)),
        h('td', { class: 'bar-cell' }, bar)));
    }
    const sum = weights.reduce((a, b) => a + b, 0);
    const foot = h('tfoot', {}, h('tr', {}, h('th', {}, t('inspector.sum')), h('td', {}), h('td', {}), h('td', {}),
      h('td', { class: 'num' }, formatNumber(sum, 3)), h('td', {})));
    const table = h('table', { class: 'insp-keys' },
      h('caption', {}, t(`inspector.formula.${opts.mechanism}` as InspectorStringId)),
      h('thead', {}, h('tr', {}, h('th', {}, t('inspector.col.source')), h('th', {}, t('inspector.col.key')), h('th', {}, t('inspector.col.norm')),
        h('th', {}, glossaryTerm('score', t('inspector.col.score'))), h('th', {}, glossaryTerm('weight', t('inspector.col.weight'))), h('th', { class: 'bar-cell' }, ''))),
      rows, foot);
    const out: Node[] = [
      h('div', { class: 'insp-step' }, h('h4', {}, glossaryTerm('query', t('inspector.step1'))),
        h('p', { class: 'note' }, luong ? t('inspector.step1.luong') : t('inspector.step1.bahdanau')),
        vectorBlock(luong ? 's_t' : 's_{t\u22121}', step.query as number[])),
      h('div', { class: 'insp-step' }, h('h4', {}, glossaryTerm('key', t('inspector.step2'))),
        h('p', { class: 'note' }, t('inspector.step2.keys')), table),
      h('div', { class: 'insp-step' }, h('h4', {}, glossaryTerm('softmax', t('inspector.step3'))),
        h('p', { class: 'note' }, t('inspector.step3.formula', formatNumber(sum, 3)))),
      h('div', { class: 'insp-step' }, h('h4', {}, glossaryTerm('context', t('inspector.step4'))),
        h('p', { class: 'note' }, t('inspector.step4.formula')), vectorBlock('a_t', step.context as number[])),
    ];
    if (step.concat) {
      out.push(h('div', { class: 'insp-step' },
        h('p', { class: 'note' }, luong ? t('inspector.concat.luong', step.concat.length) : t('inspector.concat.bahdanau', step.concat.length)),
        vectorBlock(luong ? '[a_t; s_t]' : '[x_t; a_t]', step.concat)));
    }
    if (trace.inputFeeding) out.push(h('p', { class: 'note' }, t('inspector.inputFeeding')));
    return out;
  }

  function bottleneck(trace: DecodeTrace): HTMLElement {
    const entry = trace.contextEntry ?? 'initial-state';
    return h('div', { class: 'insp-step bottleneck', data: { contextEntry: entry } },
      h('h4', {}, glossaryTerm('context', t('inspector.bottleneck.heading'))),
      h('p', { class: 'bottleneck-flow', attrs: { 'aria-hidden': 'true' } },
        h('span', { class: 'flow-src' }, trace.source.map(displayToken).join(' ')), ' \u2192 ',
        h('span', { class: 'flow-box' }, t('inspector.flow.encoder')), ' \u2192 ',
        h('span', { class: 'flow-neck' }, `${trace.finalState.length}`), ' \u2192 ',
        h('span', { class: 'flow-box' }, t(`inspector.flow.decoder.${entry}` as InspectorStringId))),
      h('p', {}, t('inspector.bottleneck.text', trace.source.length, trace.finalState.length, formatNumber(norm(trace.finalState), 3))),
      h('p', {}, t(`inspector.bottleneck.${entry}` as InspectorStringId)),
      vectorBlock(t('inspector.bottleneck.vector'), trace.finalState));
  }

  function outputTable(step: StepTrace): HTMLElement {
    const tbody = h('tbody');
    step.top.forEach((a, k) => {
      const chosen = a.token === step.output;
      const bar = h('span', { class: 'bar', attrs: { 'aria-hidden': 'true' } });
      bar.style.setProperty('--w', String(Math.max(0, Math.min(1, a.probability))));
      const prefix = traced ? traced.trace.steps.slice(0, step.step).map((s) => s.output) : [];
      const force = chosen ? h('span', { class: 'note' }, t('inspector.output.chosen')) : h('button', {
        class: 'secondary force-alt',
        attrs: { type: 'button', 'aria-label': t('force.pickAlternativeLabel', spokenToken(a.token), step.step + 1) },
        data: { token: a.token },
        on: { click: () => forcing.run(a.token === '<eos>' ? { targetTokens: prefix, mode: 'whole' } : { targetTokens: [...prefix, a.token], mode: 'prefix' }) },
      }, t('force.pickAlternative', displayToken(a.token), step.step + 1));
      tbody.appendChild(h('tr', { class: chosen ? 'chosen' : undefined },
        h('td', {}, String(k + 1)),
        h('th', { class: 'tok', attrs: { 'aria-label': spokenToken(a.token) } }, displayToken(a.token)),
        h('td', { class: 'num' }, formatProbability(a.probability)),
        h('td', { class: 'bar-cell' }, bar),
        h('td', {}, force)));
    });
    return h('div', { class: 'insp-step' },
      h('table', { class: 'alt-table insp-top' }, h('caption', {}, glossaryTerm('probability', t('inspector.output'))),
        h('thead', {}, h('tr', {}, h('th', {}, '#'), h('th', {}, t('inspector.col.token')), h('th', {}, t('inspector.col.probability')), h('th', { class: 'bar-cell' }, ''), h('th', {}, ''))),
        tbody));
  }

  return {
    element,
    open,
    follow(r: number): void {
      if (!element.hidden) open(r);
    },
  };
}
