import picomatch from 'picomatch';
import { relativePath } from '../util/relative-path.js';
import type { ConfigOverride, ResolvedConfig } from './load-config.js';
import type { Severity } from './rule-registry.js';

/**
 * The rule settings of one run, file by file: the config's, with the `overrides` whose `files`
 * globs match the file (relative to the project root) applied in order, the last one winning.
 */
export interface RuleSettings {
  /** The rule's severity in this file (an absolute path); undefined when no setting names it (off). */
  severity(ruleId: string, file: string): Severity | undefined;
  /** The rule's options in this file, as the config or the last matching override gave them. */
  options(ruleId: string, file: string): unknown[] | undefined;
  /** On for some files: in the config, or in an override. */
  onAnywhere(ruleId: string): boolean;
  /** Every options list the rule can run with: the config's, then each override's own. */
  optionVariants(ruleId: string): (unknown[] | undefined)[];
  /** The override's `files`, as a test of an absolute path. */
  matcher(override: ConfigOverride): (file: string) => boolean;
}

export function ruleSettings(config: ResolvedConfig, root: string): RuleSettings {
  const overrides = config.overrides ?? [];
  const matchers = new Map(overrides.map((o) => {
    const matches = picomatch(o.files, { dot: true });
    return [o, (file: string) => matches(relativePath(root, file))];
  }));
  const byFile = new Map<string, ConfigOverride[]>();
  const matching = (file: string): ConfigOverride[] => {
    if (overrides.length === 0) return overrides;
    let found = byFile.get(file);
    if (!found) byFile.set(file, (found = overrides.filter((o) => matchers.get(o)!(file))));
    return found;
  };
  return {
    severity(ruleId, file) {
      let severity = config.severities[ruleId];
      for (const o of matching(file)) severity = o.severities[ruleId] ?? severity;
      return severity;
    },
    options(ruleId, file) {
      let options = config.options[ruleId];
      for (const o of matching(file)) options = o.options[ruleId] ?? options;
      return options;
    },
    onAnywhere(ruleId) {
      return [config, ...overrides].some((table) => isOn(table.severities[ruleId]));
    },
    optionVariants(ruleId) {
      return [config.options[ruleId], ...overrides.flatMap((o) => (o.options[ruleId] ? [o.options[ruleId]] : []))];
    },
    matcher(override) {
      return matchers.get(override) ?? (() => false);
    },
  };
}

export function isOn(severity: Severity | undefined): severity is 'warn' | 'error' {
  return severity === 'warn' || severity === 'error';
}
