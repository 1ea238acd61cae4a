/**
 * Every coded message's English template, by code (pure data: the host looks the templates up in its
 * l10n bundle, the unit test checks that each has its Korean). Codes are unique across the tables.
 */
import { ATTENTION_FILE_MESSAGES } from './attentionFileMessages';
import { CARD_MESSAGES } from './cardMessages';
import { DATA_MESSAGES } from './dataMessages';
import { ENGINE_MESSAGES } from './engineMessages';
import { FILE_MESSAGES } from './fileMessages';
import { LABEL_MESSAGES } from './labelMessages';
import { MODEL_FILE_MESSAGES } from './modelFileMessages';
import { WORKER_MESSAGES } from './workerMessages';

export const MESSAGE_TABLES = [WORKER_MESSAGES, ENGINE_MESSAGES, MODEL_FILE_MESSAGES, FILE_MESSAGES, DATA_MESSAGES, LABEL_MESSAGES,
  CARD_MESSAGES, ATTENTION_FILE_MESSAGES] as const;

export const MESSAGES = {
  ...WORKER_MESSAGES, ...ENGINE_MESSAGES, ...MODEL_FILE_MESSAGES, ...FILE_MESSAGES, ...DATA_MESSAGES, ...LABEL_MESSAGES,
  ...CARD_MESSAGES, ...ATTENTION_FILE_MESSAGES,
} as const;
