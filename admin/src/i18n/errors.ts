import { i18nProvider, messages } from './index';

/** What the server sends with an error (server/graphql/errors.ts). */
export interface ErrorExtensions {
  code?: string;
  field?: string;
  zh?: string;
  en?: string;
  /** The reason without the field's name, in both languages (bad input). */
  reason?: { zh: string; en: string };
}

type Tree = { [key: string]: string | Tree };

/** The label of a field in `lang`, from any resource that has it ("creditCode" → 统一社会信用代码). */
function fieldLabel(field: string, lang: 'zh' | 'en'): string | undefined {
  const name = field.replace(/^(filter|input|data)\./, '').replace(/_(gte|lte|gt|lt)$/, '');
  const resources = messages[lang].resources as unknown as Record<string, { fields?: Tree }>;
  for (const r of Object.values(resources)) {
    const label = r.fields?.[name];
    if (typeof label === 'string') return label;
  }
  return undefined;
}

/**
 * A server error in the UI's language only: the server keeps both languages for API users,
 * a person reads one. Bad input names the field by its label ("统一社会信用代码：校验位错误").
 */
export function localMessage(message: string, ext: ErrorExtensions | undefined): string {
  const lang = i18nProvider.getLocale() === 'en' ? 'en' : 'zh';
  if (!ext) return message;
  if (ext.reason) {
    const label = ext.field ? fieldLabel(ext.field, lang) : undefined;
    const reason = ext.reason[lang];
    return label ? `${label}${lang === 'zh' ? '：' : ': '}${reason}` : reason;
  }
  return ext[lang] ?? message;
}

/** Bad input's reason alone, in the UI's language, for a form that shows it under the field. */
export function localReason(ext: ErrorExtensions | undefined): string | undefined {
  return ext?.reason?.[i18nProvider.getLocale() === 'en' ? 'en' : 'zh'];
}
