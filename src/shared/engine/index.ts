/** The engine's public surface: everything the worker, the CLI and the tests use. */
export * from './types';
export * from './config';
export * from './api';
export { initBackend, currentBackend } from './backend';
export { AUTO_PLAN, describePlan } from './executionPlan';
export { configureNativeKernels, nativeStatus } from './kernels/nativeModule';
export { Seq2SeqModel } from './model';
export { CONFIG_LIMITS, MAX_PARAMETERS, MAX_VOCAB_SIZE, ModelConfigError, TrainConfigError, checkModelConfig, modelConfigProblems } from './configCheck';
export { maxTextChars, rawLengthProblem } from './batching';
export { trainModel, evaluateModel, encodePairsForModel, scoreHypothesisIds, bucketedBatches, shuffleStream, evalBatchSize, type EncodedPair } from './train';
export { ADAM_DEFAULTS } from './optimizer';
export { bestEpochOf } from './bestEpoch';
export { serializeModel, parseModelFile, saveModelFile, loadModelFile, readModelInfo, updateModelMeta, writeFileAtomic, ModelFileError, MAX_MODEL_FILE_BYTES, MODEL_FILE_EXTENSION, type SaveOptions } from './modelFile';
export { WEIGHT_DTYPES, type WeightDtype } from './weightCodec';
export { calibrateModel, decodePairs, decodeScored, type CalibrateOptions, type CalibrationReport, type ScoredInput, type ScoredPair } from './calibration';
export type { ContextEntry, DecodeTrace, ForceMode, StepTrace, TracedDecode } from './traceTypes';
export { MAX_MODEL_LABEL_LENGTH, modelLabelProblem, modelLabelProblemMessage, modelLabelProblemText, type ModelLabelProblem } from './modelLabel';
export { acquireOutputLock, removeStaleTemporaries, OutputBusyError } from './outputLock';
