/**
 * Every English string table of the webview (pure data, no DOM: the host imports this to translate them,
 * the unit test to check that each has its Korean). A new part of the panel adds its table here; ids
 * must be unique across tables (checked by the test).
 */
import { EXPORT_STRINGS } from './exportStrings';
import { INSPECTOR_STRINGS } from './inspectorStrings';
import { PANEL_STRINGS } from './panelStrings';
import { QUALITY_STRINGS } from './qualityStrings';
import { READOUT_STRINGS } from './readoutStrings';

export const STRING_TABLES = [PANEL_STRINGS, QUALITY_STRINGS, EXPORT_STRINGS, READOUT_STRINGS, INSPECTOR_STRINGS] as const;

type Tables = typeof STRING_TABLES[number];
type UnionToIntersection<U> = (U extends unknown ? (x: U) => void : never) extends (x: infer I) => void ? I : never;
/** Every id of every table, with its English text. */
export type WebviewStrings = UnionToIntersection<Tables>;
export type StringId = keyof WebviewStrings & string;

/** All tables merged: id -> English text. */
export const ENGLISH_STRINGS: Record<StringId, string> = Object.assign({}, ...STRING_TABLES) as Record<StringId, string>;
