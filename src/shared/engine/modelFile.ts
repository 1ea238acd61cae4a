// STUB (owned by the kernels/model-file helper).
import type { ModelFileMeta, NamedWeight } from './api';
import type { Seq2SeqModel } from './model';
import type { ModelConfig, ModelInfo } from './types';
export const MODEL_FILE_EXTENSION = '.s2s';
export interface ModelFileHeader { format: string; version: number; config: ModelConfig; sourceVocab: string[]; targetVocab: string[]; meta: ModelFileMeta }
export function serializeModel(model: Seq2SeqModel, meta: ModelFileMeta): Uint8Array { void model; void meta; throw new Error('not implemented'); }
export function parseModelFile(bytes: Uint8Array, name: string): { header: ModelFileHeader; weights: NamedWeight[] } { void bytes; void name; throw new Error('not implemented'); }
export async function saveModelFile(path: string, model: Seq2SeqModel, meta: ModelFileMeta): Promise<void> { void path; void model; void meta; throw new Error('not implemented'); }
export async function loadModelFile(path: string): Promise<{ model: Seq2SeqModel; info: ModelInfo }> { void path; throw new Error('not implemented'); }
export function readModelInfo(path: string, shipped: boolean): ModelInfo { void path; void shipped; throw new Error('not implemented'); }
