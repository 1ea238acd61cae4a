/**
 * Format detection from a file's name and its first kilobytes only (the extension's workspace scan reads no
 * more), plus the naming rules of line-aligned pairs.
 */
import { coded, type CodedMessage } from '../messages/coded';
import type { DatasetFormat } from './types';
import { binaryReason, HEAD_BYTES, splitLines } from './text';

export interface SniffResult {
  format: DatasetFormat;
  /** Description for pickers, e.g. "Tab-separated pairs (Tatoeba / manythings), with attribution" (`.message`: the English). */
  label: CodedMessage;
  /** Line-aligned only: the target-side file (same folder). */
  partnerName?: string;
}

/** ISO 639-1 codes, and the ISO 639-3 codes common in MT corpora, accepted as `train.<lang>` suffixes. */
const LANGUAGE_CODES = new Set((
  'aa ab ae af ak am an ar as av ay az ba be bg bi bm bn bo br bs ca ce ch co cr cs cu cv cy da de dv dz ee el en eo es ' +
  'et eu fa ff fi fj fo fr fy ga gd gl gn gu gv ha he hi ho hr ht hu hy hz ia id ie ig ii ik io is it iu ja jv ka kg ki kj ' +
  'kk kl km kn ko kr ks ku kv kw ky la lb lg li ln lo lt lu lv mg mh mi mk ml mn mr ms mt my na nb nd ne ng nl nn no nr nv ' +
  'ny oc oj om or os pa pi pl ps pt qu rm rn ro ru rw sa sc sd se sg si sk sl sm sn so sq sr ss st su sv sw ta te tg th ti ' +
  'tk tl tn to tr ts tt tw ty ug uk ur uz ve vi vo wa wo xh yi yo za zh zu ' +
  'eng kor fra deu spa jpn zho cmn rus ita por ara hin vie tha tur nld pol ukr ind heb ell ces swe fin dan nor hun ron ' +
  'bul fas ben urd tam msa'
).split(' '));

function splitPath(name: string): { dir: string; base: string } {
  const cut = Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\'));
  return { dir: name.slice(0, cut + 1), base: name.slice(cut + 1) };
}

export interface LineAlignedMatch {
  /** Whether `name` is the source side (listed) or the target side (its source lists the pair). */
  role: 'source' | 'target';
  /** The other file, with the same folder prefix as `name`. */
  partner: string;
}

/**
 * The partner of a line-aligned file by name: `src-train.txt` <-> `tgt-train.txt` (OpenNMT),
 * `train.src` <-> `train.tgt` / `train.trg`, `train.source` <-> `train.target`, and `train.en` <-> `train.fr`
 * (language codes; this one needs `siblings`, the names of the other files in the folder). For language
 * pairs the source is English if either side is, else the code that sorts first.
 */
export function lineAlignedPartner(name: string, siblings?: readonly string[]): LineAlignedMatch | null {
  const { dir, base } = splitPath(name);
  // `source-target.jsonl` or `src-pairs.csv` hold both sides themselves.
  if (/\.(csv|tsv|jsonl|ndjson|json)$/i.test(base)) return null;
  const siblingBases = siblings ? new Set(siblings.map((s) => splitPath(s).base)) : null;
  const choose = (candidates: string[]): string =>
    candidates.find((c) => siblingBases?.has(c)) ?? candidates[0];
  let m = /^(src|source)([-_.].+)$/i.exec(base);
  if (m) return { role: 'source', partner: dir + choose([(m[1].length === 3 ? 'tgt' : 'target') + m[2]]) };
  m = /^(tgt|target)([-_.].+)$/i.exec(base);
  if (m) return { role: 'target', partner: dir + choose([(m[1].length === 3 ? 'src' : 'source') + m[2]]) };
  m = /^(.+)\.(src|source)$/i.exec(base);
  if (m) return { role: 'source', partner: dir + choose(m[2].length === 3 ? [`${m[1]}.tgt`, `${m[1]}.trg`] : [`${m[1]}.target`]) };
  m = /^(.+)\.(tgt|trg|target)$/i.exec(base);
  if (m) return { role: 'target', partner: dir + choose(m[2].length === 3 ? [`${m[1]}.src`] : [`${m[1]}.source`]) };
  m = /^(.+)\.([a-z]{2,3})$/.exec(base);
  if (m && siblingBases && LANGUAGE_CODES.has(m[2])) {
    const stem = m[1];
    const code = m[2];
    const others = [...siblingBases]
      .map((s) => /^(.+)\.([a-z]{2,3})$/.exec(s))
      .filter((x): x is RegExpExecArray => x !== null && x[1] === stem && x[2] !== code && LANGUAGE_CODES.has(x[2]))
      .map((x) => x[2])
      .sort();
    if (others.length === 0) return null;
    const other = others.includes('en') ? 'en' : others.includes('eng') ? 'eng' : others[0];
    const isSource = code === 'en' || code === 'eng' || (other !== 'en' && other !== 'eng' && code < other);
    return { role: isSource ? 'source' : 'target', partner: `${dir}${stem}.${other}` };
  }
  return null;
}

const LANGUAGE_TAG = /^[a-z]{2,3}(?:[_-][A-Za-z0-9]+)*$/;

/**
 * The complete lines of a head: a last line without a line break may be cut off (the caller may pass any
 * prefix of the file), so it only counts when it is the only line.
 */
function headLines(head: Uint8Array): string[] {
  let text = new TextDecoder('utf-8').decode(head.subarray(0, HEAD_BYTES), { stream: true });
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const lines = splitLines(text);
  if (!/[\r\n]$/.test(text) && lines.length > 1) lines.pop();
  return lines.filter((l) => l.trim() !== '').slice(0, 50);
}

function share(lines: string[], test: (l: string) => boolean): number {
  return lines.length === 0 ? 0 : lines.filter(test).length / lines.length;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function sniffJsonl(lines: string[]): CodedMessage | null {
  if (lines.length === 0) return null;
  try {
    const v: unknown = JSON.parse(lines[0]);
    if (!isRecord(v)) return null;
    if (isRecord(v.translation)) return coded('data.sniffJsonlTranslation', { languages: Object.keys(v.translation).join(' → ') });
    if ('source' in v && 'target' in v) return coded('data.sniffJsonlSourceTarget');
  } catch {
    return null;
  }
  return null;
}

/**
 * Tab-separated (Tatoeba, Tatoeba Challenge) or fixed-width, from the lines' shape: the shape most lines
 * have wins, when at least half of them have it (a few malformed lines still let the reader report them).
 */
function sniffColumns(lines: string[]): SniffResult | null {
  if (lines.length === 0) return null;
  const cols = (l: string): string[] => l.split('\t');
  const challenge = share(lines, (l) => {
    const c = cols(l);
    return c.length === 4 && LANGUAGE_TAG.test(c[0]) && LANGUAGE_TAG.test(c[1]);
  });
  const tatoeba = share(lines, (l) => {
    const c = cols(l);
    return (c.length === 2 || c.length === 3) && c[0].trim() !== '';
  });
  const column = lines[0].indexOf('_');
  const fixed = column > 0 ? share(lines, (l) => !l.includes('\t') && l[column] === '_') : 0;
  const best = Math.max(challenge, tatoeba, fixed);
  if (best < 0.5) return null;
  if (challenge === best) {
    const [a, b] = cols(lines[0]);
    return { format: 'tsv-challenge', label: coded('data.sniffChallenge', { source: a, target: b }) };
  }
  if (tatoeba === best) {
    const attributed = share(lines, (l) => cols(l).length === 3) >= 0.5;
    return { format: 'tsv-tatoeba', label: attributed ? coded('data.sniffTatoebaAttributed') : coded('data.formatTatoeba') };
  }
  return { format: 'fixed-width', label: coded('data.sniffFixedWidth') };
}

/**
 * Recognises a dataset from its name and first kilobytes, or returns null. `siblings` (other files in the
 * same folder) lets it pair `train.en` with `train.fr`. The target side of a line-aligned pair returns null
 * so a workspace scan lists each pair once, under its source file (use `lineAlignedPartner` to go from
 * either side to the other).
 */
export function sniffDataset(name: string, head: Uint8Array, siblings?: readonly string[]): SniffResult | null {
  if (head.length === 0 || binaryReason(head) !== null) return null;
  const { base } = splitPath(name);
  const lines = headLines(head);
  if (lines.length === 0) return null;
  const pair = lineAlignedPartner(name, siblings);
  if (pair) {
    if (pair.role === 'target') return null;
    return { format: 'line-aligned', label: coded('data.sniffLineAligned', { source: base, target: splitPath(pair.partner).base }), partnerName: pair.partner };
  }
  const dot = base.lastIndexOf('.');
  const ext = dot > 0 ? base.slice(dot + 1).toLowerCase() : '';
  if (ext === 'jsonl' || ext === 'ndjson') return { format: 'jsonl', label: sniffJsonl(lines) ?? coded('data.formatJsonl') };
  if (ext === 'csv') {
    const header = lines[0].includes(',') ? lines[0].split(',') : lines[0].split(';');
    if (header.length < 2) return null;
    return { format: 'csv', label: coded('data.sniffCsv', { columns: header.map((h) => h.trim().replace(/^"|"$/g, '')).join(', ') }) };
  }
  const jsonLabel = sniffJsonl(lines);
  if (jsonLabel) return { format: 'jsonl', label: jsonLabel };
  if (['', 'tsv', 'txt', 'tab', 'text', 'data', 'dat'].includes(ext)) return sniffColumns(lines);
  return null;
}
