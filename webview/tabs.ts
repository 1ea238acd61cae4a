/**
 * The panel's "Translation" / "Training" tabs (WAI-ARIA tabs pattern): a tablist of two tabs, the active
 * one in the Tab order and marked aria-selected, Left/Right/Home/End move between them and show the
 * tab at once. Shown only while there is both a result and a training view; the Training tab carries a
 * "running" badge while a run goes on, so progress is not lost from sight behind a translation.
 */
import { h } from './dom';
import { t } from './l10n/strings';

export type PanelTab = 'result' | 'training';

const TABS: readonly PanelTab[] = ['result', 'training'];

export interface PanelTabs {
  element: HTMLElement;
  update(state: { visible: boolean; active: PanelTab; running: boolean }): void;
  isVisible(): boolean;
  tabId(tab: PanelTab): string;
  /** Redraws the labels in the current language. */
  relabel(): void;
}

/** The tab that arrow key `key` moves to from `from` (null: not a tab key). */
export function tabAfterKey(from: PanelTab, key: string): PanelTab | null {
  const k = TABS.indexOf(from);
  switch (key) {
    case 'ArrowRight': return TABS[(k + 1) % TABS.length];
    case 'ArrowLeft': return TABS[(k + TABS.length - 1) % TABS.length];
    case 'Home': return TABS[0];
    case 'End': return TABS[TABS.length - 1];
    default: return null;
  }
}

export function renderTabs(onSelect: (tab: PanelTab) => void): PanelTabs {
  let state = { visible: false, active: 'result' as PanelTab, running: false };
  const tabId = (tab: PanelTab): string => `tab-${tab}`;
  const label = h('span', {});
  const trainingLabel = h('span', {});
  const badge = h('span', { class: 'badge state-running tab-badge', attrs: { hidden: true } });
  const buttons: Record<PanelTab, HTMLButtonElement> = {
    result: h('button', { class: 'tab', attrs: { type: 'button', role: 'tab', id: tabId('result'), 'aria-controls': 'tab-panel' }, data: { tab: 'result' } }, label),
    training: h('button', { class: 'tab', attrs: { type: 'button', role: 'tab', id: tabId('training'), 'aria-controls': 'tab-panel' }, data: { tab: 'training' } }, trainingLabel, badge),
  };
  const element = h('div', { class: 'tabs', attrs: { role: 'tablist', hidden: true } }, buttons.result, buttons.training);
  for (const tab of TABS) {
    buttons[tab].addEventListener('click', () => { if (tab !== state.active) onSelect(tab); });
    buttons[tab].addEventListener('keydown', (event) => {
      const next = tabAfterKey(tab, event.key);
      if (!next) return;
      event.preventDefault();
      buttons[next].focus();
      if (next !== state.active) onSelect(next);
    });
  }

  function relabel(): void {
    element.setAttribute('aria-label', t('tabs.label'));
    label.textContent = t('tabs.translation');
    trainingLabel.textContent = t('tabs.training');
    badge.textContent = t('tabs.running');
  }
  relabel();

  return {
    element,
    relabel,
    tabId,
    isVisible: () => state.visible,
    update(next) {
      state = { ...next };
      element.hidden = !next.visible;
      for (const tab of TABS) {
        const selected = tab === next.active;
        buttons[tab].setAttribute('aria-selected', String(selected));
        buttons[tab].tabIndex = selected ? 0 : -1;
      }
      badge.hidden = !next.running;
    },
  };
}
