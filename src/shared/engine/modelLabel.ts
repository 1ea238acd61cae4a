/**
 * What a model's label (the name the user gives it, shown in Select Model, the panel and the hover) may
 * be: a single line of printable text, not empty, of bounded length. Checked where a label is asked for
 * (the training wizard, Rename Trained Model) and again in the worker before it reaches a file.
 */
import { coded, type CodedMessage } from '../messages/coded';

/** Long enough for "Bahdanau on my Korean-English subset, 20 epochs", short enough for a picker row. */
export const MAX_MODEL_LABEL_LENGTH = 80;

export type ModelLabelProblem = 'empty' | 'too-long' | 'control';

/** Why `label` cannot be a model's label, or null when it can (after trimming). */
export function modelLabelProblem(label: string): ModelLabelProblem | null {
  const trimmed = label.trim();
  if (trimmed === '') return 'empty';
  // Code points, so a Korean or emoji name is measured as the user sees it.
  if ([...trimmed].length > MAX_MODEL_LABEL_LENGTH) return 'too-long';
  // Line breaks, tabs and other control or bidirectional-override characters would garble the lists.
  if (/[\p{Cc}\u2028\u2029\u202a-\u202e\u2066-\u2069]/u.test(trimmed)) return 'control';
  return null;
}

/** The English reason (worker errors, logs); the host words it in the display language. */
export function modelLabelProblemText(problem: ModelLabelProblem): string {
  return modelLabelProblemMessage(problem).message;
}

/** The reason, coded. */
export function modelLabelProblemMessage(problem: ModelLabelProblem): CodedMessage {
  switch (problem) {
    case 'empty': return coded('label.empty');
    case 'too-long': return coded('label.tooLong', { max: MAX_MODEL_LABEL_LENGTH });
    case 'control': return coded('label.control');
  }
}
