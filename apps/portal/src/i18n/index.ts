import { useSyncExternalStore } from 'react';
import { en } from './en';
import { vi } from './vi';

export const LANGUAGES = ['vi', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];
const STORAGE_KEY = 'haidang.portal.lang';
type Vars = Record<string, unknown> & { count?: number };
type Tree = { [key: string]: string | Tree };

/**
 * Vietnamese first, English on the switch; the choice is kept on the phone. A few lines instead of i18next: the
 * portal needs only nested keys, {{name}} values and plural forms, and the first load on a poor mobile link is
 * cheaper by some 18 KB of gzipped JavaScript.
 */
const resources: Record<Language, Tree> = { vi, en };
const plural = { vi: new Intl.PluralRules('vi'), en: new Intl.PluralRules('en') };
let language: Language = localStorage.getItem(STORAGE_KEY) === 'en' ? 'en' : 'vi';
const listeners = new Set<() => void>();
document.documentElement.lang = language;

function lookup(tree: Tree, key: string): string | undefined {
  let node: string | Tree | undefined = tree;
  for (const part of key.split('.')) node = typeof node === 'object' ? node[part] : undefined;
  return typeof node === 'string' ? node : undefined;
}

/** The text for `key` in the chosen language (else Vietnamese), with `{{name}}` filled and `_one`/`_other` picked by count. */
export function t(key: string, vars?: Vars): string {
  for (const tree of [resources[language], resources.vi]) {
    const text =
      (vars?.count !== undefined
        ? (lookup(tree, `${key}_${plural[language].select(vars.count)}`) ?? lookup(tree, `${key}_other`))
        : undefined) ?? lookup(tree, key);
    if (text !== undefined) return text.replace(/\{\{(\w+)\}\}/g, (_, name: string) => String(vars?.[name] ?? ''));
  }
  return key;
}

/** Adds a lazily loaded screen's messages (so they stay out of the first load), in both languages. */
export function addMessages(messages: Record<Language, Tree>): void {
  for (const lang of LANGUAGES) Object.assign(resources[lang], messages[lang]);
}

export function setLanguage(next: Language): void {
  localStorage.setItem(STORAGE_KEY, next);
  document.documentElement.lang = next;
  language = next;
  listeners.forEach((l) => l());
}

const i18n = {
  get language(): Language {
    return language;
  },
  t,
};

const subscribe = (listener: () => void) => {
  listeners.add(listener);
  return () => listeners.delete(listener);
};

/** Re-renders the component when the language changes. */
export function useTranslation() {
  useSyncExternalStore(subscribe, () => language);
  return { t, i18n };
}

export default i18n;
