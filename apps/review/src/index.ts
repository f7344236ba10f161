/**
 * @proofsheet/review — the review web UI (SPEC §10). Its server lands with the review issue;
 * until then it exports nothing.
 */
export {};
