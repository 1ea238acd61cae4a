/** Every id the extension contributes, with one prefix: commands, settings, context keys, view types. */
export const PREFIX = 'seq2seqAttention';

/** The model Translate Selection uses until the user picks another; package.json's `activeModel` default is the same. */
export const DEFAULT_ACTIVE_MODEL = 'date-formats-bahdanau';

export const Commands = {
  translateSelection: `${PREFIX}.translateSelection`,
  compareMechanisms: `${PREFIX}.compareMechanisms`,
  trainFromWorkspace: `${PREFIX}.trainFromWorkspace`,
  cancelTraining: `${PREFIX}.cancelTraining`,
  selectModel: `${PREFIX}.selectModel`,
  showPanel: `${PREFIX}.showPanel`,
  exportAttention: `${PREFIX}.exportAttention`,
  showModelCard: `${PREFIX}.showModelCard`,
  openAttentionFile: `${PREFIX}.openAttentionFile`,
  toggleEosColumn: `${PREFIX}.toggleEosColumn`,
  chooseAttentionHeads: `${PREFIX}.chooseAttentionHeads`,
} as const;

export const ContextKeys = {
  /** True while a training run is in progress (enables Cancel Training). */
  training: `${PREFIX}.training`,
  /** True once the panel has something to export. */
  hasView: `${PREFIX}.hasView`,
} as const;

export const PANEL_VIEW_TYPE = `${PREFIX}.panel`;
