import * as assert from 'node:assert/strict';
import { parseCommandLine, taskFromFileName, UsageError, type Command } from '../../../src/cli/args';
import { BOOK_TRAIN, DEFAULT_MODEL, DEFAULT_TRAIN } from '../../../src/shared/engine/config';

function parse<N extends Command['name']>(argv: string[], name: N): Extract<Command, { name: N }> {
  const c = parseCommandLine(argv);
  assert.equal(c.name, name);
  return c as Extract<Command, { name: N }>;
}

function usageError(argv: string[], pattern: RegExp): void {
  assert.throws(() => parseCommandLine(argv), (e: unknown) => {
    assert.ok(e instanceof UsageError, `expected a UsageError, got ${String(e)}`);
    assert.match(e.message, pattern);
    return true;
  });
}

describe('cli: command and help parsing', () => {
  it('prints the main help without arguments, with -h, --help and help', () => {
    for (const argv of [[], ['-h'], ['--help'], ['help']]) assert.deepEqual(parseCommandLine(argv), { name: 'help' });
  });

  it('gives each command its own --help', () => {
    assert.deepEqual(parseCommandLine(['help', 'train']), { name: 'help', topic: 'train' });
    for (const cmd of ['train', 'eval', 'translate', 'models', 'bench']) {
      assert.deepEqual(parseCommandLine([cmd, '--help']), { name: 'help', topic: cmd });
    }
    // --help wins over missing required options.
    assert.deepEqual(parseCommandLine(['eval', '-h']), { name: 'help', topic: 'eval' });
  });

  it('rejects unknown commands and options with clear messages', () => {
    usageError(['trian'], /unknown command 'trian'; the commands are train, eval, translate, models, bench/);
    usageError(['--json'], /expected a command .* before '--json'/);
    usageError(['models', '--bogus'], /Unknown option '--bogus'/);
    usageError(['models', 'extra'], /models takes no positional argument; got 'extra'/);
    usageError(['help', 'nope'], /no command 'nope'/);
  });
});

describe('cli: train options', () => {
  it('needs --data and derives the task from the file name', () => {
    usageError(['train'], /train needs --data FILE/);
    const t = parse(['train', '--data', 'data/date-train.txt'], 'train').options;
    assert.equal(t.model.task, 'date');
    assert.equal(t.model.mechanism, 'luong-dot');
    assert.equal(t.backend, 'wasm');
    assert.equal(t.json, false);
    assert.deepEqual({ ...t.model, task: undefined, mechanism: undefined }, { ...DEFAULT_MODEL, task: undefined, mechanism: undefined });
    assert.deepEqual(t.train, DEFAULT_TRAIN);
  });

  it("book preset brings the book's sizes and training settings; explicit flags win", () => {
    const t = parse(['train', '--data', 'd.txt', '--preset', 'book', '--mechanism', 'bahdanau'], 'train').options;
    assert.equal(t.model.embeddingSize, 16);
    assert.equal(t.model.hiddenSize, 256);
    assert.equal(t.train.batchSize, BOOK_TRAIN.batchSize);
    assert.equal(t.train.learningRate, 1e-3);
    assert.equal(t.train.epochs, 10);
    const u = parse(['train', '--data', 'd.txt', '--preset', 'book', '--batch', '32', '--hidden', '100', '--epochs', '2'], 'train').options;
    assert.deepEqual([u.train.batchSize, u.model.hiddenSize, u.train.epochs, u.model.embeddingSize], [32, 100, 2, 16]);
  });

  it('maps model and training flags onto the configs', () => {
    const t = parse(['train', '--data', 'kor-eng.tsv', '--task', 'en-ko', '--mechanism', 'luong-general', '--cell', 'gru',
      '--layers', '2', '--residual', '--bidirectional', '--input-feeding', '--no-reverse', '--tokenizer', 'word',
      '--target-tokenizer', 'char', '--lr', '0.01', '--seed', '7', '--clip', '0', '--teacher-forcing', '0.5',
      '--patience', '0', '--max-source-length', '20', '--out', 'm.s2s', '--id', 'my-model', '--json', '--backend', 'cpu'], 'train').options;
    assert.equal(t.model.task, 'en-ko');
    assert.equal(t.model.cell, 'gru');
    assert.equal(t.model.layers, 2);
    assert.equal(t.model.residual && t.model.bidirectional && t.model.inputFeeding, true);
    assert.equal(t.model.reverseSource, false);
    assert.equal(t.model.sourceTokenizer, 'word');
    assert.equal(t.model.targetTokenizer, 'char');
    assert.equal(t.model.maxSourceLength, 20);
    assert.deepEqual([t.train.learningRate, t.train.seed, t.train.clipNorm, t.train.teacherForcingRatio, t.train.earlyStoppingPatience],
      [0.01, 7, 0, 0.5, 0]);
    assert.deepEqual([t.out, t.id, t.json, t.backend], ['m.s2s', 'my-model', true, 'cpu']);
  });

  it('--test reads with the same format options, with its own partner', () => {
    const t = parse(['train', '--data', 'train.en', '--partner', 'train.ko', '--test', 'test.en', '--test-partner', 'test.ko',
      '--format', 'line-aligned', '--swap'], 'train').options;
    assert.deepEqual(t.data, { file: 'train.en', partner: 'train.ko', format: 'line-aligned', swap: true });
    assert.deepEqual(t.test, { file: 'test.en', partner: 'test.ko', format: 'line-aligned', swap: true });
  });

  it('validates numbers, enumerations and ids', () => {
    usageError(['train', '--data', 'd', '--epochs', 'x'], /--epochs expects an integer >= 1; got 'x'/);
    usageError(['train', '--data', 'd', '--epochs', '0'], /--epochs expects an integer >= 1; got '0'/);
    usageError(['train', '--data', 'd', '--batch', '2.5'], /--batch expects an integer/);
    usageError(['train', '--data', 'd', '--lr', '0'], /--lr expects a number > 0; got '0'/);
    usageError(['train', '--data', 'd', '--teacher-forcing', '1.5'], /--teacher-forcing expects a number from 0 to 1/);
    usageError(['train', '--data', 'd', '--mechanism', 'luong'], /--mechanism must be one of bahdanau, luong-dot, .*; got 'luong'/);
    usageError(['train', '--data', 'd', '--preset', 'huge'], /--preset must be one of tiny, small, medium, book/);
    usageError(['train', '--data', 'd', '--backend', 'webgl'], /--backend must be one of wasm, cpu; got 'webgl'/);
    usageError(['train', '--data', 'd', '--format', 'xml'], /--format must be one of tsv-tatoeba/);
    usageError(['train', '--data', 'd', '--id', '../evil'], /--id '..\/evil' is not a valid model id/);
    usageError(['train', '--data'], /argument missing|requires|--data/i);
  });

  it('--workers takes 1 or 2 (data-parallel training over two threads)', () => {
    assert.equal(parse(['train', '--data', 'd.txt', '--workers', '2'], 'train').options.train.workers, 2);
    assert.equal(parse(['train', '--data', 'd.txt'], 'train').options.train.workers, 1);
    usageError(['train', '--data', 'd', '--workers', '3'], /--workers expects an integer from 1 to 2|--workers expects an integer .*<= 2/);
  });

  it('--parallel takes exact or delayed (how the two workers share the training)', () => {
    assert.equal(parse(['train', '--data', 'd.txt', '--workers', '2', '--parallel', 'delayed'], 'train').options.train.parallelMode, 'delayed');
    assert.equal(parse(['train', '--data', 'd.txt'], 'train').options.train.parallelMode, undefined);
    usageError(['train', '--data', 'd', '--parallel', 'async'], /--parallel/);
  });

  it('taskFromFileName strips folders, extensions and split suffixes', () => {
    assert.equal(taskFromFileName('/x/date-train.txt'), 'date');
    assert.equal(taskFromFileName('C:\\d\\kor-eng.tsv'), 'kor-eng');
    assert.equal(taskFromFileName('src-train.txt'), 'src');
    assert.equal(taskFromFileName('my data_test.csv'), 'my-data');
  });
});

describe('cli: eval, translate, models, bench options', () => {
  it('eval needs --model and --data', () => {
    usageError(['eval', '--data', 'x'], /eval needs --model ID\|PATH/);
    usageError(['eval', '--model', 'm'], /eval needs --data FILE/);
    const e = parse(['eval', '--model', 'date-bahdanau', '--data', 'date-test.txt', '--json', '--show', '0', '--batch', '100',
      '--models-dir', '/m'], 'eval').options;
    assert.deepEqual([e.model, e.data.file, e.json, e.show, e.batch, e.modelsDir], ['date-bahdanau', 'date-test.txt', true, 0, 100, '/m']);
  });

  it('translate takes texts as positionals (Korean untouched) or --stdin', () => {
    const t = parse(['translate', '--model', 'en-ko-bahdanau', '나는 학생입니다.', 'Hello.', '--beam', '4', '--top-k', '5'], 'translate').options;
    assert.deepEqual(t.texts, ['나는 학생입니다.', 'Hello.']);
    assert.deepEqual([t.beam, t.topK, t.stdin], [4, 5, false]);
    usageError(['translate', '--model', 'm'], /translate needs the text to translate \(or --stdin\)/);
    assert.equal(parse(['translate', '--model', 'm', '--stdin'], 'translate').options.stdin, true);
    usageError(['translate', '--model', 'm', 'x', '--beam', '0'], /--beam expects an integer from 1 to 64/);
  });

  it('models takes the folders; bench has defaults', () => {
    const m = parse(['models', '--models-dir', 'a', '--shipped-dir', 'b', '--json'], 'models').options;
    assert.deepEqual([m.modelsDir, m.shippedDir, m.json], ['a', 'b', true]);
    const b = parse(['bench'], 'bench').options;
    assert.deepEqual([b.pairs, b.decodeRuns, b.timeTo99, b.maxEpochs, b.mechanism, b.data], [2560, 30, false, 30, 'luong-dot', undefined]);
    const c = parse(['bench', '--time-to-99', '--max-epochs', '12', '--data', 'd.txt', '--pairs', '640'], 'bench').options;
    assert.deepEqual([c.timeTo99, c.maxEpochs, c.data, c.pairs], [true, 12, 'd.txt', 640]);
  });
});

describe('cli: card and calibrate', () => {
  it('card takes the model first or as --model, and --set FILE', () => {
    assert.deepEqual(parse(['card', 'date-bahdanau'], 'card').options.model, 'date-bahdanau');
    assert.deepEqual(parse(['card', '--model', 'm.s2s', '--set', 'card.json', '--json'], 'card').options,
      { json: true, backend: 'wasm', model: 'm.s2s', set: 'card.json' });
    usageError(['card'], /card needs --model ID\|PATH \(or the model as the first argument\)/);
    usageError(['card', 'a', 'b'], /card takes one positional argument \(the model\); got 'b'/);
    usageError(['card', 'a', '--model', 'b'], /give the model once/);
    usageError(['card', 'a', '--set', ' '], /--set needs a JSON file/);
  });

  it('calibrate reads held-out data, training data, out-of-task files and rates', () => {
    const o = parse(['calibrate', 'date-x', '--data', 'test.txt', '--train', 'train.txt', '--out-of-task', 'a.tsv', '--out-of-task', 'b.tsv',
      '--far', '0.02', '--fit-far', '0.1', '--split', 'by hash', '--write'], 'calibrate').options;
    assert.equal(o.model, 'date-x');
    assert.deepEqual(o.data, { file: 'test.txt', swap: false });
    assert.deepEqual(o.train, { file: 'train.txt', swap: false });
    assert.deepEqual(o.outOfTask, ['a.tsv', 'b.tsv']);
    assert.deepEqual([o.far, o.fitFar, o.split, o.write, o.outOfTaskMax], [0.02, 0.1, 'by hash', true, 1000]);
    const d = parse(['calibrate', 'm', '--data', 't'], 'calibrate').options;
    assert.deepEqual([d.far, d.fitFar, d.write, d.outOfTask, d.train], [0.05, 0.05, false, [], undefined]);
    usageError(['calibrate', 'm'], /calibrate needs --data FILE/);
    usageError(['calibrate', 'm', '--data', 't', '--far', '0.7'], /--far expects a number from 0.001 to 0.5; got '0.7'/);
    usageError(['calibrate', 'm', '--data', 't', '--fit-far', 'x'], /--fit-far expects a number/);
  });
});
