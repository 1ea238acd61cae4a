/** What the panel's model buttons ask the host for (it checks the id against what the view offers). */
import { post } from './vscodeApi';

export function useModel(modelId: string): void {
  post({ type: 'useModel', modelId });
}

export function openModelCard(modelId: string): void {
  post({ type: 'openModelCard', modelId });
}
