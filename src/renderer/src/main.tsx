import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import App from './App';
import { connectWebApi } from './bridge/web-client';

// In Electron the preload has already put `window.proclab` in place; in browser mode
// the same API is built here over the host's WebSocket.
async function boot(): Promise<void> {
  const root = createRoot(document.getElementById('root')!);
  if (!window.proclab) {
    try {
      window.proclab = await connectWebApi();
    } catch (e) {
      root.render(<p style={{ padding: 24, fontFamily: 'sans-serif' }}>ProcLab: {(e as Error).message}</p>);
      return;
    }
  }
  root.render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
}
void boot();
