/** Token units in messages ("3 characters", "1 word"), coded like the messages around them. */
import type { TokenizerKind } from '../engine/types';
import { coded, type CodedMessage } from './coded';

export function unitMessage(kind: TokenizerKind, count: number): CodedMessage {
  const one = count === 1;
  if (kind === 'char') return one ? coded('unit.character') : coded('unit.characters');
  if (kind === 'word') return one ? coded('unit.word') : coded('unit.words');
  return one ? coded('unit.subwordPiece') : coded('unit.subwordPieces');
}
