import { coverageLine } from './coverage.js';
import type { Formatter } from './types.js';
import { relativePath } from '../util/relative-path.js';

/**
 * GitHub Actions workflow commands: each finding becomes an annotation on its line in the
 * pull request. Escaped as GitHub's toolkit does: `%`, CR and LF in the message; also `:` and `,`
 * in properties. The account of what was covered is a `::notice` (shown in the run's summary).
 * File paths are relative to `pathBase` when given (GitHub wants them from the repository root).
 */
export const formatGithub: Formatter = (results, context) => {
  const lines: string[] = [];
  for (const result of results) {
    const file = relativePath(context.pathBase ?? context.cwd, result.filePath);
    for (const m of result.messages) {
      const properties = [
        `file=${escapeProperty(file)}`,
        `line=${m.line}`,
        ...(m.endLine ? [`endLine=${m.endLine}`] : []),
        `col=${m.column}`,
        ...(m.endColumn && m.endLine === m.line ? [`endColumn=${m.endColumn}`] : []),
        `title=${escapeProperty(m.ruleId ?? 'sls-lint')}`,
      ];
      lines.push(`::${m.severity === 2 ? 'error' : 'warning'} ${properties.join(',')}::${escapeData(m.message)}`);
    }
  }
  if (context.coverage) lines.push(`::notice title=${escapeProperty('sls-lint coverage')}::${escapeData(coverageLine(context.coverage))}`);
  return lines.length > 0 ? `${lines.join('\n')}\n` : '';
};

export function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

export function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}
