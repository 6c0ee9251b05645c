import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

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
);
