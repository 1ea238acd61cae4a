/** `seq2seq-attention card`: show a model's card, or attach / update it without retraining. */
import * as fs from 'node:fs';
import { readModelInfo, updateModelMeta } from '../../shared/engine/index';
import { CardProblem, mergeModelCard } from '../../shared/quality/card';
import { cardMarkdown } from '../../shared/quality/cardMarkdown';
import type { CardOptions } from '../args';
import { CliError, resolveModel } from '../files';
import { storedId } from '../engineSetup';
import { note, out, printJson } from '../output';

function readJson(file: string): unknown {
  let text: string;
  try {
    text = file === '-' ? fs.readFileSync(0, 'utf8') : fs.readFileSync(file, 'utf8');
  } catch (e) {
    throw new CliError(`cannot read the card '${file}': ${e instanceof Error ? e.message : String(e)}`);
  }
  try {
    return JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (e) {
    throw new CliError(`the card '${file}' is not valid JSON: ${e instanceof Error ? e.message : String(e)}`);
  }
}

export async function runCard(o: CardOptions): Promise<number> {
  const found = resolveModel(o.model, o, storedId, 'card');
  if (o.set !== undefined) {
    const patch = readJson(o.set);
    try {
      await updateModelMeta(found.path, (meta) => ({ ...meta, card: mergeModelCard(meta.card ?? null, patch) }));
    } catch (e) {
      if (e instanceof CardProblem) throw new CliError(`the card '${o.set}' is invalid: ${e.message}`);
      throw e;
    }
    note(`updated the card of ${found.path}`);
  }
  const info = readModelInfo(found.path, found.shipped);
  if (o.json) printJson({ id: info.id, path: found.path, parameters: info.parameters, fileBytes: info.fileBytes, card: info.card ?? null });
  else out(cardMarkdown(info));
  return 0;
}
