import { useEffect, useSyncExternalStore, type RefObject } from 'react';

/** Whether a CSS media query matches now, re-rendering when it starts or stops matching. */
export function useMediaQuery(query: string): boolean {
  return useSyncExternalStore(
    (onChange) => {
      const m = window.matchMedia(query);
      m.addEventListener('change', onChange);
      return () => m.removeEventListener('change', onChange);
    },
    () => window.matchMedia(query).matches,
    () => false,
  );
}

/** The window's inner height, followed on resize (for parts that size themselves to the screen). */
export function useViewportHeight(): number {
  return useSyncExternalStore(
    (onChange) => {
      window.addEventListener('resize', onChange);
      return () => window.removeEventListener('resize', onChange);
    },
    () => window.innerHeight,
    () => 900,
  );
}

/**
 * Brings a part that just opened (a run, a process's details, a run from the history) into view when
 * its head would otherwise sit below the fold, once per `key`: the user asked for it, they should see it.
 */
export function useScrollIntoViewOnOpen(ref: RefObject<HTMLElement | null>, key: unknown): void {
  useEffect(() => {
    const el = ref.current;
    if (!el || key === null || key === undefined) return;
    const { top } = el.getBoundingClientRect();
    // Its head (a line or two) must be visible; an element already in view is left alone.
    if (top < 0 || top > window.innerHeight - 80) el.scrollIntoView({ block: 'start' });
  }, [ref, key]);
}
