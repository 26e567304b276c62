import polyglotI18nProvider from 'ra-i18n-polyglot';
import englishMessages from 'ra-language-english';
import { raChinese } from './ra-zh';
import { domainMessages } from './domain';

export const messages = {
  zh: { ...raChinese, ...domainMessages(0) },
  en: { ...englishMessages, ...domainMessages(1) },
};

/** Chinese by default, English on request; the choice is remembered by react-admin's store. */
export const i18nProvider = polyglotI18nProvider(
  (locale) => (locale === 'en' ? messages.en : messages.zh),
  'zh',
  [
    { locale: 'zh', name: '中文' },
    { locale: 'en', name: 'English' },
  ],
  { allowMissing: true },
);
