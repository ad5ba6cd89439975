// Vitest runs the *.vitest.ts files only: node --test runs the *.test.mjs ones, and Jest the
// *.jest.mjs one.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['*.vitest.ts'],
  },
});
