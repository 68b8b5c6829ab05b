import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import react from '@vitejs/plugin-react';
import type { Plugin } from 'vite';

/**
 * The bundled Chinese font (@fontsource/noto-sans-sc) lists a .woff fallback beside every
 * .woff2 subset; every engine ProcLab runs in reads woff2, so keep only that and halve out/.
 */
function woff2Only(): Plugin {
  return {
    name: 'proclab-woff2-only',
    enforce: 'pre',
    transform(code, id) {
      if (!/@fontsource[\\/].*\.css$/.test(id)) return null;
      return code.replace(/,\s*url\([^)]*\.woff\)\s*format\('woff'\)/g, '');
    },
  };
}

// One build feeds all three hosts: out/main/index.js (Electron), web.js (browser mode),
// cli.js (headless CLI) share the same bundled core, so they run exactly the same code.
export default defineConfig({
  main: {
    build: {
      rollupOptions: {
        input: {
          index: resolve(__dirname, 'src/main/electron/main.ts'),
          web: resolve(__dirname, 'src/main/web/index.ts'),
          cli: resolve(__dirname, 'src/main/cli/index.ts'),
        },
      },
    },
  },
  preload: {
    // A sandboxed preload can only require('electron'): bundle everything else into it.
    build: {
      externalizeDeps: false,
      rollupOptions: { input: { index: resolve(__dirname, 'src/preload/index.ts') } },
    },
  },
  renderer: {
    root: resolve(__dirname, 'src/renderer'),
    // electron-vite leaves the renderer unminified; minified it is ~3x smaller to serve in browser mode.
    // One ~0.9 MB chunk is loaded once from disk or loopback, so vite's 500 kB web warning does not apply.
    build: {
      minify: true,
      chunkSizeWarningLimit: 1024,
      // Font subsets stay files: the CSP allows fonts from 'self', not data: URLs.
      assetsInlineLimit: (file: string) => (/\.woff2?$/.test(file) ? false : undefined),
      rollupOptions: { input: { index: resolve(__dirname, 'src/renderer/index.html') } },
    },
    plugins: [woff2Only(), react()],
  },
});
