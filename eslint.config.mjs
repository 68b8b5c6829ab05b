// Lint + the layering of ARCHITECTURE.md: imports only point down. Each rule names the
// layer and what it may not reach, so a violation explains itself.
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';

const node = (msg) => ({
  group: ['node:*', 'fs', 'fs/*', 'path', 'child_process', 'os', 'http', 'net', 'worker_threads', 'crypto'],
  message: msg,
});
const electron = (msg) => ({ group: ['electron', 'electron/*'], message: msg });
const mainDirs = (msg) => ({ group: ['**/main/**', '**/main', '**/preload/**'], message: msg });

export const layerRules = {
  renderer: {
    patterns: [
      electron('the renderer never imports electron: use window.proclab'),
      node('the renderer never imports Node built-ins: use window.proclab'),
      mainDirs('the renderer never imports src/main or src/preload: use window.proclab'),
      { group: ['ws', 'pidusage', 'commander'], message: 'the renderer only uses react, recharts, @tanstack/react-virtual and src/shared' },
    ],
  },
  shared: {
    patterns: [
      electron('src/shared is the contract: zod only'),
      node('src/shared is the contract: zod only'),
      mainDirs('src/shared is the contract: zod only'),
      { group: ['**/renderer/**', 'react', 'react-dom', 'recharts', 'ws', 'pidusage'], message: 'src/shared is the contract: zod only' },
    ],
  },
  core: {
    patterns: [
      electron('src/main/core imports no electron: the CLI, browser mode and tests drive it too'),
      {
        group: ['**/electron/**', '**/web/**', '**/cli/**', '**/renderer/**', '**/preload/**', 'ws', 'react', 'commander'],
        message: 'src/main/core is below the hosts: it may import shared, node and pidusage only',
      },
    ],
  },
  preload: {
    patterns: [
      node('the preload is sandboxed: shared + electron only'),
      { group: ['**/main/**', '**/renderer/**'], message: 'the preload imports shared + electron only' },
    ],
  },
  // A lesson is a pure function of a run's journal: the contract and the lesson kit, nothing with effects.
  lesson: {
    patterns: [
      {
        regex: '^(?!zod$)(?!(\\.\\./)+src/shared/[\\w-]+$)(?!(\\.\\./)+src/main/core/lessons/kit$)',
        message: 'a lesson (scenarios/<id>/lesson.ts) may import only zod, src/shared and src/main/core/lessons/kit',
      },
    ],
  },
  hostNoElectron: {
    patterns: [
      electron('only src/main/electron may import electron'),
      { group: ['**/renderer/**', '**/preload/**'], message: 'hosts do not import the renderer or preload' },
    ],
  },
};

export default tseslint.config(
  {
    ignores: [
      'out/**',
      'node_modules/**',
      'test-results/**',
      'playwright-report/**',
      'test/fixtures/engine/**',
      'test/fixtures/scenarios-broken/**',
      'bin/**',
    ],
  },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['src/renderer/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'warn',
      'no-restricted-imports': ['error', layerRules.renderer],
    },
  },
  { files: ['src/shared/**/*.ts'], rules: { 'no-restricted-imports': ['error', layerRules.shared] } },
  { files: ['src/main/core/**/*.ts'], rules: { 'no-restricted-imports': ['error', layerRules.core] } },
  { files: ['src/preload/**/*.ts'], rules: { 'no-restricted-imports': ['error', layerRules.preload] } },
  { files: ['src/main/web/**/*.ts', 'src/main/cli/**/*.ts'], rules: { 'no-restricted-imports': ['error', layerRules.hostNoElectron] } },
  {
    files: ['scenarios/*/lesson.ts', 'test/fixtures/scenarios/*/lesson.ts'],
    rules: { 'no-restricted-imports': ['error', layerRules.lesson] },
  },
  // Scenario programs are plain Node programs (CommonJS main.js, the ESM kit): Node's globals, require() allowed.
  {
    files: ['scenarios/**/*.js', 'test/fixtures/scenarios/**/*.js'],
    languageOptions: {
      sourceType: 'commonjs',
      globals: {
        require: 'readonly',
        module: 'writable',
        __filename: 'readonly',
        __dirname: 'readonly',
        process: 'readonly',
        console: 'readonly',
        setTimeout: 'readonly',
        setImmediate: 'readonly',
        setInterval: 'readonly',
        clearInterval: 'readonly',
        clearTimeout: 'readonly',
        performance: 'readonly',
        Atomics: 'readonly',
        SharedArrayBuffer: 'readonly',
      },
    },
    rules: { '@typescript-eslint/no-require-imports': 'off', 'no-undef': 'error' },
  },
  { files: ['scenarios/_kit/*.mjs'], languageOptions: { globals: { process: 'readonly' } }, rules: { 'no-undef': 'error' } },
  { files: ['scripts/**/*.mjs', 'eslint.config.mjs'], languageOptions: { globals: { process: 'readonly', console: 'readonly' } } },
);
