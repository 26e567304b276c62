import englishMessages from 'ra-language-english';
import { describe, expect, it } from 'vitest';
import { messages } from '../../admin/src/i18n';
import { ENUM_LABELS } from '../../admin/src/i18n/domain';

const keys = (tree: object, prefix = ''): string[] =>
  Object.entries(tree).flatMap(([k, v]) =>
    v && typeof v === 'object' ? keys(v as object, `${prefix}${k}.`) : [`${prefix}${k}`],
  );

describe('the admin’s translations', () => {
  it('has a Chinese message for every message of the installed react-admin', () => {
    const zh = new Set(keys(messages.zh));
    const missing = keys(englishMessages).filter((k) => !zh.has(k));
    expect(missing).toEqual([]);
  });

  it('labels every enum value in both languages, and the two trees have the same keys', () => {
    const pairs = Object.values(ENUM_LABELS).flatMap(
      (values) => Object.values(values) as (readonly [string, string])[],
    );
    for (const [zh, en] of pairs) expect(zh && en).toBeTruthy();
    const zh = keys(messages.zh)
      .filter((k) => !k.startsWith('ra.'))
      .sort();
    const en = keys(messages.en)
      .filter((k) => !k.startsWith('ra.'))
      .sort();
    expect(zh).toEqual(en);
  });
});
