/** This package's version, for `diagnostics()`; test/node/diagnostics.version.test.mjs keeps it equal to package.json's. */
export const ELEMENTS_VERSION = '0.2.0';
