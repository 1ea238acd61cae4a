// TEMPORARY dev-only: trains stand-in date models until the shipped ones exist. Deleted before delivery.
import * as vscode from 'vscode';
import { copyFixture, getApi } from './helpers';
describe('dev stand-in models', function () {
  this.timeout(300_000);
  it('trains stand-ins', async () => {
    await getApi();
    const file = await copyFixture('dates-small.txt', 'dates-dev.txt');
    for (const mechanism of ['bahdanau', 'luong-dot', 'baseline', 'peeky']) {
      await vscode.commands.executeCommand('seq2seqAttention.trainFromWorkspace',
        { file, epochs: 2, modelId: `date-${mechanism}`, preset: 'tiny', batchSize: 32, mechanism, makeActive: false, task: 'date' });
    }
  });
});
