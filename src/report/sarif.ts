import { pathToFileURL } from 'node:url';
import type { Coverage, LintMessage, SuppressedMessage } from '../results.js';
import { REPOSITORY_URL } from '../rule/rule-docs.js';
import { accountOf } from './coverage.js';
import { ruleHelp } from './rule-help.js';
import type { Formatter } from './types.js';
import { relativePath } from '../util/relative-path.js';

const SRCROOT = '%SRCROOT%';

/**
 * SARIF 2.1.0 for GitHub code scanning: one run, every rule with its docs link, artifact URIs
 * relative to %SRCROOT% (GitHub rejects absolute ones it cannot map to the checkout). The account
 * of what was covered is the invocation's notifications, one per category that is not zero.
 * %SRCROOT% is `pathBase` when given (the repository root), else `cwd`.
 */
export const formatSarif: Formatter = (results, context) => {
  const base = context.pathBase ?? context.cwd;
  const rules = [...context.rulesMeta.values()].sort((a, b) => a.id.localeCompare(b.id));
  const ruleIndex = new Map(rules.map((rule, index) => [rule.id, index]));
  const artifacts = results.map((r) => relativePath(base, r.filePath));
  const sarifResultOf = (message: LintMessage | SuppressedMessage, artifactIndex: number) => {
    const ruleId = message.ruleId ?? 'sls/parse-error';
    const region: Record<string, number> = { startLine: Math.max(1, message.line), startColumn: Math.max(1, message.column) };
    if (message.endLine && message.endColumn && (message.endLine > message.line || message.endColumn > message.column)) {
      region['endLine'] = message.endLine;
      region['endColumn'] = message.endColumn;
    }
    const fingerprint = context.fingerprints?.get(message);
    // A comment in the source suppressed it: code scanning shows it as dismissed, with the comment's reason.
    const suppressions = 'suppressions' in message
      ? message.suppressions.map((s) => ({ kind: 'inSource', ...(s.justification ? { justification: s.justification } : {}) }))
      : undefined;
    return {
      ruleId,
      ...(ruleIndex.has(ruleId) ? { ruleIndex: ruleIndex.get(ruleId)! } : {}),
      ...(fingerprint ? { partialFingerprints: { 'slsLint/v1': fingerprint } } : {}),
      level: message.severity === 2 ? 'error' : 'warning',
      message: { text: message.message },
      locations: [{
        physicalLocation: {
          artifactLocation: { uri: encodeURI(artifacts[artifactIndex]!), uriBaseId: SRCROOT, index: artifactIndex },
          region,
        },
      }],
      ...(suppressions ? { suppressions } : {}),
    };
  };
  const sarifResults = results.flatMap((result, artifactIndex) => [
    ...result.messages.map((message) => sarifResultOf(message, artifactIndex)),
    ...result.suppressedMessages.map((message) => sarifResultOf(message, artifactIndex)),
  ]);
  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [{
      tool: {
        driver: {
          name: 'sls-lint',
          version: context.toolVersion,
          informationUri: REPOSITORY_URL,
          rules: rules.map((rule) => ({
            id: rule.id,
            name: rule.name,
            shortDescription: { text: rule.docs.description },
            fullDescription: { text: `${rule.docs.description}. ${rule.docs.why}` },
            help: ruleHelp(rule),
            helpUri: rule.docs.url,
            defaultConfiguration: { level: rule.docs.recommended === 'warn' ? 'warning' : rule.docs.recommended === false ? 'none' : 'error' },
            properties: { tags: ['serverless', rule.layer, rule.docs.principle] },
          })),
        },
      },
      originalUriBaseIds: { [SRCROOT]: { uri: `${pathToFileURL(base).href.replace(/\/?$/, '/')}` } },
      artifacts: artifacts.map((uri) => ({ location: { uri: encodeURI(uri), uriBaseId: SRCROOT } })),
      results: sarifResults,
      ...(context.coverage ? { invocations: [invocationOf(context.coverage)] } : {}),
      columnKind: 'utf16CodeUnits',
    }],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
};

function invocationOf(coverage: Coverage) {
  const { templates, items } = accountOf(coverage);
  const notes = [...(coverage.templates > 0 ? [{ id: 'templates', standalone: `${templates} read` }] : []), ...items];
  return {
    executionSuccessful: true,
    toolExecutionNotifications: notes.map((note) => ({ descriptor: { id: `coverage/${note.id}` }, level: 'note', message: { text: note.standalone } })),
  };
}
