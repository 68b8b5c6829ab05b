import type { I18nText, Lang } from '../../../shared/model';
import { en, zh, type MsgKey } from './messages';

export const LANGS: ReadonlyArray<{ id: Lang; label: string }> = [
  { id: 'en', label: 'English' },
  { id: 'zh', label: '简体中文' },
];
export const DICTS: Record<Lang, Record<MsgKey, string>> = { en, zh };
export const LANG_STORAGE_KEY = 'proclab.lang';

export type Vars = Record<string, string | number>;
export type TFn = (key: MsgKey, vars?: Vars) => string;

/** Fills `{name}` placeholders; an unknown placeholder stays visible so a mistake shows. */
export function format(template: string, vars?: Vars): string {
  if (!vars) return template;
  return template.replace(/\{(\w+)\}/g, (m, name: string) => (name in vars ? String(vars[name]) : m));
}

export function translate(lang: Lang, key: MsgKey, vars?: Vars): string {
  return format(DICTS[lang][key] ?? en[key] ?? key, vars);
}

/** Picks the language of bilingual text from a manifest or a verdict. */
export function pick(lang: Lang, text: I18nText | undefined | null): string {
  if (!text) return '';
  return text[lang] || text.en;
}

export function placeholders(template: string): string[] {
  return [...template.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!).sort();
}

export function initialLang(stored: string | null, navigatorLang: string | undefined): Lang {
  if (stored === 'en' || stored === 'zh') return stored;
  return navigatorLang?.toLowerCase().startsWith('zh') ? 'zh' : 'en';
}
