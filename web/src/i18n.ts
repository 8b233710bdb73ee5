// zh-CN first, English second. The choice is kept in localStorage and drives i18next, antd's
// ConfigProvider locale, and which of the server's bilingual messages is shown.
import i18n from 'i18next';
import { initReactI18next, useTranslation } from 'react-i18next';
import { en } from './locales/en';
import { zhCN } from './locales/zh-cn';

export type Lang = 'zh-CN' | 'en';
export const langs: readonly Lang[] = ['zh-CN', 'en'];
const storageKey = 'wangge.lang';

function storedLang(): Lang {
  try {
    const value = localStorage.getItem(storageKey);
    return value === 'en' ? 'en' : 'zh-CN';
  } catch {
    return 'zh-CN';
  }
}

declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'translation';
    resources: { translation: typeof zhCN };
  }
}

void i18n.use(initReactI18next).init({
  resources: { 'zh-CN': { translation: zhCN }, en: { translation: en } },
  lng: storedLang(),
  fallbackLng: 'zh-CN',
  interpolation: { escapeValue: false },
  returnNull: false,
});
document.documentElement.lang = i18n.language;

export function setLang(lang: Lang): void {
  try {
    localStorage.setItem(storageKey, lang);
  } catch {
    // Private mode or storage full: the switch still works for this page load.
  }
  document.documentElement.lang = lang;
  void i18n.changeLanguage(lang);
}

/** The current language, re-rendering when it changes. */
export function useLang(): Lang {
  const { i18n: instance } = useTranslation();
  return instance.language === 'en' ? 'en' : 'zh-CN';
}

/** Picks the right half of a `{ zh, en }` pair from the server. */
export function useBilingual(): (value: { zh: string; en: string } | null | undefined) => string {
  const lang = useLang();
  return (value) => (value ? (lang === 'en' ? value.en : value.zh) : '');
}

export default i18n;
