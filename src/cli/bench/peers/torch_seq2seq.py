#!/usr/bin/env python3
"""PyTorch (CPU) reference of the engine's encoder-decoder model, for `seq2seq-attention bench learn`.

The maths of src/shared/engine (encoder.ts, decoder.ts, attention.ts, rnn.ts, optimizer.ts, train.ts),
written with PyTorch's own layers and PyTorch's default initialisers:
  - embeddings; an LSTM (or GRU) encoder over the source as the engine hands it over (already in encoder
    order, i.e. reversed when the model reverses its source); padded steps never count (packed sequences);
  - a decoder of the same cell started from the encoder's final state of each layer (residual
    connections between stacked layers when configured);
  - Luong: query = the top decoder output, score dot / general (keys W) / concat (v tanh(q W + k U)),
    attentional state tanh(Wc [context; h]) (no bias), optionally fed to the next step's input;
    Bahdanau: query = the previous top state, additive score, context concatenated to the decoder input
    and to the output features [h; context];
  - output layer to the target vocabulary; masked cross-entropy (mean over real tokens, `<eos>` included);
  - Adam (learning rate, betas and epsilon from the data file: the engine's), global-norm clipping, pure
    teacher forcing; the batches the data file lists (the engine's own), else length-bucketed ones;
  - greedy decoding of the held-out sources (at most `maxDecodeSteps` steps, stopping at `<eos>`).
Where PyTorch's layers differ from the engine's by construction, PyTorch's are kept: LSTM/GRU layers
have two bias vectors (input and recurrent; the engine one, with the forget gate's at 1), the GRU's
recurrent bias sits inside the reset product, the output layer's bias starts uniform (the engine's at 0),
clip_grad_norm_ divides by norm + 1e-6.

Input: the JSON written by `bench learn` (`--data FILE`, format "seq2seq-attention/peer-ids" version 1).
Optional `initialWeights` (the engine's weights by model-file name) start the model from the engine's
weights instead of PyTorch's initialisers: with them the two implementations make the same updates,
which is how the maths is checked (test/unit/cli/torchReference.test.ts).
Output: JSON lines (`--out FILE`, default stdout): {"event": "start", ...}, one {"event": "epoch", ...} per
epoch (training loss, training seconds, held-out loss, greedy hypotheses of the held-out sources as ids),
{"event": "end", ...}; on failure {"event": "error", "message": ...} and exit code 1.
`--probe` prints {"event": "probe", "torch": VERSION, ...} and exits (exit code 3 without PyTorch).

Speed (`seq2seq-attention bench peers`): `--throughput W,N` trains the first W + N batches of the file's
first epoch (the engine's) and times the last N: {"event": "throughput", "examples", "seconds", ...}.
`--sgemm MxKxN,... [--runs R]` times torch.mm of each shape on this process's threads and prints the best
GFLOP/s of each: {"event": "sgemm", "shapes": [...]}; it needs no --data.

Run with: env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE OPENBLAS_NUM_THREADS=N python3 torch_seq2seq.py
--threads N ... (torch.set_num_threads(N) is called here).
"""
import argparse
import json
import platform
import random
import sys
import time

FORMAT = 'seq2seq-attention/peer-ids'
VERSION = 1
MECHANISMS = ('luong-dot', 'luong-general', 'luong-concat', 'bahdanau')
# Exit code of --probe and of a run when PyTorch cannot be imported.
NO_TORCH = 3


def emit(stream, record):
    stream.write(json.dumps(record, separators=(',', ':')) + '\n')
    stream.flush()


def import_torch():
    try:
        import torch  # noqa: F401
        return torch
    except Exception as e:  # ImportError, or a broken installation's OSError
        return e


def check_data(data):
    """Refuses a data file this script cannot train exactly as described (with the reason)."""
    if data.get('format') != FORMAT or data.get('version') != VERSION:
        raise ValueError(f'not a {FORMAT} version {VERSION} file (format {data.get("format")!r}, version {data.get("version")!r})')
    m = data['model']
    if m['mechanism'] not in MECHANISMS:
        raise ValueError(f'mechanism {m["mechanism"]!r} is not implemented here (only {", ".join(MECHANISMS)})')
    if m['cell'] not in ('lstm', 'gru'):
        raise ValueError(f'cell {m["cell"]!r} is not implemented here (lstm or gru)')
    if m.get('bidirectional'):
        raise ValueError('a bidirectional encoder is not implemented here')
    for key in ('embeddingSize', 'hiddenSize', 'layers', 'attentionUnits', 'sourceVocabSize', 'targetVocabSize'):
        if not (isinstance(m[key], int) and m[key] >= 1):
            raise ValueError(f'model.{key} must be a positive integer (got {m[key]!r})')
    t = data['train']
    if not (isinstance(t['batchSize'], int) and t['batchSize'] >= 1 and isinstance(t['epochs'], int) and t['epochs'] >= 1):
        raise ValueError('train.batchSize and train.epochs must be positive integers')
    pairs = data['trainPairs']
    if len(pairs['sources']) != len(pairs['targets']) or not pairs['sources']:
        raise ValueError('trainPairs needs as many sources as targets, at least one')
    batches = data.get('batches')
    if batches is not None and len(batches) < t['epochs']:
        raise ValueError(f'batches lists {len(batches)} epochs, train.epochs is {t["epochs"]}')
    if len(data['test']['sources']) != len(data['test']['targets']):
        raise ValueError('test needs as many sources as targets')


def build(torch, data):
    nn = torch.nn
    F = torch.nn.functional
    m = data['model']
    special = data['special']
    PAD, SOS, EOS = special['pad'], special['sos'], special['eos']
    E, H, A, L = m['embeddingSize'], m['hiddenSize'], m['attentionUnits'], m['layers']
    Vs, Vt = m['sourceVocabSize'], m['targetVocabSize']
    mechanism = m['mechanism']
    bahdanau = mechanism == 'bahdanau'
    feeding = mechanism.startswith('luong') and bool(m.get('inputFeeding'))
    residual = bool(m.get('residual'))
    lstm = m['cell'] == 'lstm'
    RNN = nn.LSTM if lstm else nn.GRU

    class Seq2Seq(nn.Module):
        def __init__(self):
            super().__init__()
            self.enc_emb = nn.Embedding(Vs, E)
            self.dec_emb = nn.Embedding(Vt, E)
            self.enc = nn.ModuleList([RNN(E if l == 0 else H, H) for l in range(L)])
            # The engine's decoder/l0/context_kernel is this layer's input weight for the extra H inputs.
            extra = H if (bahdanau or feeding) else 0
            self.dec = nn.ModuleList([RNN((E + extra) if l == 0 else H, H) for l in range(L)])
            if mechanism == 'luong-general':
                self.W = nn.Linear(H, H, bias=False)
            if mechanism in ('luong-concat', 'bahdanau'):
                self.W = nn.Linear(H, A, bias=False)
                self.U = nn.Linear(H, A, bias=False)
                self.v = nn.Linear(A, 1, bias=False)
            if not bahdanau:
                self.Wc = nn.Linear(2 * H, H, bias=False)
            self.out = nn.Linear(2 * H if bahdanau else H, Vt)

        # ---- encoder ----
        def encode(self, src, lengths):
            """src [S, B] ids (padded at the end), lengths [B] -> keys [B, S, H], final states per layer,
            mask bias [B, S] (0 real, -1e9 padding) or None."""
            S, B = src.shape
            x = self.enc_emb(src)
            padded = bool((lengths < S).any())
            finals = []
            if padded:
                packed = nn.utils.rnn.pack_padded_sequence(x, lengths, enforce_sorted=False)
                for l, layer in enumerate(self.enc):
                    out, state = layer(packed)
                    if residual and l > 0:
                        out = out._replace(data=out.data + packed.data)
                    finals.append(state)
                    packed = out
                keys = nn.utils.rnn.pad_packed_sequence(packed, total_length=S)[0]
                real = torch.arange(S)[None, :] < lengths[:, None]
                mask_bias = torch.zeros(B, S).masked_fill(~real, -1e9)
            else:
                keys = x
                for l, layer in enumerate(self.enc):
                    out, state = layer(keys)
                    keys = out + keys if (residual and l > 0) else out
                    finals.append(state)
                mask_bias = None
            return keys.transpose(0, 1), finals, mask_bias

        # ---- attention ----
        def score_keys(self, keys):
            if mechanism == 'luong-dot':
                return keys
            if mechanism == 'luong-general':
                return self.W(keys)
            return self.U(keys)

        def attend(self, q, keys, skeys, mask_bias):
            """q [B, T, H] -> context [B, T, H], weights [B, T, S]."""
            if mechanism in ('luong-dot', 'luong-general'):
                scores = torch.bmm(q, skeys.transpose(1, 2))
            else:
                e = torch.tanh(skeys[:, None, :, :] + self.W(q)[:, :, None, :])
                scores = self.v(e).squeeze(-1)
            if mask_bias is not None:
                scores = scores + mask_bias[:, None, :]
            w = torch.softmax(scores, dim=-1)
            return torch.bmm(w, keys), w

        # ---- decoder ----
        def initial(self, finals, B):
            return {
                'layers': finals,
                'feed': torch.zeros(B, H) if feeding else None,
            }

        def top_h(self, state):
            s = state['layers'][-1]
            return (s[0] if lstm else s)[0]

        def step(self, ids, state, keys, skeys, mask_bias):
            """One decoder step: ids [B] -> features [B, D], next state."""
            x = self.dec_emb(ids)
            ctx = None
            if bahdanau:
                ctx = self.attend(self.top_h(state)[:, None, :], keys, skeys, mask_bias)[0][:, 0]
                x = torch.cat([x, ctx], dim=-1)
            elif feeding:
                x = torch.cat([x, state['feed']], dim=-1)
            out = x[None]
            nxt = []
            for l, layer in enumerate(self.dec):
                o, s = layer(out, state['layers'][l])
                out = o + out if (residual and l > 0) else o
                nxt.append(s)
            top = out[0]
            if bahdanau:
                return torch.cat([top, ctx], dim=-1), {'layers': nxt, 'feed': None}
            c = self.attend(top[:, None, :], keys, skeys, mask_bias)[0][:, 0]
            att = torch.tanh(self.Wc(torch.cat([c, top], dim=-1)))
            return att, {'layers': nxt, 'feed': att if feeding else None}

        def forced_logits(self, src, lengths, tgt_in):
            """Teacher forcing: tgt_in [T, B] (`<sos> y`) -> logits [B, T, V]."""
            keys, finals, mask_bias = self.encode(src, lengths)
            skeys = self.score_keys(keys)
            T, B = tgt_in.shape
            if not bahdanau and not feeding:
                # Queries do not depend on the attention: every step at once (as the engine does).
                out = self.dec_emb(tgt_in)
                for l, layer in enumerate(self.dec):
                    o, _ = layer(out, finals[l])
                    out = o + out if (residual and l > 0) else o
                q = out.transpose(0, 1)
                c = self.attend(q, keys, skeys, mask_bias)[0]
                return self.out(torch.tanh(self.Wc(torch.cat([c, q], dim=-1))))
            state = self.initial(finals, B)
            feats = []
            for t in range(T):
                f, state = self.step(tgt_in[t], state, keys, skeys, mask_bias)
                feats.append(f)
            return self.out(torch.stack(feats, dim=1))

        def loss(self, src, lengths, tgt_in, tgt_out, reduction='mean'):
            logits = self.forced_logits(src, lengths, tgt_in)
            return F.cross_entropy(logits.reshape(-1, Vt), tgt_out.transpose(0, 1).reshape(-1), ignore_index=PAD, reduction=reduction)

        @torch.no_grad()
        def greedy(self, src, lengths, max_steps):
            keys, finals, mask_bias = self.encode(src, lengths)
            skeys = self.score_keys(keys)
            B = src.shape[1]
            state = self.initial(finals, B)
            ids = torch.full((B,), SOS, dtype=torch.long)
            out = [[] for _ in range(B)]
            done = [False] * B
            for _ in range(max_steps):
                f, state = self.step(ids, state, keys, skeys, mask_bias)
                ids = torch.argmax(self.out(f), dim=-1)
                chosen = ids.tolist()
                open_rows = 0
                for b in range(B):
                    if done[b]:
                        continue
                    if chosen[b] == EOS:
                        done[b] = True
                    else:
                        out[b].append(chosen[b])
                        open_rows += 1
                if open_rows == 0:
                    break
            return out

    def source_batch(seqs):
        """Time-major [S, B] ids padded at the end, and the lengths [B]."""
        S = max(1, max(len(s) for s in seqs))
        rows = [s + [PAD] * (S - len(s)) for s in seqs]
        return torch.tensor(rows, dtype=torch.long).t().contiguous(), torch.tensor([len(s) for s in seqs], dtype=torch.long)

    def target_batch(seqs):
        """Time-major [T, B] with T = longest + 1: input `<sos> y`, output `y <eos>`, PAD elsewhere."""
        T = max(len(s) for s in seqs) + 1
        tin = [[SOS] + s + [PAD] * (T - 1 - len(s)) for s in seqs]
        tout = [s + [EOS] + [PAD] * (T - 1 - len(s)) for s in seqs]
        as_tensor = lambda rows: torch.tensor(rows, dtype=torch.long).t().contiguous()
        return as_tensor(tin), as_tensor(tout)

    return Seq2Seq(), source_batch, target_batch


def load_engine_weights(torch, model, data):
    """Copies the engine's weights (model-file names and layout, `initialWeights` in the data) into the
    PyTorch modules: matrices transposed (the engine multiplies x·W, nn.Linear x·Wᵀ), gate blocks
    reordered (engine LSTM i, f, o, g -> PyTorch i, f, g, o; GRU z, r, n -> r, z, n), the decoder's
    context kernel appended to its input weight, recurrent biases zero and not trained (the engine has
    one bias)."""
    m = data['model']
    H, L = m['hiddenSize'], m['layers']
    lstm = m['cell'] == 'lstm'
    order = [0, 1, 3, 2] if lstm else [1, 0, 2]
    byname = {w['name']: torch.tensor(w['values'], dtype=torch.float32).reshape(w['shape']) for w in data['initialWeights']}
    used = set()

    def take(name):
        if name not in byname:
            raise ValueError(f'initialWeights has no {name!r}')
        used.add(name)
        return byname[name]

    def gates(w):  # [..., G*H] engine order -> PyTorch order
        return torch.cat([w[..., k * H:(k + 1) * H] for k in order], dim=-1)

    def put(param, value):
        if tuple(param.shape) != tuple(value.shape):
            raise ValueError(f'shape {tuple(value.shape)} for a parameter of shape {tuple(param.shape)}')
        param.copy_(value)

    def rnn(module, prefix, extra=None):
        kernel = take(f'{prefix}/kernel')
        if extra is not None:
            kernel = torch.cat([kernel, take(extra)], dim=0)
        put(module.weight_ih_l0, gates(kernel).t())
        put(module.weight_hh_l0, gates(take(f'{prefix}/recurrent_kernel')).t())
        put(module.bias_ih_l0, gates(take(f'{prefix}/bias')))
        # One trained bias, as in the engine (a second would be a second copy of it under Adam).
        module.bias_hh_l0.zero_()
        module.bias_hh_l0.requires_grad_(False)

    with torch.no_grad():
        put(model.enc_emb.weight, take('encoder/embedding'))
        put(model.dec_emb.weight, take('decoder/embedding'))
        for l in range(L):
            rnn(model.enc[l], f'encoder/l{l}/fw')
            extra = 'decoder/l0/context_kernel' if (l == 0 and 'decoder/l0/context_kernel' in byname) else None
            rnn(model.dec[l], f'decoder/l{l}', extra)
        for name in ('W', 'U', 'v', 'Wc'):
            if hasattr(model, name):
                put(getattr(model, name).weight, take(f'decoder/attention/{name}').t())
        put(model.out.weight, take('decoder/output/kernel').t())
        put(model.out.bias, take('decoder/output/bias'))
    unused = sorted(set(byname) - used)
    if unused:
        raise ValueError(f'initialWeights not used: {", ".join(unused)}')


def bucketed_batches(lengths, batch_size, rng):
    """The engine's bucketedBatches with Python's generator: shuffle, stable sort by source length, cut,
    shuffle the batches."""
    order = list(range(len(lengths)))
    rng.shuffle(order)
    order.sort(key=lambda i: lengths[i])
    batches = [order[i:i + batch_size] for i in range(0, len(order), batch_size)]
    rng.shuffle(batches)
    return batches


def held_out(torch, model, source_batch, target_batch, data):
    """Held-out loss per real token (pairs within the length limits, as the engine validates) and greedy
    hypotheses of every held-out source (empty sources give empty hypotheses), in input order."""
    m = data['model']
    test = data['test']
    sources, targets = test['sources'], test['targets']
    size = max(1, int(data.get('evalBatchSize', 64)))
    max_steps = int(data['maxDecodeSteps'])
    order = sorted(range(len(sources)), key=lambda i: len(sources[i]))
    hyps = [[] for _ in sources]
    nll = 0.0
    tokens = 0
    scored = [i for i in order if 0 < len(sources[i]) <= m['maxSourceLength'] and 0 < len(targets[i]) <= m['maxTargetLength']]
    model.eval()
    with torch.no_grad():
        for k in range(0, len(scored), size):
            idx = scored[k:k + size]
            src, lengths = source_batch([sources[i] for i in idx])
            tin, tout = target_batch([targets[i] for i in idx])
            nll += float(model.loss(src, lengths, tin, tout, reduction='sum'))
            tokens += sum(len(targets[i]) + 1 for i in idx)
        decodable = [i for i in order if sources[i]]
        for k in range(0, len(decodable), size):
            idx = decodable[k:k + size]
            src, lengths = source_batch([sources[i] for i in idx])
            for i, h in zip(idx, model.greedy(src, lengths, max_steps)):
                hyps[i] = h
    model.train()
    return (nll / tokens if tokens else 0.0), tokens, hyps


def trainer(torch, model, t, source_batch, target_batch, sources, targets):
    """The engine's update on one batch: Adam with its betas and epsilon, the gradients' global norm
    clipped. Returns the trained parameters and a function of a batch's pair indices that trains on it
    and returns its loss."""
    params = [p for p in model.parameters() if p.requires_grad]
    opt = torch.optim.Adam(params, lr=float(t['learningRate']), betas=(float(t['beta1']), float(t['beta2'])), eps=float(t['epsilon']))
    clip = float(t['clipNorm'])

    def train_batch(b):
        src, lens = source_batch([sources[i] for i in b])
        tin, tout = target_batch([targets[i] for i in b])
        opt.zero_grad(set_to_none=True)
        loss = model.loss(src, lens, tin, tout)
        loss.backward()
        if clip > 0:
            torch.nn.utils.clip_grad_norm_(params, clip)
        opt.step()
        return loss.item()

    return params, train_batch


def run(torch, data, threads, out, epochs_override=None):
    torch.set_num_threads(threads)
    t = data['train']
    torch.manual_seed(int(t['seed']))
    model, source_batch, target_batch = build(torch, data)
    if data.get('initialWeights'):
        load_engine_weights(torch, model, data)
    pairs = data['trainPairs']
    sources, targets = pairs['sources'], pairs['targets']
    params, train_batch = trainer(torch, model, t, source_batch, target_batch, sources, targets)
    lengths = [len(s) for s in sources]
    epochs = epochs_override or int(t['epochs'])
    listed = data.get('batches')
    rng = random.Random(int(t['seed']))
    emit(out, {
        'event': 'start', 'torch': torch.__version__, 'python': platform.python_version(), 'threads': torch.get_num_threads(),
        'parameters': sum(p.numel() for p in params), 'trainPairs': len(sources), 'testPairs': len(data['test']['sources']),
        'batches': 'listed' if listed is not None else 'bucketed here',
        'weights': 'the engine\'s initial weights' if data.get('initialWeights') else 'PyTorch\'s initialisers',
    })
    started = time.perf_counter()
    for epoch in range(1, epochs + 1):
        batches = listed[epoch - 1] if listed is not None else bucketed_batches(lengths, int(t['batchSize']), rng)
        t0 = time.perf_counter()
        loss_sum = 0.0
        examples = 0
        losses = []
        for b in batches:
            value = train_batch(b)
            if value != value or value in (float('inf'), float('-inf')):
                raise ValueError(f'training diverged at epoch {epoch} (loss {value})')
            loss_sum += value
            losses.append(value)
            examples += len(b)
        seconds = time.perf_counter() - t0
        loss_held, tokens, hyps = held_out(torch, model, source_batch, target_batch, data)
        print(f'torch epoch {epoch}/{epochs}: loss {loss_sum / max(1, len(batches)):.4f}, held-out loss {loss_held:.4f}, '
              f'{seconds:.1f} s ({examples / max(seconds, 1e-9):.0f} examples/s)', file=sys.stderr, flush=True)
        emit(out, {
            'event': 'epoch', 'epoch': epoch, 'trainLoss': loss_sum / max(1, len(batches)), 'seconds': seconds,
            'examples': examples, 'batches': len(batches), 'heldOutLoss': loss_held, 'heldOutTokens': tokens,
            'batchLosses': losses, 'hypotheses': hyps,
        })
    emit(out, {'event': 'end', 'seconds': time.perf_counter() - started})


def throughput(torch, data, threads, out, warmup, timed):
    """Training speed on the engine's batches: the first `warmup` batches of epoch 1 untimed (allocator,
    OpenMP pool and caches warm), then the clock around the next `timed` ones (tensor building included,
    as the engine's window includes its own)."""
    torch.set_num_threads(threads)
    t = data['train']
    torch.manual_seed(int(t['seed']))
    model, source_batch, target_batch = build(torch, data)
    sources, targets = data['trainPairs']['sources'], data['trainPairs']['targets']
    params, train_batch = trainer(torch, model, t, source_batch, target_batch, sources, targets)
    listed = data.get('batches')
    if not listed or len(listed[0]) < warmup + timed:
        raise ValueError(f'--throughput {warmup},{timed} needs {warmup + timed} listed batches in epoch 1 (the file has {len(listed[0]) if listed else 0})')
    batches = listed[0][:warmup + timed]
    for b in batches[:warmup]:
        train_batch(b)
    examples = 0
    t0 = time.perf_counter()
    for b in batches[warmup:]:
        value = train_batch(b)
        if value != value:
            raise ValueError('training diverged (loss nan)')
        examples += len(b)
    seconds = time.perf_counter() - t0
    emit(out, {
        'event': 'throughput', 'torch': torch.__version__, 'threads': torch.get_num_threads(), 'warmup': warmup, 'batches': timed,
        'examples': examples, 'seconds': seconds, 'examplesPerSecond': examples / max(seconds, 1e-9),
        'parameters': sum(p.numel() for p in params),
    })


def sgemm(torch, threads, out, shapes, runs):
    """Best GFLOP/s of torch.mm (float32, into a preallocated output) per M x K x N shape, after 3 warm-up products."""
    torch.set_num_threads(threads)
    torch.manual_seed(0)
    results = []
    for m, k, n in shapes:
        a = torch.randn(m, k)
        b = torch.randn(k, n)
        c = torch.empty(m, n)
        best = float('inf')
        for i in range(runs + 3):
            t0 = time.perf_counter()
            torch.mm(a, b, out=c)
            dt = time.perf_counter() - t0
            if i >= 3:
                best = min(best, dt)
        results.append({'m': m, 'k': k, 'n': n, 'gflops': 2.0 * m * k * n / best / 1e9, 'bestSeconds': best, 'runs': runs})
    emit(out, {'event': 'sgemm', 'torch': torch.__version__, 'threads': torch.get_num_threads(), 'shapes': results})


def parse_shapes(text):
    shapes = []
    for part in text.split(','):
        dims = part.strip().lower().split('x')
        if len(dims) != 3 or not all(d.isdigit() and int(d) > 0 for d in dims):
            raise ValueError(f'--sgemm expects shapes MxKxN separated by commas (got {part!r})')
        shapes.append(tuple(int(d) for d in dims))
    return shapes


def parse_window(text):
    parts = text.split(',')
    if len(parts) != 2 or not all(p.strip().isdigit() for p in parts) or int(parts[1]) < 1:
        raise ValueError(f'--throughput expects WARMUP,BATCHES (integers, at least one timed batch; got {text!r})')
    return int(parts[0]), int(parts[1])


def main(argv):
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--data', help='the ids JSON written by `bench learn`')
    ap.add_argument('--out', default='-', help='JSON lines output file (default stdout)')
    ap.add_argument('--threads', type=int, default=1, help='torch.set_num_threads (default 1)')
    ap.add_argument('--epochs', type=int, help='train this many epochs instead of the file\'s train.epochs')
    ap.add_argument('--probe', action='store_true', help='print the PyTorch version as one JSON line and exit')
    ap.add_argument('--throughput', metavar='W,N', help='time training: W warm-up batches, then N timed ones (epoch 1 of the listed batches)')
    ap.add_argument('--sgemm', metavar='MxKxN,...', help='time torch.mm of these shapes (no --data)')
    ap.add_argument('--runs', type=int, default=20, help='timed products per --sgemm shape (default 20)')
    a = ap.parse_args(argv)
    out = sys.stdout if a.out == '-' else open(a.out, 'w', encoding='utf-8')
    torch = import_torch()
    if not hasattr(torch, 'set_num_threads'):
        emit(out, {'event': 'error' if not a.probe else 'probe', 'torch': None, 'message': f'PyTorch cannot be imported: {torch}'})
        return NO_TORCH
    if a.probe:
        emit(out, {'event': 'probe', 'torch': torch.__version__, 'python': platform.python_version(), 'executable': sys.executable})
        return 0
    try:
        if a.threads < 1 or (a.epochs is not None and a.epochs < 1) or a.runs < 1:
            raise ValueError('--threads, --epochs and --runs must be at least 1')
        if a.sgemm:
            sgemm(torch, a.threads, out, parse_shapes(a.sgemm), a.runs)
            return 0
        if not a.data:
            raise ValueError('--data FILE is required')
        window = parse_window(a.throughput) if a.throughput else None
        with open(a.data, encoding='utf-8') as f:
            data = json.load(f)
        check_data(data)
        if window:
            throughput(torch, data, a.threads, out, *window)
        else:
            run(torch, data, a.threads, out, a.epochs)
        return 0
    except Exception as e:  # reported as a record the caller parses, with the reason
        emit(out, {'event': 'error', 'message': f'{type(e).__name__}: {e}'})
        return 1
    finally:
        if out is not sys.stdout:
            out.close()


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
