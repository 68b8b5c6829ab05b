import { useSyncExternalStore } from 'react';
import { ProclabStore } from './store';
import type { State } from './state';

/** The renderer's one store. */
export const store = new ProclabStore();

/** Subscribes to a slice; the selector must return a value that is stable while unchanged. */
export function useStore<T>(selector: (s: State) => T): T {
  return useSyncExternalStore(store.subscribe, () => selector(store.getState()));
}
