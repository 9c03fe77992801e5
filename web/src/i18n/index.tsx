import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import { DICTIONARIES, type Dict } from './dictionaries.ts';
import { errorParams, errorText } from './error-text.ts';
import type { Lang } from './types.ts';

export type { Dict } from './dictionaries.ts';
export type { Lang } from './types.ts';

const DICTS = DICTIONARIES;
const KEY = 'vintedbot.lang';

interface I18n {
  lang: Lang;
  locale: string;
  t: Dict;
  setLang(l: Lang): void;
  money(v: number | null | undefined): string;
  date(iso: string | null | undefined, withTime?: boolean): string;
  number(v: number, digits?: number): string;
  /** An API error code (with its details) in the seller's words; an unknown code reads as a generic sentence. */
  errorText(code: string | null | undefined, details?: unknown): string;
}

const Ctx = createContext<I18n | null>(null);

function initialLang(): Lang {
  try {
    return localStorage.getItem(KEY) === 'en' ? 'en' : 'fr';
  } catch {
    return 'fr';
  }
}

export function I18nProvider({ children }: { children: ReactNode }) {
  const [lang, setLangState] = useState<Lang>(initialLang);
  useEffect(() => {
    document.documentElement.lang = lang;
  }, [lang]);
  const setLang = useCallback((l: Lang) => {
    setLangState(l);
    try {
      localStorage.setItem(KEY, l);
    } catch {
      // storage unavailable: the choice lasts for this tab
    }
  }, []);
  const value = useMemo<I18n>(() => {
    const locale = lang === 'fr' ? 'fr-FR' : 'en-GB';
    const eur = new Intl.NumberFormat(locale, { style: 'currency', currency: 'EUR' });
    const d = new Intl.DateTimeFormat(locale, { dateStyle: 'medium' });
    const dt = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' });
    return {
      lang, locale, t: DICTS[lang], setLang,
      money: (v) => (v === null || v === undefined ? '–' : eur.format(v)),
      date: (iso, withTime) => (iso ? (withTime ? dt : d).format(new Date(iso)) : '–'),
      number: (v, digits = 0) => new Intl.NumberFormat(locale, { maximumFractionDigits: digits }).format(v),
      errorText: (code, details) => errorText(DICTS[lang].errors, code, errorParams(details)),
    };
  }, [lang, setLang]);
  return <Ctx.Provider value={value}>{children}</Ctx.Provider>;
}

export function useI18n(): I18n {
  const v = useContext(Ctx);
  if (!v) throw new Error('useI18n outside I18nProvider');
  return v;
}

export const dictionaries = DICTS;
