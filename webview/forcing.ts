/**
 * Teacher forcing as a what-if: the user types (or picks, from a step's top tokens) the output the
 * decoder is fed, as a prefix or the whole output; the panel shows the forced run beside the free one,
 * each token's probability, the forced run's attention, and the first step where the two part.
 */
import type { ForceMode, TracedDecode } from '../src/shared/engine/traceTypes';
import type { DecodeResult, Mechanism } from '../src/shared/engine/types';
import { sequenceProbability } from '../src/shared/quality/confidence';
import { h, replaceChildren, uid } from './dom';
import { displayToken, formatProbability, spokenToken } from './format';
import { glossaryTerm } from './glossary';
import { renderHeatmap } from './heatmap';
import { t } from './l10n/strings';
import { announce } from './status';
import { requestTrace } from './traceRequests';

export interface ForcingOptions {
  entry: number;
  mechanism: Mechanism;
  /** The free-running output the card shows. */
  free(): DecodeResult;
}

export interface ForceRequest {
  target?: string;
  targetTokens?: string[];
  mode: ForceMode;
}

export interface Forcing {
  element: HTMLElement;
  /** Puts the shown output into the text box (the user edits it from there). */
  prefill(result: DecodeResult): void;
  run(request: ForceRequest): void;
}

/** The first step where the two token sequences differ (an end counts as a token), or null. */
export function firstParting(free: readonly string[], forced: readonly string[]): number | null {
  const n = Math.max(free.length, forced.length);
  for (let i = 0; i < n; i++) if (free[i] !== forced[i]) return i;
  return null;
}

/** A step's token as a screen reader says it; a run that has already ended says so. */
function spokenStep(token: string | undefined): string {
  return token === undefined ? t('force.end') : spokenToken(token);
}

export function renderForcing(opts: ForcingOptions): Forcing {
  const inputId = uid('force');
  const modeId = uid('force-mode');
  const input = h('input', { class: 'force-input', attrs: { id: inputId, type: 'text', spellcheck: 'false', autocomplete: 'off' } });
  const mode = h('select', { attrs: { id: modeId } },
    h('option', { attrs: { value: 'whole' } }, t('force.mode.whole')),
    h('option', { attrs: { value: 'prefix' } }, t('force.mode.prefix')));
  const result = h('div', { class: 'force-result', attrs: { 'aria-live': 'polite' } });
  const runButton = h('button', { attrs: { type: 'button' }, data: { focusKey: `force-run-${opts.entry}` }, on: { click: () => fromForm() } }, t('force.run'));
  input.addEventListener('keydown', (ev) => { if (ev.key === 'Enter') { ev.preventDefault(); fromForm(); } });
  const element = h('section', { class: 'forcing', attrs: { 'aria-label': t('force.heading') } },
    h('h4', {}, glossaryTerm('teacherForcing', t('force.heading'))),
    h('div', { class: 'force-form' },
      h('label', { attrs: { for: inputId } }, t('force.label')), input,
      h('label', { attrs: { for: modeId } }, t('force.mode')), mode, runButton),
    result);
  let generation = 0;

  function fromForm(): void {
    const text = input.value;
    if (text.trim() === '') {
      replaceChildren(result, h('p', { class: 'error-text', attrs: { role: 'alert' } }, t('force.empty')));
      return;
    }
    run({ target: text, mode: mode.value === 'prefix' ? 'prefix' : 'whole' });
  }

  function run(request: ForceRequest): void {
    const mine = ++generation;
    replaceChildren(result, h('p', { class: 'note' }, t('force.running')));
    requestTrace({ entry: opts.entry, ...request }).then((traced) => {
      if (mine === generation) show(traced);
    }, (error: Error) => {
      if (mine !== generation) return;
      replaceChildren(result, h('p', { class: 'error-text', attrs: { role: 'alert' } }, t('inspector.failed', error.message)));
    });
  }

  function show(traced: TracedDecode): void {
    const free = opts.free();
    const forced = traced.result;
    const freeTokens = free.finished ? [...free.output, '<eos>'] : free.output;
    const forcedSteps = traced.trace.steps;
    const forcedTokens = forcedSteps.map((s) => s.output);
    const parting = firstParting(freeTokens, forcedTokens);
    const tbody = h('tbody');
    const n = Math.max(freeTokens.length, forcedTokens.length);
    for (let i = 0; i < n; i++) {
      const f = freeTokens[i];
      const fp = i < free.output.length ? free.probabilities[i] : free.endProbability ?? NaN;
      const s = forcedSteps[i];
      const cell = (tok: string | undefined, p: number): HTMLElement => tok === undefined
        ? h('td', {}, '')
        : h('td', { attrs: { 'aria-label': `${spokenToken(tok)} ${formatProbability(p)}` } }, h('span', { class: 'tok' }, tok === '<eos>' ? t('force.end') : displayToken(tok)), ' ', h('span', { class: 'prob' }, formatProbability(p)));
      tbody.appendChild(h('tr', { class: i === parting ? 'parted' : undefined, data: { step: i } },
        h('th', {}, String(i + 1)),
        cell(f, fp),
        cell(s?.output, s?.probability ?? NaN),
        h('td', {}, s ? (s.forced ? t('force.byForce') : t('force.byModel')) : '')));
    }
    const parts: Node[] = [
      h('p', { class: 'force-summary' }, t('force.summary', forced.text, formatProbability(forced.sequenceProbability), formatProbability(sequenceProbability(free)))),
      h('p', { class: parting === null ? 'force-same' : 'force-parted', attrs: { role: 'status' } }, parting === null
        ? t('force.same')
        : t('force.parted', parting + 1, displayToken(freeTokens[parting] ?? t('force.end')), displayToken(forcedTokens[parting] ?? t('force.end')))),
      h('table', { class: 'mini force-compare' }, h('caption', {}, t('force.compare.caption')),
        h('thead', {}, h('tr', {}, h('th', {}, t('force.col.step')), h('th', {}, t('force.free')), h('th', {}, t('force.forced')), h('th', {}, t('force.col.fed')))),
        tbody),
    ];
    if (forced.attention) {
      parts.push(h('p', { class: 'label' }, t('force.attention')));
      parts.push(renderHeatmap({ entry: opts.entry, result: { ...forced, attention: forced.attention }, label: t('force.attention'), compact: true }).element);
    }
    replaceChildren(result, ...parts);
    announce(parting === null ? t('force.same') : t('force.parted', parting + 1, spokenStep(freeTokens[parting]), spokenStep(forcedTokens[parting])));
  }

  return {
    element,
    prefill(r: DecodeResult): void {
      if (input.value === '') input.value = r.text;
    },
    run,
  };
}
