// @ts-check
import eslint from '@eslint/js';
import tseslint from 'typescript-eslint';

// CONVENTIONS.md: dependencies point one way, core ← config ← database ← audit-chain ← audit ←
// accounts ← terms ← access ← {elections, meetings}; libraries never import the app. A library may
// import only the ones below it, which also rules out cycles between libraries.
const LAYERS = [
  'core',
  'config',
  'database',
  'audit-chain',
  'audit',
  'accounts',
  'terms',
  'access',
  'elections',
  'meetings',
];
const layerRules = LAYERS.map((lib, index) => ({
  files: [`libs/${lib}/src/**/*.ts`],
  ignores: ['**/*.spec.ts'],
  rules: {
    'no-restricted-imports': [
      'error',
      {
        patterns: [
          {
            group: ['@council/*/*'],
            message: 'Import a library through its index (@council/<name>).',
          },
          {
            // elections and meetings are peers: neither imports the other.
            group: [
              ...LAYERS.slice(index + 1),
              ...(lib === 'meetings' ? ['elections'] : []),
              'testing',
            ].map((name) => `@council/${name}`),
            message: `libs/${lib} may import only the libraries below it (CONVENTIONS.md).`,
          },
          { group: ['**/apps/**'], message: 'Libraries never import the application.' },
          {
            // A relative path out of this library's src/ bypasses the two rules above.
            group: ['**/src', '**/src/**', '**/libs/**'],
            message: 'Import another library through its index (@council/<name>).',
          },
        ],
      },
    ],
  },
}));

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'node_modules/**',
      'coverage/**',
      'data/**',
      'jest.config.js',
      'test/faults/jest.faults.config.js',
      'eslint.config.mjs',
      'scripts/**/*.js',
      'bench/**/*.js',
    ],
  },
  eslint.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' },
      ],
      '@typescript-eslint/no-extraneous-class': 'off',
      '@typescript-eslint/require-await': 'off',
      // Boundaries (CONVENTIONS.md): the app imports libraries through their index only.
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['@council/*/*'],
              message: 'Import a library through its index (@council/<name>).',
            },
            {
              group: ['**/libs/**'],
              message: 'Import a library through its index (@council/<name>).',
            },
          ],
        },
      ],
    },
  },
  ...layerRules,
  {
    files: [
      '**/*.spec.ts',
      '**/*.e2e-spec.ts',
      'test/**/*.ts',
      'libs/testing/**/*.ts',
      'bench/**/*.ts',
    ],
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/unbound-method': 'off',
      // CONVENTIONS.md: no focused tests (a stray `.only` skips the rest of its file, and Jest
      // still exits 0).
      'no-restricted-syntax': [
        'error',
        {
          selector:
            "MemberExpression[object.name=/^(it|test|describe)$/][property.name='only'], CallExpression[callee.name=/^f(it|describe)$/]",
          message: 'No focused tests (CONVENTIONS.md).',
        },
      ],
    },
  },
);
