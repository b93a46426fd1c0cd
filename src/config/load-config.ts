import path from 'node:path';
import { parseTemplate } from '../template/parse-template.js';
import { readTemplateFile } from '../template/read-template.js';
import { presetSeverities, RULES_BY_ID, type RegisteredRule, type Severity } from './rule-registry.js';
import { templateRules } from '../../rules/index.js';
import { ruleOptionsProblems } from '../rule/validate-rule-options.js';
import { isObject } from '../util/objects.js';
import { exists } from '../util/fs-fence.js';
import { leavesRoot } from '../util/root-globs.js';

/** A configuration mistake: reported in one line, exit code 2. */
export class ConfigError extends Error {}

export const CONFIG_FILE_NAMES = ['sls-lint.config.json', 'sls-lint.config.yaml', 'sls-lint.config.yml'];

/** Severities and options by rule id: the config's own, or an override's. */
export interface RuleTable {
  severities: Record<string, Severity>;
  options: Record<string, unknown[]>;
}

/**
 * Rule settings for the files matching `files` (globs relative to the project root, as `ignores`),
 * over the config's: ESLint's `files` blocks, cfn-lint's per-template settings. Only the rules an
 * override names change; a severity without options keeps the options set before, as in ESLint.
 */
export interface ConfigOverride extends RuleTable {
  files: string[];
}

export interface ResolvedConfig extends RuleTable {
  /** Absolute path of the file the settings came from, if any. */
  configFile?: string;
  /** Globs, relative to the project root, of files that are never linted. */
  ignores: string[];
  /** Per-glob rule settings, in the config's order: a later matching override wins. */
  overrides?: ConfigOverride[];
  /** Lint code files that are minified or bundled too (`app.min.js`, a source map comment, a very long line); by default they are not linted. */
  lintMinified?: boolean;
}

type RuleEntry = Severity | 0 | 1 | 2 | [Severity | 0 | 1 | 2, ...unknown[]];

const NUMERIC: Record<number, Severity> = { 0: 'off', 1: 'warn', 2: 'error' };

export function loadConfig(root: string, explicitFile?: string): ResolvedConfig {
  const file = explicitFile ? path.resolve(root, explicitFile) : CONFIG_FILE_NAMES.map((n) => path.join(root, n)).find((f) => exists(f));
  if (!file) return { severities: presetSeverities('recommended'), options: {}, ignores: [] };
  // The same guarded reader and parser as templates: size, encoding, depth and alias limits apply.
  const read = readTemplateFile(file, explicitFile ? null : root, 'config');
  if (!read.ok) throw new ConfigError(`Cannot read config file ${file}: ${read.error.message}`);
  const parsed = parseTemplate(file, read.text);
  if (!parsed.ok) throw new ConfigError(`Invalid config file ${file}: ${parsed.error.message} (line ${parsed.error.line})`);
  const raw = parsed.template.value;
  return { ...resolveConfig(raw ?? {}, file), configFile: file };
}

export function resolveConfig(raw: unknown, source: string): ResolvedConfig {
  if (!isObject(raw)) throw new ConfigError(`${source}: the config must be an object`);
  for (const key of Object.keys(raw)) {
    if (!CONFIG_KEYS.includes(key) && key !== '$comment') throw new ConfigError(`${source}: unknown key "${key}" (expected ${CONFIG_KEYS.join(', ')})`);
  }
  // JSON has no comments: `$comment` (JSON Schema's word for it) holds notes, such as what --init found.
  if ('$comment' in raw && typeof raw['$comment'] !== 'string') throw new ConfigError(`${source}: "$comment" must be a string`);
  const preset = raw['extends'] ?? 'recommended';
  if (preset !== 'recommended' && preset !== 'strict') throw new ConfigError(`${source}: "extends" must be "recommended" or "strict"`);
  const config: ResolvedConfig = { severities: presetSeverities(preset), options: {}, ignores: [] };
  const ignores = raw['ignores'] ?? [];
  if (!Array.isArray(ignores) || !ignores.every((g) => typeof g === 'string')) throw new ConfigError(`${source}: "ignores" must be a list of globs`);
  checkIgnoreGlobs(ignores, source);
  config.ignores = ignores;
  const rules = raw['rules'] ?? {};
  if (!isObject(rules)) throw new ConfigError(`${source}: "rules" must be an object`);
  for (const [id, entry] of Object.entries(rules)) applyRuleEntry(config, id, entry as RuleEntry, source);
  const overrides = raw['overrides'];
  if (overrides !== undefined) config.overrides = resolveOverrides(overrides, config, source);
  const lintMinified = raw['lintMinified'];
  if (lintMinified !== undefined && typeof lintMinified !== 'boolean') throw new ConfigError(`${source}: "lintMinified" must be true or false`);
  if (lintMinified) config.lintMinified = true;
  return config;
}

const CONFIG_KEYS = ['extends', 'rules', 'ignores', 'overrides', 'lintMinified'];
const OVERRIDE_KEYS = ['files', 'rules'];

function resolveOverrides(raw: unknown, config: RuleTable, source: string): ConfigOverride[] {
  if (!Array.isArray(raw)) throw new ConfigError(`${source}: "overrides" must be a list of { files, rules } objects`);
  return raw.map((entry: unknown, index) => {
    const at = `${source}: overrides[${index}]`;
    if (!isObject(entry)) throw new ConfigError(`${at} must be an object with "files" and "rules"`);
    for (const key of Object.keys(entry)) {
      if (!OVERRIDE_KEYS.includes(key)) throw new ConfigError(`${at}: unknown key "${key}" (expected ${OVERRIDE_KEYS.join(', ')})`);
    }
    const files = entry['files'];
    if (!Array.isArray(files) || files.length === 0 || !files.every((g) => typeof g === 'string' && g.trim() !== '')) {
      throw new ConfigError(`${at}: "files" must be a non-empty list of globs`);
    }
    const rules = entry['rules'];
    if (!isObject(rules)) throw new ConfigError(`${at}: "rules" must be an object`);
    const override: ConfigOverride = { files: [...files] as string[], severities: {}, options: {} };
    for (const [id, ruleEntry] of Object.entries(rules)) applyRuleEntry(override, id, ruleEntry as RuleEntry, at);
    // A rule off in the config, with options, turned on here: its options are checked now.
    const merged = { severities: override.severities, options: { ...config.options, ...override.options } };
    for (const id of Object.keys(override.severities)) checkTemplateRuleOptions(merged, RULES_BY_ID.get(id)!, at);
    return override;
  });
}

/**
 * Ignore globs are relative to the project root and match inside it only: one that is absolute or
 * climbs out of it (`/etc/**`, `../../**`) is a config error naming where it came from (the config
 * file, or the flag) and the glob.
 */
export function checkIgnoreGlobs(globs: readonly string[], source: string): void {
  const leaving = globs.find(leavesRoot);
  if (leaving !== undefined) {
    throw new ConfigError(`${source}: ignore glob "${leaving}" leaves the project root: globs are relative to the root (no absolute path, no "..")`);
  }
}

export function applyRuleEntry(config: RuleTable, id: string, entry: RuleEntry, source: string): void {
  const rule = RULES_BY_ID.get(id);
  if (!rule) throw new ConfigError(`${source}: unknown rule "${id}"`);
  const [level, ...options] = Array.isArray(entry) ? entry : [entry];
  const severity = typeof level === 'number' ? NUMERIC[level] : level;
  if (severity !== 'off' && severity !== 'warn' && severity !== 'error') {
    throw new ConfigError(`${source}: rule "${id}" needs a severity of off, warn or error`);
  }
  if (options.length > 0 && !rule.hasOptions) throw new ConfigError(`${source}: rule "${id}" takes no options`);
  config.severities[id] = severity;
  if (options.length > 0) config.options[id] = options;
  checkTemplateRuleOptions(config, rule, source);
}

/**
 * ESLint checks a code rule's options against its schema; a template rule's are checked here, as
 * soon as the config is read, so `sls-lint graph` and a run without code files reject them too.
 * Like ESLint, options of a rule that is off are not checked, until a later entry turns it on.
 */
function checkTemplateRuleOptions(config: RuleTable, { id, name, layer }: RegisteredRule, source: string): void {
  const templateRule = layer === 'template' ? templateRules[name] : undefined;
  const options = config.options[id];
  if (!templateRule || !options || config.severities[id] === 'off') return;
  const problems = ruleOptionsProblems(templateRule.meta.schema, options);
  if (problems) throw new ConfigError(`${source}: invalid rule options: Key "rules": Key "${id}": ${problems}`);
}

/**
 * `--rule 'sls/name: warn'` or `--rule '{"sls/name": ["error", {...}]}'`, as ESLint's --rule takes
 * them: last, over the config and its overrides, for every file (an override's options stay when
 * the flag gives a severity alone).
 */
export function applyRuleFlag(config: ResolvedConfig, flag: string): void {
  const text = flag.trim();
  if (text.startsWith('{')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      throw new ConfigError(`--rule ${flag}: not valid JSON`);
    }
    if (!isObject(parsed)) throw new ConfigError(`--rule ${flag}: expected an object`);
    for (const [id, entry] of Object.entries(parsed)) applyRuleFlagEntry(config, id, entry as RuleEntry);
    return;
  }
  const match = /^([^:\s]+)\s*:\s*(\S+)$/.exec(text);
  if (!match) throw new ConfigError(`--rule ${flag}: expected 'sls/<name>: off|warn|error'`);
  const level = /^[0-2]$/.test(match[2]!) ? Number(match[2]) as 0 | 1 | 2 : match[2] as Severity;
  applyRuleFlagEntry(config, match[1]!, level);
}

function applyRuleFlagEntry(config: ResolvedConfig, id: string, entry: RuleEntry): void {
  applyRuleEntry(config, id, entry, '--rule');
  for (const override of config.overrides ?? []) {
    if (id in override.severities) applyRuleEntry(override, id, entry, '--rule');
  }
}
