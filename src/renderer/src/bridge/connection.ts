import { useEffect, useState } from 'react';
import type { ConnectionState } from '../../../shared/api';

/**
 * Whether the host answers, from `window.proclab` (browser socket or Electron IPC). State, not
 * useSyncExternalStore: across Electron's contextBridge every read is a fresh copy.
 */
export function useConnection(): ConnectionState {
  const [state, setState] = useState<ConnectionState>(() => window.proclab.connection?.() ?? { state: 'connected' });
  useEffect(() => window.proclab.onConnection?.(setState), []);
  return state;
}
