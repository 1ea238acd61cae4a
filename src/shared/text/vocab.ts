/**
 * A token <-> id table with the four special tokens at fixed ids. Built from data with a size cap and a
 * minimum frequency; serialised into model files as a plain token list.
 */
export const PAD = '<pad>';
export const SOS = '<sos>';
export const EOS = '<eos>';
export const UNK = '<unk>';
export const PAD_ID = 0;
export const SOS_ID = 1;
export const EOS_ID = 2;
export const UNK_ID = 3;
export const SPECIAL_TOKENS: readonly string[] = [PAD, SOS, EOS, UNK];

export interface VocabBuildOptions {
  /** Including the four special tokens. */
  maxSize: number;
  minFrequency: number;
}

export interface VocabBuildReport {
  vocab: Vocab;
  /** Distinct tokens seen, and how many were left out by the caps (they map to <unk>). */
  distinct: number;
  droppedByCap: number;
}

export class Vocab {
  private readonly index = new Map<string, number>();

  constructor(readonly tokens: readonly string[]) {
    SPECIAL_TOKENS.forEach((t, i) => {
      if (tokens[i] !== t) throw new Error(`Vocabulary must start with ${SPECIAL_TOKENS.join(', ')}; found '${tokens[i]}' at ${i}`);
    });
    tokens.forEach((t, i) => this.index.set(t, i));
    if (this.index.size !== tokens.length) throw new Error('Vocabulary has duplicate tokens');
  }

  /** Most frequent first, ties broken by first appearance so a fixed corpus gives a fixed vocabulary. */
  static build(sequences: Iterable<readonly string[]>, options: VocabBuildOptions): VocabBuildReport {
    const counts = new Map<string, number>();
    for (const seq of sequences) for (const t of seq) counts.set(t, (counts.get(t) ?? 0) + 1);
    const ranked = [...counts.entries()]
      .map(([token, count], order) => ({ token, count, order }))
      .filter(e => !SPECIAL_TOKENS.includes(e.token))
      .sort((a, b) => b.count - a.count || a.order - b.order);
    const room = Math.max(0, options.maxSize - SPECIAL_TOKENS.length);
    const kept = ranked.filter(e => e.count >= options.minFrequency).slice(0, room);
    return {
      vocab: new Vocab([...SPECIAL_TOKENS, ...kept.map(e => e.token)]),
      distinct: ranked.length,
      droppedByCap: ranked.length - kept.length,
    };
  }

  get size(): number {
    return this.tokens.length;
  }

  id(token: string): number {
    return this.index.get(token) ?? UNK_ID;
  }

  has(token: string): boolean {
    return this.index.has(token);
  }

  encode(tokens: readonly string[]): number[] {
    return tokens.map(t => this.id(t));
  }

  token(id: number): string {
    return this.tokens[id] ?? UNK;
  }

  toJSON(): string[] {
    return [...this.tokens];
  }

  static fromJSON(value: unknown): Vocab {
    if (!Array.isArray(value) || !value.every(t => typeof t === 'string')) {
      throw new Error('Vocabulary must be a list of strings');
    }
    return new Vocab(value);
  }
}
