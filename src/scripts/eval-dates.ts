/**
 * Exact match per date-format family on the held-out generated dates of `dateFormatSplit` (their own seed;
 * no question that is also a training or validation question of the shipped date-format models), for the
 * shipped date models (the date-format task's and the book's six) or the models named.
 *
 * Run: npm run eval-dates -- [--model IDS] [--per-family N] [--models-dir DIR] [--show N] [--backend wasm|cpu] [--json]
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { percent, table } from '../cli/format';
import {
  DATE_FAMILIES, DATE_FAMILY_EXAMPLES, DATE_FORMAT_SPLIT, DATE_FORMAT_TASK, dateFormatSplit, exactMatchByFamily, type DatePair, type FamilyScore,
} from '../shared/data/index';
import { MECHANISMS, evaluateModel, initBackend, loadModelFile, readModelInfo, type ModelInfo } from '../shared/engine/index';
import { tokenizerFor, vocabKey } from '../shared/text/tokenizer';
import { projectRoot } from './projectRoot';

const HELP = `Usage: npm run eval-dates -- [options]

Exact match per format family on held-out generated dates (${DATE_FORMAT_SPLIT.heldOutPerFamily} per family, seed
${DATE_FORMAT_SPLIT.heldOutSeed}, none of them a training question of the date-format models).

  --model IDS         comma-separated model ids (file names in --models-dir without .s2s) or .s2s paths;
                      default: every model of the tasks '${DATE_FORMAT_TASK}' and 'date' in --models-dir
  --per-family N      held-out questions per family (default ${DATE_FORMAT_SPLIT.heldOutPerFamily})
  --models-dir DIR    default media/models of the project
  --show N            print up to N wrong answers per model (default 0)
  --backend wasm|cpu  default wasm
  --json              print the results as JSON`;

/** The tasks the default run covers, in this order: the date-format models, then the book's. */
const DEFAULT_TASKS = [DATE_FORMAT_TASK, 'date'];

interface ModelScore {
  id: string;
  task: string;
  mechanism: string;
  families: FamilyScore[];
  overall: number;
  /** Held-out questions with a character the model never saw (it reads them as <unk>; counted as they came out). */
  unreadable: number;
  wrong: { family: string; source: string; target: string; prediction: string }[];
}

function defaultModels(dir: string): ModelInfo[] {
  const infos = fs.readdirSync(dir).filter((f) => f.endsWith('.s2s')).map((f) => readModelInfo(path.join(dir, f), true))
    .filter((m) => DEFAULT_TASKS.includes(m.task));
  return infos.sort((a, b) => DEFAULT_TASKS.indexOf(a.task) - DEFAULT_TASKS.indexOf(b.task)
    || MECHANISMS.indexOf(a.mechanism) - MECHANISMS.indexOf(b.mechanism) || a.id.localeCompare(b.id));
}

function modelPath(idOrPath: string, dir: string): string {
  const file = idOrPath.endsWith('.s2s') ? path.resolve(idOrPath) : path.join(dir, `${idOrPath}.s2s`);
  if (!fs.existsSync(file)) throw new Error(`no model '${idOrPath}' (looked for ${file})`);
  return file;
}

async function score(file: string, heldOut: DatePair[], show: number): Promise<ModelScore> {
  const { model, info } = await loadModelFile(file);
  try {
    const tok = tokenizerFor(info.config.sourceTokenizer);
    const unreadable = heldOut.filter((p) => tok.tokenize(p.source).some((t) => !model.sourceVocab.has(vocabKey(info.config.sourceTokenizer, t.text)))).length;
    const { predictions } = evaluateModel(model, heldOut);
    const families = exactMatchByFamily(heldOut, predictions);
    const correct = families.reduce((s, f) => s + f.correct, 0);
    const wrong = heldOut.map((p, i) => ({ family: p.family, source: p.source, target: p.target, prediction: predictions[i] }))
      .filter((w) => w.prediction.trim() !== w.target).slice(0, show);
    return { id: info.id, task: info.task, mechanism: info.mechanism, families, overall: correct / heldOut.length, unreadable, wrong };
  } finally {
    model.dispose();
  }
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      'model': { type: 'string' }, 'per-family': { type: 'string' }, 'models-dir': { type: 'string' }, 'show': { type: 'string' },
      'backend': { type: 'string' }, 'json': { type: 'boolean' }, 'help': { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    process.stdout.write(HELP + '\n');
    return 0;
  }
  const count = (key: string, v: string | undefined, dflt: number, min: number): number => {
    if (v === undefined) return dflt;
    const n = Number(v);
    if (!Number.isInteger(n) || n < min) throw new Error(`--${key} expects an integer >= ${min}; got '${v}'`);
    return n;
  };
  const perFamily = count('per-family', values['per-family'], DATE_FORMAT_SPLIT.heldOutPerFamily, 1);
  const show = count('show', values.show, 0, 0);
  const backendName = values.backend ?? 'wasm';
  if (backendName !== 'wasm' && backendName !== 'cpu') throw new Error(`--backend expects wasm or cpu; got '${backendName}'`);
  const dir = path.resolve(values['models-dir'] ?? path.join(projectRoot(), 'media', 'models'));
  const files = values.model !== undefined
    ? values.model.split(',').map((s) => s.trim()).filter((s) => s !== '').map((m) => modelPath(m, dir))
    : defaultModels(dir).map((m) => m.path);
  if (files.length === 0) throw new Error(`no date models in ${dir}`);

  const backend = await initBackend(backendName, undefined);
  const { heldOut } = dateFormatSplit({ heldOutPerFamily: perFamily });
  const scores: ModelScore[] = [];
  for (const file of files) {
    process.stderr.write(`${path.basename(file)}...\n`);
    scores.push(await score(file, heldOut, show));
  }

  if (values.json) {
    process.stdout.write(JSON.stringify({ backend, heldOut: { perFamily, seed: DATE_FORMAT_SPLIT.heldOutSeed, pairs: heldOut.length }, models: scores }, null, 2) + '\n');
    return 0;
  }
  process.stdout.write(`Exact match per family, ${perFamily} held-out questions each (seed ${DATE_FORMAT_SPLIT.heldOutSeed}), ${backend}\n\n`);
  const rows = DATE_FAMILIES.map((family) => [family, DATE_FAMILY_EXAMPLES[family].join('; '),
    ...scores.map((s) => percent(s.families.find((f) => f.family === family)?.exactMatch ?? 0, 1))]);
  rows.push(['all', '', ...scores.map((s) => percent(s.overall, 1))]);
  process.stdout.write(table(['family', 'examples', ...scores.map((s) => s.id)], rows) + '\n');
  for (const s of scores.filter((x) => x.unreadable > 0)) {
    process.stdout.write(`\n${s.id}: ${s.unreadable} of ${heldOut.length} questions have characters it never saw (read as <unk>)`);
  }
  for (const s of scores.filter((x) => x.wrong.length > 0)) {
    process.stdout.write(`\n\n${s.id}, wrong answers:\n` + table(['family', 'question', 'expected', 'answer'], s.wrong.map((w) => [w.family, w.source, w.target, w.prediction])));
  }
  process.stdout.write('\n');
  return 0;
}

main().then((code) => {
  process.exitCode = code;
}, (e: unknown) => {
  process.stderr.write(`eval-dates: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exitCode = 1;
});
