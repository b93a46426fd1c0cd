import type { Formatter } from './types.js';

/** Exactly ESLint's `json` formatter: the results array, absolute paths and all. */
export const formatJson: Formatter = (results) => JSON.stringify(results);
