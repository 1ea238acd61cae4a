/** The meta line of an entry read from an attention file, in English and in Korean. */
import * as assert from 'assert';
import type { AttentionFileOrigin, TranslationEntry } from '../../../src/shared/protocol/webview';
import { attentionFileMetaText } from '../../../webview/attentionFileMeta';
import { setStrings } from '../../../webview/l10n/strings';
import { trickyTranslation } from './sampleViews';
import { useKorean } from './korean';

function fileEntry(origin: Partial<AttentionFileOrigin> | null): TranslationEntry {
  const entry = trickyTranslation().entry;
  if (!origin) return { ...entry, mechanism: 'external' };
  return {
    ...entry, mechanism: 'external',
    attentionFile: {
      format: 'fairseq', formatLabel: 'fairseq output', fileName: 'gen.out', line: 13, sentenceId: 4, rank: 0,
      alignment: 'soft', heads: '', problems: [], ...origin,
    },
  };
}

describe('webview/attentionFileMeta', () => {
  afterEach(() => setStrings('en', {}));

  it('names the toolkit, the file and line, and the kind of alignment', () => {
    assert.strictEqual(attentionFileMetaText(fileEntry({})), 'fairseq generate/interactive output \u00b7 gen.out, line 13 \u00b7 soft attention');
    assert.strictEqual(attentionFileMetaText(fileEntry({ format: 'marian', alignment: 'hard', line: 2 })),
      'Marian output with --alignment (or translation ||| alignment pairs) \u00b7 gen.out, line 2 \u00b7 hard alignment (0/1 links)');
    assert.strictEqual(attentionFileMetaText(fileEntry({ format: 'other', formatLabel: 'Other kit' })), 'Other kit \u00b7 gen.out, line 13 \u00b7 soft attention');
    assert.strictEqual(attentionFileMetaText(fileEntry(null)), 'attention file');
  });

  it('reads in Korean, with the file name and line number unchanged', () => {
    const ko = useKorean();
    assert.strictEqual(attentionFileMetaText(fileEntry({})), 'fairseq generate/interactive 출력 \u00b7 gen.out, 13행 \u00b7 소프트 어텐션');
    assert.strictEqual(attentionFileMetaText(fileEntry({ alignment: 'hard', line: 2 })), `fairseq generate/interactive 출력 \u00b7 gen.out, 2행 \u00b7 ${ko['fileMeta.hard']}`);
    assert.strictEqual(ko['fileMeta.hard'], '하드 정렬(0/1 연결)');
    assert.strictEqual(attentionFileMetaText(fileEntry(null)), '어텐션 파일');
    assert.doesNotMatch(attentionFileMetaText(fileEntry({ alignment: 'hard' })), /line|alignment|attention|links/);
  });
});
