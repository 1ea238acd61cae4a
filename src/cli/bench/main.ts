/**
 * The benchmark's own entry (bundled by `npm run build:bench` to `dist/bench.js`): `seq2seq-attention
 * bench ...` runs this file in a child process, so neither the user CLI's bundle (dist/cli.js) nor the
 * extension holds or loads any benchmark code (measurement hooks, the activation stub of `vscode`, the
 * suite's re-run of itself in fresh processes). Takes the CLI's command line (`bench [learn | peers] ...`).
 * Exit codes as the CLI's.
 */
import { isGradientHelperThread } from '../../shared/engine/parallel/gradientHelper';
import { parseCommandLine, UsageError } from '../args';
import { runBench } from '../commands/bench';
import { runBenchLearn } from '../commands/benchLearn';
import { runBenchPeers } from '../commands/benchPeers';
import { note } from '../output';

async function main(argv: string[]): Promise<number> {
  const wantsJson = argv.includes('--json');
  try {
    const command = parseCommandLine(argv);
    if (command.name === 'bench') return await runBench(command.options);
    if (command.name === 'bench-learn') return await runBenchLearn(command.options);
    if (command.name === 'bench-peers') return await runBenchPeers(command.options);
    throw new UsageError(`the benchmark runs 'bench', 'bench learn' and 'bench peers', not '${command.name}'`);
  } catch (e) {
    const usage = e instanceof UsageError;
    const message = e instanceof Error ? e.message : String(e);
    note(`seq2seq-attention: ${message}`);
    if (process.env.SEQ2SEQ_DEBUG && e instanceof Error && e.stack) note(e.stack);
    if (wantsJson) process.stdout.write(JSON.stringify({ error: message, kind: usage ? 'usage' : e instanceof Error ? e.name : 'error' }) + '\n');
    return usage ? 2 : 1;
  }
}

// Two-worker measurements start their gradient helper threads from this same file.
if (!isGradientHelperThread()) {
  main(process.argv.slice(2)).then(code => { process.exitCode = code; }, (e: unknown) => {
    process.stderr.write(`seq2seq-attention: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exitCode = 1;
  });
}
