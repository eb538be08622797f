// SPDX-License-Identifier: GPL-2.0-only
// Lint rules for the TypeScript sources (npm run lint, part of npm test).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'kernel/**', 'results/**', '**/*.js', '**/*.mjs'] },
  js.configs.recommended,
  ...tseslint.configs.strict,
  {
    files: ['**/*.ts'],
    rules: {
      // One `if` style: a single statement on the if's own line may go without braces; anything longer has them.
      curly: ['error', 'multi-line', 'consistent'],
      // `x!` marks a lookup the code has just made sure of (a map entry after has(), an index inside
      // the bounds it loops over) that the compiler cannot follow; a rewrite of each (387 places) into
      // a check that throws would add branches that never run.
      '@typescript-eslint/no-non-null-assertion': 'off',
      // `const { dropped: _d, ...kept } = x` is how a key is left out of a copy.
      '@typescript-eslint/no-unused-vars': ['error', { ignoreRestSiblings: true, argsIgnorePattern: '^_' }],
    },
  },
);
