/**
 * Mechanism and attention-file format labels in the panel's language (pure): the same English as the
 * shared tables (a unit test holds them equal), looked up in the webview's strings.
 */
import { MECHANISMS, type Mechanism } from '../src/shared/engine/types';
import { ATTENTION_FILE_FORMATS } from '../src/shared/attentionFiles/types';
import { t } from './l10n/strings';

/** A mechanism's label; an id this version does not know (a view saved by another) is shown as it is. */
export function mechanismText(mechanism: string): string {
  const m = MECHANISMS.find(k => k === mechanism) as Mechanism | undefined;
  return m ? t(`mechanism.${m}`) : mechanism;
}

/** An attention file's format label; an unknown format keeps the label the view came with. */
export function attentionFormatText(format: string, fallback: string): string {
  const f = ATTENTION_FILE_FORMATS.find(k => k === format);
  return f ? t(`attentionFormat.${f}`) : fallback;
}
