/**
 * `seq2seq-attention`: the command line of the engine. Bundled by `npm run build:cli` to `dist/cli.js`.
 * Exit codes: 0 success, 1 a failure the message explains, 2 a bad command line, 130 interrupted.
 */
import { printableText } from '../shared/text/printable';
import { isGradientHelperThread } from '../shared/engine/parallel/gradientHelper';
import { parseCommandLine, UsageError, type Command } from './args';
import { runBench } from './commands/bench';
import { runCalibrate } from './commands/calibrate';
import { runCard } from './commands/card';
import { runBenchLearn } from './commands/benchLearn';
import { runEval } from './commands/eval';
import { runModels } from './commands/models';
import { runTrain } from './commands/train';
import { runTranslate } from './commands/translate';
import { runView } from './commands/view';
import { HELP } from './help';
import { note, out } from './output';

declare const CLI_VERSION: string | undefined;

async function run(command: Command): Promise<number> {
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
    case 'bench': return runBench(command.options);
    case 'card': return runCard(command.options);
    case 'calibrate': return runCalibrate(command.options);
    case 'bench-learn': return runBenchLearn(command.options);
    case 'view': return runView(command.options);
  }
}

async function main(argv: string[]): Promise<number> {
  const wantsJson = argv.includes('--json');
  try {
    return await run(parseCommandLine(argv));
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
