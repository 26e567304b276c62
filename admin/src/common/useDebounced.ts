import { useEffect, useMemo, useRef } from 'react';

/**
 * `fn`, called only once the caller has stopped calling for `ms` (a search as the user types:
 * one query per pause, not per keystroke). Only the latest call's answer is wanted.
 */
export function useDebounced<A extends unknown[]>(fn: (...args: A) => unknown, ms = 300) {
  const latest = useRef(fn);
  latest.current = fn;
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  useEffect(() => () => clearTimeout(timer.current), []);
  return useMemo(
    () =>
      (...args: A) => {
        clearTimeout(timer.current);
        timer.current = setTimeout(() => void latest.current(...args), ms);
      },
    [ms],
  );
}
