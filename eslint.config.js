// Lint: typescript-eslint's recommended rules plus the layering of docs/ARCHITECTURE.md
// (core is pure; web never imports server).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: ['**/node_modules/**', '**/dist/**', 'data/**', 'e2e/test-results/**', 'e2e/screenshots/**', '.tmp/**'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      ecmaVersion: 2023,
      sourceType: 'module',
      globals: {
        console: 'readonly',
        process: 'readonly',
        URL: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        setInterval: 'readonly',
        clearInterval: 'readonly',
        Buffer: 'readonly',
      },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      eqeqeq: ['error', 'smart'],
    },
  },
  {
    // Files and functions small enough to read at once; tests are excluded, a describe block being a list of cases.
    files: ['packages/*/src/**/*.{ts,tsx}'],
    rules: {
      'max-lines-per-function': ['error', { max: 80, skipBlankLines: true, skipComments: true }],
    },
  },
  {
    files: ['packages/core/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: [
                'node:*',
                'fs',
                'path',
                'pg',
                'kysely',
                'fastify',
                '@electric-sql/*',
                'react',
                '@dixian/server*',
                '@dixian/web*',
              ],
              message: 'packages/core is pure: no I/O, no framework.',
            },
          ],
        },
      ],
    },
  },
  {
    // SQL lives in repositories (and in the set-based screening, feeds and seed engines): services, routes, CLI
    // commands and jobs reach the store through repository methods.
    files: [
      'packages/server/src/services/**/*.ts',
      'packages/server/src/http/**/*.ts',
      'packages/server/src/cli/**/*.ts',
      'packages/server/src/jobs/**/*.ts',
      'packages/server/src/simulate/**/*.ts',
    ],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector:
            'CallExpression[callee.property.name=/^(selectFrom|updateTable|insertInto|deleteFrom|replaceInto|mergeInto)$/]',
          message: 'SQL belongs in a repository (packages/server/src/repositories).',
        },
        {
          selector: "CallExpression[callee.property.name='query'][callee.object.property.name='client']",
          message: 'SQL belongs in a repository (packages/server/src/repositories).',
        },
        { selector: "TaggedTemplateExpression[tag.name='sql']", message: 'SQL belongs in a repository.' },
      ],
    },
  },
  {
    // The area gateway (services/area.ts) is the one place that computes an actor's scope and asks `can`: a service
    // that did either by hand could forget the other half (issue 13 §1).
    files: ['packages/server/src/services/**/*.ts'],
    ignores: ['packages/server/src/services/area.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: '@dixian/core',
              importNames: ['can', 'scopeOf', 'narrowScope'],
              message: 'access goes through the area gateway: areaOf(ctx).allow / list / load / place / may.',
            },
          ],
        },
      ],
    },
  },
  {
    // Routes call services, which reach records through the area gateway; a route never opens the store itself.
    files: ['packages/server/src/http/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/repositories/*', '**/screening/runs*', '**/db/migrate*', 'kysely', 'pg'],
              message: 'a route calls a service (packages/server/src/services), never the store.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['packages/web/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['@dixian/server*'], message: 'web talks to the server over HTTP only.' }] },
      ],
    },
  },
  {
    // A page is an entry point: what two pages share lives in src/features/<domain>/ (or components/), so no page
    // imports another (the rule above repeated, since a later block replaces it).
    files: ['packages/web/src/pages/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['@dixian/server*'], message: 'web talks to the server over HTTP only.' },
            {
              group: ['./*Page', '../*Page', '../*/*Page', '../../pages/**'],
              message: 'a page does not import another page: move what they share to src/features/<domain>/.',
            },
          ],
        },
      ],
    },
  },
);
