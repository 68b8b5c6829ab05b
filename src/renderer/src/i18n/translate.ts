import { fillTemplate } from '../../../shared/engine-texts';
import type { Claim, I18nText, Lang } from '../../../shared/model';
import { en, zh, type MsgKey } from './messages';

export const LANGS: ReadonlyArray<{ id: Lang; label: string }> = [
  { id: 'en', label: 'English' },
  { id: 'zh', label: '简体中文' },
];
export const DICTS: Record<Lang, Record<MsgKey, string>> = { en, zh };
export const LANG_STORAGE_KEY = 'proclab.lang';

export type Vars = Record<string, string | number>;
export type TFn = (key: MsgKey, vars?: Vars) => string;

// One template filler for the UI's strings and the engine's (src/shared/engine-texts.ts).
export { fillTemplate as format, placeholders } from '../../../shared/engine-texts';

export function translate(lang: Lang, key: MsgKey, vars?: Vars): string {
  return fillTemplate(DICTS[lang][key] ?? en[key] ?? key, vars);
}

/** Picks the language of bilingual text from a manifest or a verdict. */
export function pick(lang: Lang, text: I18nText | undefined | null): string {
  if (!text) return '';
  return text[lang] || text.en;
}

/** A claim's measured figures in the UI language; journals written before `measuredText` existed only have the English. */
export function pickMeasured(lang: Lang, claim: Pick<Claim, 'measured' | 'measuredText'>): string {
  return claim.measuredText ? pick(lang, claim.measuredText) : claim.measured;
}

export function initialLang(stored: string | null, navigatorLang: string | undefined): Lang {
  if (stored === 'en' || stored === 'zh') return stored;
  return navigatorLang?.toLowerCase().startsWith('zh') ? 'zh' : 'en';
}
