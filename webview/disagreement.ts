/**
 * Where the compared models disagree, in words (pure). The positions come with the comparison view (computed
 * by `disagreements` in src/shared/metrics/attention.ts); these helpers describe them.
 */
import { displayToken } from './format';
import { t } from './l10n/strings';

export interface LabelledOutput {
  label: string;
  output: readonly string[];
}

/** The tokens each output has at `pos`, grouped: [["0", ["Bahdanau", "Luong (dot)"]], ["1", ["Baseline"]]]. */
export function tokensAt(outputs: readonly LabelledOutput[], pos: number): [string, string[]][] {
  const groups = new Map<string, string[]>();
  for (const o of outputs) {
    const tok = pos < o.output.length ? o.output[pos] : '';
    const labels = groups.get(tok) ?? [];
    labels.push(o.label);
    groups.set(tok, labels);
  }
  return [...groups.entries()];
}

/** How one position reads: "most say '9'; Baseline says '8'" or "A says '1'; B says '2'". */
export function describePosition(outputs: readonly LabelledOutput[], pos: number): string {
  const groups = tokensAt(outputs, pos).sort((a, b) => b[1].length - a[1].length);
  const say = (tok: string): string => (tok === '' ? t('summary.nothing') : `'${displayToken(tok)}'`);
  const parts: string[] = [];
  let rest = groups;
  if (groups.length > 1 && groups[0][1].length > 1 && groups[0][1].length > groups[1][1].length) {
    parts.push(t('summary.manySay', t('summary.count', groups[0][1].length), say(groups[0][0])));
    rest = groups.slice(1);
  }
  for (const [tok, labels] of rest) parts.push(t(labels.length === 1 ? 'summary.oneSays' : 'summary.manySay', labels.join(', '), say(tok)));
  return parts.join('; ');
}

/**
 * One summary line for the comparison view (also used as its status announcement), counting `noun`:
 * models (baseline and peeky are models, not mechanisms) or systems (attention files).
 */
export function disagreementSummary(outputs: readonly LabelledOutput[], disagreements: readonly number[], maxListed = 6, noun: 'models' | 'systems' = 'models'): string {
  const systems = noun === 'systems';
  if (outputs.length < 2) return t(systems ? 'summary.onlyOneSystem' : 'summary.onlyOneModel');
  if (disagreements.length === 0) return t(systems ? 'summary.sameSystems' : 'summary.sameModels', outputs.length);
  const longest = Math.max(...outputs.map((o) => o.output.length));
  const listed = disagreements.slice(0, maxListed).map((pos) => t('summary.position', pos + 1, describePosition(outputs, pos)));
  const more = disagreements.length > maxListed ? t('summary.more', disagreements.length - maxListed) : '';
  const n = disagreements.length;
  const id = longest === 1
    ? (systems ? 'summary.systemsDisagreeOne' : 'summary.modelsDisagreeOne')
    : (systems ? 'summary.systemsDisagree' : 'summary.modelsDisagree');
  return t(id, n, longest, `${listed.join('. ')}${more}`);
}
