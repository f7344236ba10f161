/**
 * @proofsheet/ingest — see README.md for what this package owns. Its public API lands with the
 * issue that builds it; until then it exports nothing.
 */
export {};
