/**
 * An index of a large fairseq output, built from its bytes chunk by chunk (the file is never held
 * whole): for each sentence id, the byte range of its lines, its first line number, and the text of its
 * S- line and first H- line (for the sentence list). One sentence is then read on demand: its byte range
 * decoded and given to readFairseq. Pure: the caller reads the chunks (Node streams, workspace.fs).
 */

export interface IndexedSentence {
  id: number;
  /** Byte range [start, end) holding every line of the sentence (ids printed apart widen it). */
  start: number;
  end: number;
  /** 1-based number of the range's first line. */
  line: number;
  source: string;
  hypothesis: string;
  hypotheses: number;
  hasAlignment: boolean;
}

const NL = 0x0a;
const TAB = 0x09;
const DASH = 0x2d;
const decoder = new TextDecoder('utf-8');

export class FairseqIndexer {
  private readonly byId = new Map<number, IndexedSentence>();
  /** The unfinished last line of the previous chunk. */
  private carry: Uint8Array = new Uint8Array(0);
  private offset = 0;
  private lineNo = 1;
  /** Lines that look like fairseq's (X-id<TAB>); detection needs some S- and H- lines. */
  sentenceLines = 0;

  /** Bytes read so far. */
  get bytes(): number {
    return this.offset;
  }

  get size(): number {
    return this.byId.size;
  }

  push(chunk: Uint8Array): void {
    let data = chunk;
    const base = this.offset - this.carry.length;
    if (this.carry.length) {
      data = new Uint8Array(this.carry.length + chunk.length);
      data.set(this.carry);
      data.set(chunk, this.carry.length);
    }
    let start = 0;
    for (;;) {
      const nl = data.indexOf(NL, start);
      if (nl < 0) break;
      this.line(data, start, nl + 1, base + start);
      start = nl + 1;
    }
    this.carry = data.slice(start);
    this.offset += chunk.length;
  }

  /** The index, sorted by id; call once after the last chunk. */
  finish(): IndexedSentence[] {
    if (this.carry.length) this.line(this.carry, 0, this.carry.length, this.offset - this.carry.length);
    this.carry = new Uint8Array(0);
    return [...this.byId.values()].sort((a, b) => a.id - b.id);
  }

  private line(data: Uint8Array, from: number, to: number, at: number): void {
    const no = this.lineNo++;
    const tag = data[from];
    if (!(tag >= 0x41 && tag <= 0x5a) || data[from + 1] !== DASH) return;
    let i = from + 2;
    let id = 0;
    let digits = 0;
    while (i < to && data[i] >= 0x30 && data[i] <= 0x39) { id = id * 10 + (data[i] - 0x30); i++; digits++; }
    if (digits === 0 || data[i] !== TAB) return;
    this.sentenceLines++;
    let s = this.byId.get(id);
    if (!s) {
      s = { id, start: at, end: at + (to - from), line: no, source: '', hypothesis: '', hypotheses: 0, hasAlignment: false };
      this.byId.set(id, s);
    }
    // Lines come in file order: a sentence's range only grows at its end.
    s.end = at + (to - from);
    const text = (): string => decoder.decode(data.subarray(i + 1, to)).replace(/\r?\n$/, '').replace(/\r$/, '');
    if (tag === 0x53) s.source = text(); // S
    else if (tag === 0x48) { // H: score<TAB>hypothesis
      s.hypotheses++;
      if (s.hypotheses === 1) {
        const t = text();
        s.hypothesis = t.slice(t.indexOf('\t') + 1);
      }
    } else if (tag === 0x41) s.hasAlignment = true; // A
  }
}
