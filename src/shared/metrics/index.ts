/**
 * Evaluation metrics: exact match, token accuracy, corpus BLEU, chrF and attention diagnostics.
 * Pure TypeScript (no tfjs): the engine, the CLI, the worker and the host all share it.
 *
 * BLEU and chrF are ports of sacreBLEU 2.x with its default settings, so scores compare with published ones:
 * - BLEU: tokenizer `13a` (mteval-v13a), 4-gram, case-sensitive, `smooth_method='exp'` (sacreBLEU's
 *   default for corpus BLEU: NIST / mteval-v13a smoothing, "method 3" of Chen & Cherry 2014: the k-th
 *   n-gram order with zero matches gets precision 1 / (2^k * total) instead of 0), no effective order,
 *   brevity penalty from the closest reference length (ties: the shorter). Signature
 *   `nrefs:1|case:mixed|eff:no|tok:13a|smooth:exp|version:2.x`.
 * - chrF: character n-grams up to 6, beta 2, whitespace removed, no word n-grams, and sacreBLEU's default
 *   "effective order" averaging (eps_smoothing=False): precision and recall are averaged over the orders
 *   both sides have, then combined into one F-beta. Statistics are summed over the corpus first.
 * Strings are handled as Unicode code points (like Python's `str`), so Korean and emoji count correctly.
 */

// ---------------------------------------------------------------------------------------------- accuracy

/** Share of hypotheses equal to their reference (string equality after trimming the ends), in [0, 1]. */
export function exactMatch(hyps: readonly string[], refs: readonly string[]): number {
  checkSameLength(hyps.length, refs.length);
  if (refs.length === 0) return 0;
  let hits = 0;
  for (let i = 0; i < refs.length; i++) if (hyps[i].trim() === refs[i].trim()) hits++;
  return hits / refs.length;
}

/**
 * Position-wise token accuracy over the reference tokens, in [0, 1]: reference token i of sentence s counts
 * as right when the hypothesis has the same token at position i. A hypothesis that is too short loses the
 * missing positions; extra hypothesis tokens do not add to the denominator. 0 when there are no tokens.
 */
export function tokenAccuracy(hyp: readonly (readonly string[])[], ref: readonly (readonly string[])[]): number {
  checkSameLength(hyp.length, ref.length);
  let right = 0;
  let total = 0;
  for (let s = 0; s < ref.length; s++) {
    const r = ref[s];
    const h = hyp[s];
    total += r.length;
    for (let i = 0; i < r.length; i++) if (i < h.length && h[i] === r[i]) right++;
  }
  return total === 0 ? 0 : right / total;
}

function checkSameLength(hyps: number, refs: number): void {
  if (hyps !== refs) throw new Error(`metrics: ${hyps} hypotheses but ${refs} references`);
}

// ---------------------------------------------------------------------------------------------- 13a

/** Python's `str.split()` / `str.strip()` white space (differs from JS `\s`: adds \x1c-\x1f and \x85, not \ufeff). */
const PY_SPACE = '\\t\\n\\v\\f\\r\\x1c-\\x1f \\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000';
const PY_SPLIT = new RegExp(`[${PY_SPACE}]+`);
const PY_RSTRIP = new RegExp(`[${PY_SPACE}]+$`);

/** Python-style `line.split()`: no empty tokens. */
function pySplit(line: string): string[] {
  return line.split(PY_SPLIT).filter((t) => t.length > 0);
}

/**
 * sacreBLEU's TokenizerRegexp, in order. The first class is `[\{-\~\[-\` -\&\(-\+\:-\@\/]`:
 * `{|}~`, `[\]^_\``, space to `&`, `(` to `+`, `:` to `@`, and `/` (so `'`, `-`, `.`, `,` and digits are not in it).
 */
const RE_13A: [RegExp, string][] = [
  [/([{-~\[-` -&(-+:-@\/])/g, ' $1 '],
  // period and comma unless preceded by a digit
  [/([^0-9])([.,])/g, '$1 $2 '],
  // period and comma unless followed by a digit
  [/([.,])([^0-9])/g, ' $1 $2'],
  // dash when preceded by a digit
  [/([0-9])(-)/g, '$1 $2 '],
];

/** sacreBLEU's `13a` tokenizer (mteval-v13a): returns the tokenised line, tokens separated by one space. */
export function tokenize13a(input: string): string {
  let line = input.split('<skipped>').join('').split('-\n').join('').split('\n').join(' ');
  if (line.includes('&')) {
    line = line.split('&quot;').join('"').split('&amp;').join('&').split('&lt;').join('<').split('&gt;').join('>');
  }
  line = ` ${line} `;
  for (const [re, repl] of RE_13A) line = line.replace(re, repl);
  return pySplit(line).join(' ');
}

// ---------------------------------------------------------------------------------------------- BLEU

export interface BleuResult {
  /** 0..100. */
  score: number;
  /** n-gram precisions for n = 1..4, 0..100 (after smoothing). */
  precisions: number[];
  brevityPenalty: number;
  hypLength: number;
  refLength: number;
}

const MAX_ORDER = 4;

/** All n-grams of orders 1..maxOrder of a token list, counted; keys join tokens with U+0001. */
function wordNgrams(tokens: readonly string[], maxOrder: number): Map<string, { n: number; count: number }> {
  const grams = new Map<string, { n: number; count: number }>();
  for (let n = 1; n <= maxOrder; n++) {
    for (let i = 0; i + n <= tokens.length; i++) {
      const key = tokens.slice(i, i + n).join('\u0001');
      const g = grams.get(key);
      if (g) g.count++;
      else grams.set(key, { n, count: 1 });
    }
  }
  return grams;
}

/** sacreBLEU's `my_log`: log(0) is a huge negative number rather than -Infinity. */
function myLog(x: number): number {
  return x === 0 ? -9999999999 : Math.log(x);
}

/** Corpus BLEU with one reference per hypothesis (see the file comment for the exact settings). */
export function corpusBleu(hyps: readonly string[], refs: readonly string[]): BleuResult {
  return corpusBleuMultiRef(hyps, [refs]);
}

/**
 * Corpus BLEU with several reference streams, sacreBLEU's layout: `refStreams[k][i]` is the k-th reference of
 * hypothesis i. Reference n-gram counts are the maximum over references; the reference length is the closest.
 */
export function corpusBleuMultiRef(hyps: readonly string[], refStreams: readonly (readonly string[])[]): BleuResult {
  if (refStreams.length === 0) throw new Error('metrics: no reference stream');
  for (const stream of refStreams) checkSameLength(hyps.length, stream.length);
  const correct = new Array<number>(MAX_ORDER).fill(0);
  const total = new Array<number>(MAX_ORDER).fill(0);
  let sysLen = 0;
  let refLen = 0;
  for (let i = 0; i < hyps.length; i++) {
    const refNgrams = new Map<string, number>();
    const refLens: number[] = [];
    for (const stream of refStreams) {
      const tokens = pySplit(tokenize13a(stream[i].replace(PY_RSTRIP, '')));
      refLens.push(tokens.length);
      for (const [key, g] of wordNgrams(tokens, MAX_ORDER)) refNgrams.set(key, Math.max(refNgrams.get(key) ?? 0, g.count));
    }
    const hypTokens = pySplit(tokenize13a(hyps[i].replace(PY_RSTRIP, '')));
    sysLen += hypTokens.length;
    refLen += closestRefLength(hypTokens.length, refLens);
    for (const [key, g] of wordNgrams(hypTokens, MAX_ORDER)) {
      total[g.n - 1] += g.count;
      const r = refNgrams.get(key);
      if (r !== undefined) correct[g.n - 1] += Math.min(g.count, r);
    }
  }
  return bleuFromStatistics(correct, total, sysLen, refLen);
}

function closestRefLength(hypLen: number, refLens: readonly number[]): number {
  let closestDiff = -1;
  let closestLen = -1;
  for (const len of refLens) {
    const diff = Math.abs(hypLen - len);
    if (closestDiff === -1 || diff < closestDiff) {
      closestDiff = diff;
      closestLen = len;
    } else if (diff === closestDiff && len < closestLen) {
      closestLen = len;
    }
  }
  return closestLen;
}

/** sacreBLEU's `compute_bleu` with smooth_method='exp', effective_order=False. */
export function bleuFromStatistics(correct: readonly number[], total: readonly number[], sysLen: number, refLen: number): BleuResult {
  let brevityPenalty = 1;
  if (sysLen < refLen) brevityPenalty = sysLen > 0 ? Math.exp(1 - refLen / sysLen) : 0;
  const precisions = new Array<number>(MAX_ORDER).fill(0);
  const result = (score: number): BleuResult => ({ score, precisions, brevityPenalty, hypLength: sysLen, refLength: refLen });
  if (!correct.some((c) => c > 0)) return result(0);
  let smoothMteval = 1;
  for (let n = 1; n <= MAX_ORDER; n++) {
    if (total[n - 1] === 0) break;
    if (correct[n - 1] === 0) {
      smoothMteval *= 2;
      precisions[n - 1] = 100 / (smoothMteval * total[n - 1]);
    } else {
      precisions[n - 1] = (100 * correct[n - 1]) / total[n - 1];
    }
  }
  const logSum = precisions.reduce((s, p) => s + myLog(p), 0);
  return result(brevityPenalty * Math.exp(logSum / MAX_ORDER));
}

// ---------------------------------------------------------------------------------------------- chrF

const CHRF_ORDER = 6;
const CHRF_BETA = 2;

/** Character n-gram counts of orders 1..maxOrder, white space removed, by code point. */
function charNgrams(line: string, maxOrder: number): Map<string, number>[] {
  const chars = Array.from(pySplit(line).join(''));
  const out: Map<string, number>[] = [];
  for (let n = 1; n <= maxOrder; n++) {
    const m = new Map<string, number>();
    for (let i = 0; i + n <= chars.length; i++) {
      const key = chars.slice(i, i + n).join('');
      m.set(key, (m.get(key) ?? 0) + 1);
    }
    out.push(m);
  }
  return out;
}

/** [hyp, ref, match] per order, flattened, like sacreBLEU's statistics. */
function chrfSegmentStatistics(hyp: string, ref: string): number[] {
  const h = charNgrams(hyp, CHRF_ORDER);
  const r = charNgrams(ref, CHRF_ORDER);
  const stats: number[] = [];
  for (let n = 0; n < CHRF_ORDER; n++) {
    let nHyp = 0;
    let nRef = 0;
    let nMatch = 0;
    for (const c of h[n].values()) nHyp += c;
    for (const c of r[n].values()) nRef += c;
    for (const [k, c] of h[n]) {
      const rc = r[n].get(k);
      if (rc !== undefined) nMatch += Math.min(c, rc);
    }
    // sacreBLEU: "don't count hits if no reference exists for that n-gram" order.
    stats.push(r[n].size > 0 ? nHyp : 0, nRef, nMatch);
  }
  return stats;
}

/** sacreBLEU's `_compute_f_score` with eps_smoothing=False (its default). */
function chrfFromStatistics(stats: readonly number[]): number {
  const factor = CHRF_BETA ** 2;
  let avgPrec = 0;
  let avgRec = 0;
  let effectiveOrder = 0;
  for (let i = 0; i < CHRF_ORDER; i++) {
    const [nHyp, nRef, nMatch] = stats.slice(3 * i, 3 * i + 3);
    if (nHyp > 0 && nRef > 0) {
      avgPrec += nMatch / nHyp;
      avgRec += nMatch / nRef;
      effectiveOrder++;
    }
  }
  if (effectiveOrder === 0) return 0;
  avgPrec /= effectiveOrder;
  avgRec /= effectiveOrder;
  if (avgPrec + avgRec === 0) return 0;
  return (100 * (1 + factor) * avgPrec * avgRec) / (factor * avgPrec + avgRec);
}

/** Corpus chrF (n = 6, beta = 2, sacreBLEU defaults), 0..100. */
export function chrF(hyps: readonly string[], refs: readonly string[]): number {
  checkSameLength(hyps.length, refs.length);
  const sums = new Array<number>(3 * CHRF_ORDER).fill(0);
  for (let i = 0; i < hyps.length; i++) {
    const stats = chrfSegmentStatistics(hyps[i], refs[i]);
    for (let k = 0; k < sums.length; k++) sums[k] += stats[k];
  }
  return chrfFromStatistics(sums);
}
