import { describe, expect, it } from 'vitest';
import { CSP, secureWebPreferences } from '../../../src/main/electron/window-options';

describe('the desktop window', () => {
  it('is isolated, sandboxed and without Node', () => {
    expect(secureWebPreferences('/p.js')).toMatchObject({
      preload: '/p.js',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webviewTag: false,
    });
  });
  it('has a strict CSP: scripts only from the app, no eval, no remote connections', () => {
    expect(CSP).toContain("script-src 'self'");
    expect(CSP).not.toMatch(/unsafe-eval|https?:/);
    expect(CSP).toContain("connect-src 'self'");
  });
});
