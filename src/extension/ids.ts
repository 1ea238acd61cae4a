import { SETTINGS } from '../shared/settings';

/** Every id the extension contributes, with one prefix: commands, settings, context keys, view types. */
export const PREFIX = 'seq2seqAttention';

/** The model Translate Selection uses until the user picks another (the `activeModel` setting's default). */
export const DEFAULT_ACTIVE_MODEL = SETTINGS.activeModel.default;

export const Commands = {
  translateSelection: `${PREFIX}.translateSelection`,
  compareMechanisms: `${PREFIX}.compareMechanisms`,
  trainFromWorkspace: `${PREFIX}.trainFromWorkspace`,
  cancelTraining: `${PREFIX}.cancelTraining`,
  selectModel: `${PREFIX}.selectModel`,
  renameModel: `${PREFIX}.renameModel`,
  deleteModel: `${PREFIX}.deleteModel`,
  showPanel: `${PREFIX}.showPanel`,
  exportAttention: `${PREFIX}.exportAttention`,
  showModelCard: `${PREFIX}.showModelCard`,
  openSampleDates: `${PREFIX}.openSampleDates`,
  openWalkthrough: `${PREFIX}.openWalkthrough`,
  openAttentionFile: `${PREFIX}.openAttentionFile`,
  toggleEosColumn: `${PREFIX}.toggleEosColumn`,
  chooseAttentionHeads: `${PREFIX}.chooseAttentionHeads`,
} as const;

/** The Get Started walkthrough (package.json `walkthroughs`), as `workbench.action.openWalkthrough` names it. */
export const WALKTHROUGH_ID = 'seq2seq-explorer.seq2seq-attention-explorer#learn';

export const ContextKeys = {
  /** True while a training run is in progress (enables Cancel Training). */
  training: `${PREFIX}.training`,
  /** True once the panel has something to export. */
  hasView: `${PREFIX}.hasView`,
  /** Walkthrough progress: the step inspector showed a step; it showed a Bahdanau and a Luong step; an output was forced. */
  inspectedStep: `${PREFIX}.inspectedStep`,
  inspectedBahdanauAndLuong: `${PREFIX}.inspectedBahdanauAndLuong`,
  forcedOutput: `${PREFIX}.forcedOutput`,
} as const;

export const PANEL_VIEW_TYPE = `${PREFIX}.panel`;
