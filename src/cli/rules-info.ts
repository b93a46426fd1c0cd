import path from 'node:path';
import type { ResolvedConfig } from '../config/load-config.js';
import { presetSeverities, RULES, type Severity } from '../config/rule-registry.js';
import { ruleSettings } from '../config/rule-settings.js';
import picomatch from 'picomatch';
import { relativePath } from '../util/relative-path.js';

/** A rule as `--list-rules` shows it. */
export interface RuleListing {
  id: string;
  recommended: Severity;
  strict: Severity;
  /** Where it reports: code, template, cross-layer (both) or engine (the engine's own diagnostics). */
  kind: string;
  description: string;
  url: string;
}

export function ruleListing(): RuleListing[] {
  const recommended = presetSeverities('recommended');
  const strict = presetSeverities('strict');
  return RULES.map((rule) => ({
    id: rule.id, recommended: recommended[rule.id] ?? 'off', strict: strict[rule.id] ?? 'off', kind: rule.layer, description: rule.docs.description, url: rule.docs.url,
  }));
}

/** `--list-rules`: one rule a line, in columns. */
export function listRules(): string {
  const rows = [['rule', 'recommended', 'strict', 'kind', 'description'], ...ruleListing().map((r) => [r.id, r.recommended, r.strict, r.kind, r.description])];
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((row) => row[i]!.length)));
  return rows.map((row) => row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i]!))).join('  ')).join('\n') + '\n';
}

const SEVERITY_NUMBER: Record<Severity, 0 | 1 | 2> = { off: 0, warn: 1, error: 2 };

/**
 * `--print-config <file>`: the rule settings the file gets (the config, the overrides whose globs
 * match it, `--rule`), in ESLint's `--print-config` form: `[severity, ...options]` with numeric
 * severities. Every rule is listed, off ones as `[0]`. The file is not read, and need not exist.
 */
export function printConfig(config: ResolvedConfig, root: string, file: string): string {
  const absolute = path.resolve(root, file);
  const settings = ruleSettings(config, root);
  const rules: Record<string, unknown[]> = {};
  for (const rule of RULES) {
    rules[rule.id] = [SEVERITY_NUMBER[settings.severity(rule.id, absolute) ?? 'off'], ...(settings.options(rule.id, absolute) ?? [])];
  }
  const relative = relativePath(root, absolute);
  const ignored = config.ignores.length > 0 && picomatch(config.ignores, { dot: true })(relative);
  const overrides = (config.overrides ?? []).flatMap((override, index) => (settings.matcher(override)(absolute) ? [index] : []));
  const printed = {
    file: relative,
    ...(config.configFile ? { configFile: relativePath(root, config.configFile) } : {}),
    ignored,
    overrides,
    rules,
  };
  return `${JSON.stringify(printed, null, 2)}\n`;
}
