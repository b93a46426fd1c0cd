import { REPOSITORY_URL } from '../rule/rule-docs.js';
import type { Formatter } from './types.js';
import { relativePath } from '../util/relative-path.js';

/**
 * reviewdog's Diagnostic Format (rdjson), for `reviewdog -f=rdjson`: review comments on the
 * lines a pull request touched, with a link to each rule's docs.
 */
export const formatRdjson: Formatter = (results, context) => {
  const diagnostics = results.flatMap((result) =>
    result.messages.map((m) => {
      const ruleId = m.ruleId ?? 'sls/parse-error';
      const url = context.rulesMeta.get(ruleId)?.docs.url;
      return {
        message: m.message,
        location: {
          path: relativePath(context.cwd, result.filePath),
          range: {
            start: { line: m.line, column: m.column },
            ...(m.endLine && m.endColumn ? { end: { line: m.endLine, column: m.endColumn } } : {}),
          },
        },
        severity: m.severity === 2 ? 'ERROR' : 'WARNING',
        code: { value: ruleId, ...(url ? { url } : {}) },
      };
    }),
  );
  return `${JSON.stringify({ source: { name: 'sls-lint', url: REPOSITORY_URL }, diagnostics }, null, 2)}\n`;
};
