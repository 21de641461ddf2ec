/**
 * The procedure catalogue as a CSV file (a province's published list): header mapping
 * (English or Vietnamese column names), then every row validated before anything is
 * written. Pure: the caller supplies the agencies that exist.
 *
 * Three parts: the columns (procedure-import-columns.ts), the parsing and validation of the
 * rows (procedure-import-parse.ts), and what a row changes on a stored procedure
 * (procedure-import-diff.ts). The service applies the plan.
 */
export * from './procedure-import-columns.js';
export * from './procedure-import-parse.js';
export * from './procedure-import-diff.js';
