/** The shipped Korean l10n bundle, and a coded message rendered from it as the host does under Korean. */
import * as fs from 'fs';
import * as path from 'path';
import { projectRoot } from '../../src/scripts/projectRoot';
import { renderMessage, type CodedMessage } from '../../src/shared/messages/coded';

/** English text -> Korean text (l10n/bundle.l10n.ko.json). */
export function koreanBundle(): Record<string, string> {
  return JSON.parse(fs.readFileSync(path.join(projectRoot(), 'l10n', 'bundle.l10n.ko.json'), 'utf8')) as Record<string, string>;
}

/** `m` in Korean: each template looked up in the bundle (`localized()` under VS Code's Korean). */
export function koreanMessage(m: CodedMessage, bundle: Record<string, string> = koreanBundle()): string {
  return renderMessage(m, english => bundle[english]);
}
