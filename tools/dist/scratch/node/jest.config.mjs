// Jest runs the *.jest.mjs files only (node --test runs the *.test.mjs ones, and Vitest the
// *.vitest.ts one), as ES modules: no transform, and node --experimental-vm-modules, as Jest's
// docs on ECMAScript Modules say (the test:jest script).
/** @type {import('jest').Config} */
export default {
  testMatch: ['<rootDir>/*.jest.mjs'],
  transform: {},
};
