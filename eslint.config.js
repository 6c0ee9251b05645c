import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';
import reactHooks from 'eslint-plugin-react-hooks';

export default tseslint.config(
  { ignores: ['out/**', 'node_modules/**', 'test-output/**', 'scratch/**', 'dist/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // shared/ is process-free: no Node, Electron or DOM imports.
    files: ['shared/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: ['node:*', 'electron', 'ws', 'autobahn', '../main/*', '../renderer/*'] }],
    },
  },
  {
    // The router depends on nothing of ours: keep main/wamp free of ocs/agents imports.
    files: ['main/wamp/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: ['../ocs/*', '../agents/*', '../station/*'] }] },
  },
  {
    // The OCS protocol layer sits under the agents: it must not import them.
    files: ['main/ocs/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: ['../agents/*', '../station/*', '../wamp/*'] }] },
  },
  {
    // Only the thin Electron entry (main/index.ts) loads Electron at run time; the rest of main runs under plain Node.
    files: ['main/**/*.ts'],
    ignores: ['main/index.ts'],
    rules: { '@typescript-eslint/no-restricted-imports': ['error', { paths: [{ name: 'electron', message: 'only main/index.ts may load Electron; take what you need as a parameter', allowTypeImports: true }] }] },
  },
  {
    // The handler table and its bindings serve the station; they never reach into it.
    files: ['main/ipc/**/*.ts', 'main/serve/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: ['../station/*', '../agents/*'] }] },
  },
  {
    // Agents run inside the station or as their own processes: they never reach into the station or its bindings.
    files: ['main/agents/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: ['**/station/*', '**/ipc/*', '**/serve/*', '**/electron/*'] }] },
  },
  {
    // The store and the smurf wire formats are leaves: plain data, no agents, no station.
    files: ['main/store/**/*.ts', 'main/smurf/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: ['**/agents/*', '**/station/*', '**/ipc/*'] }] },
  },
  {
    // The testbed layer (config, supervisord bridge, bus) serves the station and its agents; it never reaches into them.
    files: ['main/testbed/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: ['**/station/*', '**/ipc/*', '**/agents/*', '**/serve/*', '**/electron/*'] }] },
  },
  {
    // The renderer is a browser page: DOM globals, no Node or Electron, and only shared/ of ours.
    files: ['renderer/**/*.{ts,tsx}', 'test/unit/renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'error', 'no-restricted-imports': ['error', { patterns: ['node:*', 'electron', 'ws', 'autobahn', '**/main/*', '**/preload/*'] }] },
  },
  {
    // preload sees only the contract: no station code, no Node modules.
    files: ['preload/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: ['node:*', '**/main/*', '**/renderer/*'] }] },
  },
);
