import type { Label } from '@dixian/core';
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { messages, type MessageKey } from './messages';

/**
 * The UI language. zh-CN is the default; the English switch is remembered in localStorage. Every text the UI
 * shows is one of: a message key (./messages.ts), a core label ({ zh, en }, e.g. `Role.labels[role]`), or a
 * server message ("中文 / English", see `localize`).
 */
export type Lang = 'zh' | 'en';

const STORAGE_KEY = 'dixian.lang';

function initialLang(): Lang {
  try {
    return localStorage.getItem(STORAGE_KEY) === 'en' ? 'en' : 'zh';
  } catch {
    return 'zh';
  }
}

/**
 * A server message is "中文 / English" (docs/ARCHITECTURE.md, errors): pick the half for the language. The
 * separator is the first " / " (the English half may itself contain slashes); text without it is shown whole.
 */
export function localize(message: string, lang: Lang): string {
  const i = message.indexOf(' / ');
  if (i < 0) return message;
  return lang === 'zh' ? message.slice(0, i) : message.slice(i + 3);
}

export interface I18n {
  lang: Lang;
  setLang: (lang: Lang) => void;
  /** a UI message by key; `{name}` placeholders are filled from `vars` */
  t: (key: MessageKey, vars?: Record<string, string | number>) => string;
  /** a core label or any { zh, en } pair, in the current language */
  L: (label: Label | null | undefined) => string;
  /** the label of an enum value from core (`enumLabel(RiskType, 'illness')`), or the raw value if unknown */
  enumLabel: <V extends string>(e: { labels: Record<V, Label> }, value: V | null | undefined) => string;
  /** a server message "中文 / English" in the current language */
  localize: (message: string) => string;
}

const I18nContext = createContext<I18n | null>(null);

export function fill(text: string, vars?: Record<string, string | number>): string {
  if (!vars) return text;
  return text.replace(/\{(\w+)\}/g, (m, k: string) => (k in vars ? String(vars[k]) : m));
}

export function I18nProvider({ children }: { children: ReactNode }) {
  const [lang, setLangState] = useState<Lang>(initialLang);
  const setLang = useCallback((next: Lang) => {
    setLangState(next);
    try {
      localStorage.setItem(STORAGE_KEY, next);
    } catch {
      // private mode: the choice lasts for this page only
    }
  }, []);
  useEffect(() => {
    document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
  }, [lang]);
  const value = useMemo<I18n>(
    () => ({
      lang,
      setLang,
      t: (key, vars) => fill(messages[key][lang], vars),
      L: (label) => (label ? label[lang] : ''),
      enumLabel: (e, value) => (value == null ? '' : (e.labels[value]?.[lang] ?? value)),
      localize: (message) => localize(message, lang),
    }),
    [lang, setLang],
  );
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  const ctx = useContext(I18nContext);
  if (!ctx) throw new Error('useI18n outside I18nProvider');
  return ctx;
}
