/**
 * `seq2seq-attention`: the command line of the engine. Bundled by `npm run build:cli` to `dist/cli.js`.
 * Exit codes: 0 success, 1 a failure the message explains, 2 a bad command line, 130 interrupted.
 */
import { printableText } from '../shared/text/printable';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { isGradientHelperThread } from '../shared/engine/parallel/gradientHelper';
import { parseCommandLine, UsageError, type Command } from './args';
import { runCalibrate } from './commands/calibrate';
import { runCard } from './commands/card';
import { runEval } from './commands/eval';
import { runModels } from './commands/models';
import { runTrain } from './commands/train';
import { runTranslate } from './commands/translate';
import { runView } from './commands/view';
import { HELP } from './help';
import { note, out } from './output';

declare const CLI_VERSION: string | undefined;
declare const SEQ2SEQ_BUNDLE: boolean | undefined;

/**
 * `bench`, `bench learn` and `bench peers` run the benchmark's own file (dist/bench.js beside this bundle; bench/main.js
 * when unbundled) in a child process with this command line: its code stays out of this bundle.
 */
function runBenchmark(argv: string[]): Promise<number> {
  const file = typeof SEQ2SEQ_BUNDLE !== 'undefined' && SEQ2SEQ_BUNDLE ? path.join(__dirname, 'bench.js') : path.join(__dirname, 'bench', 'main.js');
  if (!fs.existsSync(file)) throw new Error(`the benchmark is not built (${file} is missing): run 'npm run build'`);
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...process.execArgv, file, ...argv], { stdio: 'inherit' });
    child.on('error', reject);
    child.on('exit', (code, signal) => resolve(code ?? (signal === 'SIGINT' ? 130 : 1)));
  });
}

async function run(command: Command, argv: string[]): Promise<number> {
  switch (command.name) {
    case 'help':
      out(HELP[command.topic ?? 'main']);
      return 0;
    case 'version':
      out(typeof CLI_VERSION === 'string' ? CLI_VERSION : '0.1.0');
      return 0;
    case 'train': return runTrain(command.options);
    case 'eval': return runEval(command.options);
    case 'translate': return runTranslate(command.options);
    case 'models': return runModels(command.options);
    case 'bench': return runBenchmark(argv);
    case 'card': return runCard(command.options);
    case 'calibrate': return runCalibrate(command.options);
    case 'bench-learn': return runBenchmark(argv);
    case 'bench-peers': return runBenchmark(argv);
    case 'view': return runView(command.options);
  }
}

async function main(argv: string[]): Promise<number> {
  const wantsJson = argv.includes('--json');
  try {
    return await run(parseCommandLine(argv), argv);
  } catch (e) {
    const usage = e instanceof UsageError;
    const message = e instanceof Error ? e.message : String(e);
    note(`seq2seq-attention: ${printableText(message)}`);
    if (usage) note(`Run 'seq2seq-attention ${e.command ? `${e.command} ` : ''}--help' for usage.`);
    else if (process.env.SEQ2SEQ_DEBUG && e instanceof Error && e.stack) note(e.stack);
    if (wantsJson) process.stdout.write(JSON.stringify({ error: message, kind: usage ? 'usage' : e instanceof Error ? e.name : 'error' }) + '\n');
    return usage ? 2 : 1;
  }
}

// `train --workers 2` starts its gradient helper thread from this same file: the engine's helper module
// serves that thread, and there is no command line to run.
if (!isGradientHelperThread()) {
  main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  }, (e: unknown) => {
    process.stderr.write(`seq2seq-attention: ${printableText(e instanceof Error ? e.message : String(e))}\n`);
    process.exitCode = 1;
  });
}
