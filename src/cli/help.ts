/** Help texts of `seq2seq-attention` and its commands. */
import type { HelpTopic } from './args';
import { TOKENIZER_KINDS } from '../shared/engine/types';

const TOKENIZERS = TOKENIZER_KINDS.join(' | ');

const COMMON = `
Common options:
  --json               machine-readable output on stdout (progress and logs go to stderr)
  --backend wasm|cpu   tfjs backend (default wasm; falls back to cpu if wasm cannot start)
  --wasm-dir DIR       folder with the tfjs .wasm files (default: the folder of cli.js)
  -h, --help           this help`;

const DATA = `
Dataset options (formats are detected; see the README):
  --partner FILE       target side of line-aligned files (found by name when omitted:
                       train.en + train.fr, src-train.txt + tgt-train.txt, x.src + x.tgt)
  --format F           tsv-tatoeba | tsv-challenge | line-aligned | csv | jsonl | fixed-width
  --source-key K       CSV column / JSONL language / Tatoeba-challenge language of the source side
  --target-key K       same for the target side
  --swap               use the pairs the other way round (target -> source)
  --max-pairs N        read at most N pairs`;

const MODEL_DIRS = `
Model lookup (ID = file name without .s2s, or the id stored in the file):
  --models-dir DIR     saved models (default $SEQ2SEQ_ATTENTION_MODELS or ~/.seq2seq-attention/models)
  --shipped-dir DIR    shipped models (default: media/models next to the package)`;

export const HELP: Record<HelpTopic | 'main', string> = {
  main: `seq2seq-attention: train, evaluate and run encoder-decoder models with attention (tfjs, offline)

Usage: seq2seq-attention <command> [options]

Commands:
  train       train a model on a dataset and save it (a checkpoint after every epoch)
  eval        exact match, token accuracy, BLEU and chrF of a model on a dataset
  translate   translate text, printing output tokens, probabilities and the attention matrix
  models      list the shipped and saved models
  bench       training throughput and decoding latency on this machine; 'bench learn': learning
              curves of the engine and a PyTorch reference of the same model; 'bench peers':
              training speed of both side by side
  card        show a model's card, or attach / update it (--set card.json) without retraining
  calibrate   choose the low-confidence and fit thresholds on held-out data (--write: into the card)
  view        print the attention of a sentence from a fairseq, Marian, OpenNMT-py or JSON attention
              file; --json converts the file into the project's JSON format

Run 'seq2seq-attention <command> --help' for a command's options.
Exit codes: 0 success, 1 error (bad file, failed run), 2 bad command line.`,

  train: `Usage: seq2seq-attention train --data FILE [options]

Trains one model and writes it atomically to --out after every epoch, so an interrupted run (Ctrl-C
stops after the current batch) keeps the last finished epoch.

  --data FILE          training pairs
  --test FILE          held-out pairs: measured after every epoch (exact match, token accuracy)
                       and used for early stopping; otherwise --validation-split of --data is held out
  --test-partner FILE  target side of a line-aligned --test
  --out PATH           model file (default: <models-dir>/<task>-<mechanism>.s2s)
  --id ID              model id stored in the file (default: the file name without .s2s)
  --label TEXT         display name
  --data-license TEXT  licence / attribution notice of the data, stored in the model
  --task T             task name (default: from the data file name, date-train.txt -> date)
  --mechanism M        bahdanau | luong-dot | luong-general | luong-concat | baseline | peeky
                       (default luong-dot)
  --preset P           tiny | small | medium | book (book: embedding 16, LSTM 256, batch 128,
                       Adam 0.001, 10 epochs, as in the book's chapter 8)
  --epochs N  --lr X  --batch N  --seed N  --clip X (global-norm clipping, 0 = off)
  --workers 1|2 (2: a second thread on the second core)
  --parallel exact|delayed (with --workers 2; exact, the default: both threads share every batch,
                       the same updates as one worker; delayed: each thread trains whole batches, the
                       second thread's gradient applied one update late: faster, other updates)
  --teacher-forcing X (0..1)  --patience N (early stopping, 0 = off)  --validation-split X
  --cell lstm|gru  --embedding N  --hidden N  --layers N  --residual  --bidirectional
  --attention-units N  --input-feeding (Luong)  --no-reverse (keep the source order)
  --tokenizer char|word|subword (both sides; subword: byte-pair pieces learned from --data, --max-vocab
                       pieces per side)  --source-tokenizer ...  --target-tokenizer ...
  --max-source-length N  --max-target-length N (tokens; longer pairs are left out)
  --dropout X          share of embedding and output-layer inputs dropped in training (default 0)
  --max-vocab N  --min-freq N
  --init default|book  initial weights: PyTorch's initialisers for these layers (default), or the
                       book's (embeddings N(0, 0.01²), matrices N(0, 1/fan-in); the book preset's)
${DATA}${MODEL_DIRS}${COMMON}

Example:
  seq2seq-attention train --data date-train.txt --test date-test.txt --mechanism bahdanau \\
    --epochs 10 --out models/date-bahdanau.s2s`,

  eval: `Usage: seq2seq-attention eval --model ID|PATH --data FILE [options]

Greedy-decodes every pair and prints exactMatch, tokenAccuracy, bleu (sacreBLEU 13a, exp smoothing),
chrf (chrF2) and examples (pairs evaluated), then a few predictions.

  --model ID|PATH      a model file, or the id of a shipped or saved model
  --data FILE          pairs with references
  --batch N            decoding batch size (default 500)
  --show N             example predictions to print (default 5)
${DATA}${MODEL_DIRS}${COMMON}`,

  translate: `Usage: seq2seq-attention translate --model ID|PATH [options] "text" ["more text" ...]

Prints the output tokens with their probabilities and top alternatives, and the attention matrix
(rows: output tokens, columns: source tokens in your order).

  --model ID|PATH      a model file, or the id of a shipped or saved model
  --beam K             beam width (default 1 = greedy); --json lists every hypothesis
  --top-k K            alternatives per step (default 3)
  --length-penalty X   beam ranking: logProb / length^X (default 1)
  --stdin              translate each line of standard input
${MODEL_DIRS}${COMMON}`,

  models: `Usage: seq2seq-attention models [options]

Lists the shipped models and the saved ones with id, task, mechanism, held-out exact match (from
the model card) and the best exact match measured during training.
${MODEL_DIRS}${COMMON}`,

  view: `Usage: seq2seq-attention view FILE [--sentence N] [options]

Reads the attention (or alignment) another toolkit wrote, the format found from the content:
fairseq generate/interactive output (--print-alignment [soft]), Marian output with --alignment
(decoder, n-best, scorer), an OpenNMT-py translation log (-attn_debug, -report_align), or the
project's JSON format (docs/attention-files.md). The file is only read.

Without --sentence: lists the sentences. Problems (a line that does not parse, a matrix whose size
does not fit the tokens, rows that do not sum to about 1) are printed to stderr as FILE:LINE: message;
the other sentences still open.

  --sentence N         the sentence as the toolkit numbers it (fairseq S-N, Marian line N counting
                       from 0, OpenNMT SENT N) and print its matrix (target rows x source columns)
  --hypothesis K       the K-th n-best hypothesis of the sentence (default 1, the best)
  --source FILE        Marian: the file given to the decoder (default: found beside FILE by name,
                       out.de.txt -> out.de, x.out -> x.src)
  --target FILE        Marian scorer output: the target file given to the scorer
  --words              merge subword pieces (@@, ▁, ￭) into words: source columns summed, target
                       rows averaged
  --hide-eos           leave out the EOS column
  --layer N, --head N  multi-head JSON files: one layer / head (0-based; default the mean)
  --json               the project's JSON format on stdout: the whole file, or the one --sentence
  -h, --help           this help`,

  card: `Usage: seq2seq-attention card MODEL [--set FILE] [options]

Prints the model card of MODEL (an id or a path) as Markdown: training data and licence, size, held-out
scores and how they were held out, known limits, the calibrated low-confidence and fit thresholds.
--json prints it as JSON (with the parameter count and the file size, which are not stored in the card).

  --set FILE           a JSON object ('-': standard input) whose fields replace the card's fields
                       (version, summary, training {data, license, pairs}, heldOut [{data, split, pairs,
                       exactMatch, tokenAccuracy, bleu, chrf}], trainingSample, limits [text], caveat,
                       confidence, fit, updated); the card is checked and the file rewritten atomically,
                       the weights untouched. A model without a card gets one.
${MODEL_DIRS}${COMMON}

Example:
  seq2seq-attention card models/mine.s2s --set card.json`,

  calibrate: `Usage: seq2seq-attention calibrate MODEL --data FILE [options]

Greedy-decodes the held-out pairs of FILE and chooses, on the even-numbered pairs, the threshold below
which an output is flagged as low confidence, so that at most --far of the correct outputs are flagged;
the odd-numbered pairs measure the rate and how many wrong outputs it catches. Two statistics are tried
(the weakest token's probability, the geometric mean of the token probabilities); the one that catches
more wrong outputs is kept. Then the fit test: a character-trigram profile of the training sources, and
the score and <unk> limits that reject at most --fit-far of the held-out inputs.

  --data FILE          held-out pairs of the model's task (never trained on)
  --split TEXT         how they were held out (stored in the card)
  --train FILE         the training pairs: their sources make the fit profile (default: the card's)
  --train-partner FILE target side of a line-aligned --train
  --out-of-task FILE   a dataset of another task whose sources should not fit (repeatable); the
                       report says how many each rule catches
  --out-of-task-max N  sources read per out-of-task file, spread over it (default 1000)
  --far X              target false-alarm rate of the low-confidence notice (default 0.05)
  --fit-far X          target false-alarm rate of the fit test (default 0.05)
  --write              store the results in the model's card (it must have one)
${DATA}${MODEL_DIRS}${COMMON}

Example:
  seq2seq-attention calibrate date-bahdanau --data date-test.txt --train date-train.txt \\
    --out-of-task fra-eng.tsv --write`,

  bench: `Usage: seq2seq-attention bench [options]

Measures on this machine: training examples/second for the book's configuration (embedding 16,
LSTM 256, luong-dot, batch 128, reversed input) and for the default small configuration with one
and two workers (back to back, in alternating rounds), the two-core ceiling (one-worker training
alone and in two processes at once), achieved GFLOP/s against a measured matmul peak, greedy decoding
latency (median / p95) for 10-, 30- and 100-character inputs, extension activation time, training
memory, and with
--time-to-99 (or --full) the wall time to 99 % exact match on the test set. See src/cli/bench/README.md.

  --quick              short measurements (~30 s)
  --full               long measurements, 10-epoch memory proxy, time to 99 % (several minutes)

  --data FILE          date training data (default: date-train.txt if found, else generated dates)
  --test FILE          date test data for --time-to-99 (default: date-test.txt if found, else generated)
  --pairs N            pairs per epoch of the memory measurement (default 2560; --quick: 640)
  --decode-runs N      decodes per input length (at least 30 / 60 / 200 for quick / default / full)
  --time-to-99         also train the default date model until >= 99 % exact match on the full test
                       set (checked every 64 batches) and report the wall time, evaluation included
  --max-epochs N       epoch budget for --time-to-99 (default 30)
  --mechanism M        mechanism of the default-config and time-to-99 runs (default luong-dot)
  --seed N
${COMMON}

See also 'seq2seq-attention bench learn --help': learning curves next to a PyTorch reference, and
'seq2seq-attention bench peers --help': training speed side by side with PyTorch.`,

  'bench learn': `Usage: seq2seq-attention bench learn --data FILE [options]

How fast the engine learns a translation task, per epoch, next to a PyTorch (CPU) reference of the same
model trained on the same token ids, batches and settings. The pairs are split by source sentence
(3 % test, 2 % dev, seed 2026: the shipped translation models' split); both train on the training side
and are scored on the test side after every epoch with the engine's scorer (greedy decoding, BLEU as
sacreBLEU, chrF). The engine trains first, then the reference (never both at once). Prints per epoch
training loss, held-out loss, BLEU, chrF and training seconds of both, with engine / reference ratios
of BLEU and time. Without PyTorch it says how to install it and measures the engine alone.
See src/cli/bench/README.md.

  --data FILE          parallel text (e.g. a Tatoeba TSV, English<TAB>French)
  --epochs N           epochs of both (default 3)
  --mechanism M        luong-dot (default) | luong-general | luong-concat | bahdanau
  --embedding N  --hidden N  --attention-units N (default: --hidden)  --cell lstm|gru
  --layers N  --residual  --input-feeding  --no-reverse
  --tokenizer K        ${TOKENIZERS} (default word)
  --max-vocab N        per side (default 8000)  --min-freq N
  --max-source-length N  --max-target-length N (tokens; longer pairs are left out, default 64 / 32)
  --batch N  --lr X  --clip X  --seed N (defaults 64, 0.003, 5, 1984)
  --workers 1|2        engine threads; the reference gets as many (torch.set_num_threads)
  --parallel exact|delayed   with --workers 2 (default exact: the same updates as one worker)
  --init default|book  the engine's initial weights (the reference always uses PyTorch's own)
  --no-peer            the engine alone
  --python PATH        the reference's Python (default: /usr/bin/python3, else python3, the first
                       that imports torch)
  --peer-script PATH   torch_seq2seq.py (default: beside cli.js, else src/cli/bench/peers/ above it)
  --blas-threads N     OpenBLAS threads of the reference (default 1)
  --keep DIR           keep the id data (peer-ids.json) and the reference's output (peer-torch.jsonl)
${DATA}${COMMON}

Example:
  nice -n 10 seq2seq-attention bench learn --data fra-eng.tsv --max-pairs 5000 --epochs 2`,

  'bench peers': `Usage: seq2seq-attention bench peers [options]

The engine and a PyTorch (CPU) reference of the same model timed side by side in one run, on the same
token ids and batches: training examples/second of the book's configuration (embedding 16, LSTM 256,
luong-dot, batch 128, date data), of the default date model (embedding 32, LSTM 64, batch 64) and of a
subword translation model (vocabulary ~6,000, embedding and LSTM 256, batch 64), each on one thread and
on two (the engine's two workers, PyTorch's two threads), and single-thread sgemm
(tf.matMul against torch.mm) with the book model's GFLOP/s as a share of the best. Each side trains a
few batches untimed, then a fixed number timed; the sides alternate over the repeats and each figure is
the median; the ratio is engine / PyTorch (> 1: the engine is faster). Prints the load average with the
table. Without PyTorch it says how to install it and measures the engine alone. See src/cli/bench/README.md.

  --quick              one repeat, short windows (a few minutes)
  --full               five repeats, longer windows
  --tiny               every model shrunk to a few units, a handful of batches (a smoke run)
  --workloads LIST     comma-separated: book, default, translation, sgemm (default: all)
  --repeats N          repeats per side (default 3; --quick 1, --full 5)
  --parallel exact|delayed   the engine's two-thread mode (default delayed, the extension's)
  --data FILE          date training data (default: date-train.txt if found, else generated dates)
  --translation-data FILE   parallel text for the translation model (default: fra-eng.tsv if found,
                       else generated pairs; 'synthetic': generated pairs)
  --translation-pairs N     pairs read or generated (default 20000; the vocabulary is learned from them)
  --seed N             the batches' seed (default 1984)
  --no-peer            the engine alone
  --python PATH        the reference's Python (default: /usr/bin/python3, else python3, the first
                       that imports torch)
  --peer-script PATH   torch_seq2seq.py (default: beside cli.js, else src/cli/bench/peers/ above it)
  --peer-blas-threads N  OpenBLAS threads of the two-thread reference (default: 1 and 2 tried, the
                       faster kept)
${COMMON}

Example:
  setsid bash -c 'echo -15 > /proc/$$/autogroup; exec seq2seq-attention bench peers'`,
};
