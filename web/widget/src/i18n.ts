import en from '../i18n/en.json';
import ar from '../i18n/ar.json';

type Entry = string | Partial<Record<Intl.LDMLPluralRule, string>>;
export type Messages = Record<keyof typeof en, Entry>;
export type MessageKey = keyof typeof en;

const CATALOGUES: Record<string, Messages> = { en, ar };
/** Scripts written right to left; a language missing here falls back to the page's dir. */
const RTL = new Set(['ar', 'he', 'fa', 'ur']);

export interface I18n {
  lang: string;
  dir: 'ltr' | 'rtl';
  t(key: MessageKey, vars?: Record<string, string | number>): string;
  date(iso: string): string;
}

export function createI18n(requested: string | undefined): I18n {
  const tag = (requested || document.documentElement.lang || navigator.language || 'en').toLowerCase();
  const base = tag.split('-')[0] ?? 'en';
  const lang = CATALOGUES[base] ? base : 'en';
  const messages = CATALOGUES[lang]!;
  const plural = new Intl.PluralRules(lang);
  const dates = new Intl.DateTimeFormat(lang, { dateStyle: 'medium', timeStyle: 'short' });
  return {
    lang,
    dir: RTL.has(base) ? 'rtl' : 'ltr',
    t(key, vars = {}) {
      const entry: Entry = messages[key] ?? en[key];
      let text: string;
      if (typeof entry === 'string') text = entry;
      else {
        const n = Number(vars.n ?? 0);
        // "zero" is an explicit wording for none in every language, not only where CLDR has the category.
        text = (n === 0 ? entry.zero : undefined) ?? entry[plural.select(n)] ?? entry.other ?? '';
      }
      return text.replace(/\{(\w+)\}/g, (_, v: string) => String(vars[v] ?? ''));
    },
    date: (iso) => dates.format(new Date(iso)),
  };
}
