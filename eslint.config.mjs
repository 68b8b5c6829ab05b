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

/**
 * The renderer's folders, top to bottom (ARCHITECTURE.md): the tabs (monitor, playground, runs,
 * scratchpad) → the run view (runview/) → the process table (proctable/) → the scenario forms
 * (forms/) → the plumbing (store, control, ui, charts, badges, i18n, keyboard, bridge) → the pure
 * model (model/). A folder imports only folders below it; the one sideways step is the playground
 * hosting the scratchpad tab.
 */
const tabs = ['monitor', 'playground', 'runs', 'scratchpad'];
const dirs = (names) => names.map((n) => `**/${n}/**`);
const below = (what, names, message) => ({ group: dirs(names), message: `${what} ${message}` });
const plumbing = ['store', 'control', 'ui', 'charts', 'badges', 'keyboard', 'bridge'];
export const rendererFolderRules = {
  ...Object.fromEntries(
    tabs.map((tab) => [
      tab,
      below(
        `a tab (${tab}/)`,
        tabs.filter((t) => t !== tab && !(tab === 'playground' && t === 'scratchpad')),
        'does not import another tab: move what both need into runview/, proctable/, forms/ or model/',
      ),
    ]),
  ),
  runview: below('the run view (runview/)', tabs, 'is shown by several tabs and imports none of them'),
  proctable: below('the process table (proctable/)', [...tabs, 'runview'], 'is below the tabs and the run view'),
  forms: below('the scenario forms (forms/)', [...tabs, 'runview', 'proctable'], 'are below the tabs, the run view and the process table'),
  plumbing: below(
    'the plumbing (store, control, ui, charts, badges, i18n, keyboard, bridge)',
    [...tabs, 'runview', 'proctable', 'forms'],
    'is below every view',
  ),
  model: {
    group: [...dirs([...tabs, 'runview', 'proctable', 'forms', ...plumbing]), 'react', 'react-dom', 'recharts', '@tanstack/*'],
    message: 'the model (model/) is pure: it imports only src/shared, i18n and itself',
  },
};
const rendererFolder = (folders, rule) => ({
  files: folders.map((f) => `src/renderer/src/${f}/**/*.{ts,tsx}`),
  rules: { 'no-restricted-imports': ['error', { patterns: [...layerRules.renderer.patterns, rule] }] },
});

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
  // After the renderer's own block: these replace its no-restricted-imports with the same patterns plus the folder's.
  ...tabs.map((tab) => rendererFolder([tab], rendererFolderRules[tab])),
  rendererFolder(['runview'], rendererFolderRules.runview),
  rendererFolder(['proctable'], rendererFolderRules.proctable),
  rendererFolder(['forms'], rendererFolderRules.forms),
  rendererFolder([...plumbing, 'i18n'], rendererFolderRules.plumbing),
  rendererFolder(['model'], rendererFolderRules.model),
  { files: ['src/shared/**/*.ts'], rules: { 'no-restricted-imports': ['error', layerRules.shared] } },
  { files: ['src/main/core/**/*.ts'], rules: { 'no-restricted-imports': ['error', layerRules.core] } },
  { files: ['src/preload/**/*.ts'], rules: { 'no-restricted-imports': ['error', layerRules.preload] } },
  { files: ['src/main/web/**/*.ts', 'src/main/cli/**/*.ts'], rules: { 'no-restricted-imports': ['error', layerRules.hostNoElectron] } },
  {
    files: ['scenarios/*/lesson.ts', 'test/fixtures/scenarios/*/lesson.ts'],
    rules: { 'no-restricted-imports': ['error', layerRules.lesson] },
  },
  // Scenario programs are plain Node programs (CommonJS main.js, the ESM kit): Node's globals, require() allowed.
  // So are the Node preload (node-bootstrap/) and the Node stacks test's programs.
  {
    files: ['scenarios/**/*.js', 'test/fixtures/scenarios/**/*.js', 'node-bootstrap/*.cjs', 'test/fixtures/node-stacks/*.js'],
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
        Int32Array: 'readonly',
        BroadcastChannel: 'readonly',
      },
    },
    rules: { '@typescript-eslint/no-require-imports': 'off', 'no-undef': 'error' },
  },
  { files: ['scenarios/_kit/*.mjs'], languageOptions: { globals: { process: 'readonly' } }, rules: { 'no-undef': 'error' } },
  { files: ['scripts/**/*.mjs', 'eslint.config.mjs'], languageOptions: { globals: { process: 'readonly', console: 'readonly' } } },
);
