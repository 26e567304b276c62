import { useCallback, useState, type Dispatch, type SetStateAction } from 'react';

/*
 * State a page keeps while the panel is open: react-admin remounts every page when the language
 * changes (its i18n provider re-keys the tree), and a page left for another comes back empty.
 * What the officer typed on the desk must survive both. Kept in memory only (never in the
 * browser's storage, where the next person at a shared computer would find it), and forgotten
 * at logout and when the page says its work is done.
 */
const kept = new Map<string, unknown>();

/** `useState`, but the value outlives the component, under `key`, until forgotten. */
export function useKept<T>(key: string, initial: T | (() => T)): [T, Dispatch<SetStateAction<T>>] {
  const [value, setValue] = useState<T>(() =>
    kept.has(key) ? (kept.get(key) as T) : initial instanceof Function ? initial() : initial,
  );
  const set = useCallback(
    (next: SetStateAction<T>) =>
      setValue((previous) => {
        const value = next instanceof Function ? next(previous) : next;
        kept.set(key, value);
        return value;
      }),
    [key],
  );
  return [value, set];
}

/** Forgets what pages keep: everything, or the keys starting with `prefix`. */
export function forgetKept(prefix = ''): void {
  for (const key of [...kept.keys()]) if (key.startsWith(prefix)) kept.delete(key);
}
