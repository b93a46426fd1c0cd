import path from 'node:path';
import { buildCloudFormationStack } from './build-cloudformation.js';
import { buildServerlessStack } from './build-serverless.js';
import { applyCdkMetadata } from './cdk.js';
import { shortenConstructPaths } from './display-names.js';
import { handlerProblems } from './handler-problems.js';
import type { ProjectModel, Stack, TemplateRef } from './types.js';
import type { Finding, SkippedTemplate } from '../results.js';
import { parseTemplateKept, type TemplateStore } from '../template/parse-template.js';
import { expandIncludes, hasIncludes } from '../template/includes.js';
import { readTemplateFile } from '../template/read-template.js';
import { readServerlessTs } from '../serverless/read-serverless-ts.js';
import { isComposeFile, readCompose, type ComposeService } from '../template/serverless-compose.js';
import { isInside } from '../util/fs-fence.js';
import { readCdkApp } from './cdk-source/read-cdk-app.js';
import { codePlacesOf, packagedOutputs, type CodePlaces } from './packaged-outputs.js';

export interface LoadedModel {
  model: ProjectModel;
  /** Engine findings (parse-error, handler-not-found, unsafe-include), before severities are applied. */
  findings: Finding[];
  /** Fragments read as part of a template (`${file()}`, `Fn::Include`, `AWS::Include`), and the source files of CDK apps read. */
  includedFiles: string[];
  /** The CDK apps (their cdk.json) whose stacks were read from source. */
  cdkAppsRead: string[];
  /** Templates read and left out of the model: Serverless configs for other providers, packaged outputs beside their source. */
  skipped: SkippedTemplate[];
}

export function isServerlessConfig(file: string): boolean {
  return /^serverless\.(ya?ml|json|ts|js|cjs|mjs)$/i.test(path.basename(file));
}

/** A Serverless configuration written as a script: read statically, never run. */
function isServerlessScript(file: string): boolean {
  return /^serverless\.(ts|js|cjs|mjs)$/i.test(path.basename(file));
}

/** A script whichever its name (a compose entry's `config: serverless.api.ts`). */
function isScript(file: string): boolean {
  return /\.(ts|js|cjs|mjs)$/i.test(file);
}

/**
 * Reads every template once into the one model, and each CDK app (a cdk.json) from its source; a
 * broken template becomes a finding, never an exception. With `store` (`--cache`), a YAML template
 * whose text did not change since the last run is read back from it instead of parsed.
 */
export function loadModel(
  root: string, templatePaths: readonly string[], cdkApps: readonly string[] = [], fence: string = root, store?: TemplateStore,
): LoadedModel {
  const model: ProjectModel = { root, fence, stacks: [] };
  const findings: Finding[] = [];
  const sources: { file: string; text: string }[] = [];
  for (const file of templatePaths) {
    // Size, file type and encoding are checked here, before any parsing; each file is read once.
    const read = readTemplateFile(file, fence);
    if (read.ok) sources.push({ file, text: read.text });
    else findings.push(parseError(file, read.error.message, read.error.line, read.error.column));
  }
  // Compose files are no stacks: they say which configs are services, and what params each gets.
  const services = composeServices(root, fence, sources.filter((s) => isComposeFile(s.file)), findings);
  const stackSources = sources.filter((s) => !isComposeFile(s.file));
  const isServerless = (file: string) => isServerlessConfig(file) || services.has(file);
  // Files that include others go first: a fragment they include is part of them, not a stack of its own.
  const includesFirst = (s: { file: string; text: string }) => (isServerless(s.file) || hasIncludes(s.text) ? 0 : 1);
  stackSources.sort((a, b) => includesFirst(a) - includesFirst(b));
  const included = new Set<string>();
  const replaced = new Set<string>();
  const skipped: SkippedTemplate[] = [];
  const codePlaces: CodePlaces[] = [];
  for (const { file, text } of stackSources) {
    if (included.has(file)) continue;
    const script = isServerlessScript(file) || (services.has(file) && isScript(file)) ? readServerlessTs(file, text, fence) : undefined;
    const parsed = script ?? parseTemplateKept(store, file, text);
    if (script) for (const module of script.files) included.add(module);
    if (!parsed.ok && 'reason' in parsed) {
      findings.push(configNotStatic({ file, line: 1, column: 1, endLine: 1, endColumn: 1 },
        `${path.basename(file)} was skipped: ${parsed.reason}. sls-lint never runs configuration code.`));
      continue;
    }
    if (!parsed.ok) {
      findings.push(parseError(file, parsed.error.message, parsed.error.line, parsed.error.column));
      continue;
    }
    let stack: Stack;
    if (isServerless(file)) {
      const built = buildServerlessStack(parsed.template, fence, services.get(file)?.params);
      // Another provider's functions are not AWS Lambda functions: the AWS rules do not fit them.
      if ('otherProvider' in built) {
        skipped.push({ file, reason: 'not-aws', provider: built.otherProvider });
        continue;
      }
      if (script?.ok) for (const note of script.unread) findings.push(configNotStatic({ file: note.file, ...note.location }, note.message));
      stack = built.stack;
      for (const fragment of built.includedFiles) included.add(fragment);
      findings.push(...built.problems.map((problem) => includeFinding(problem.kind, problem.message, problem.at)));
    } else {
      let template = parsed.template;
      if (hasIncludes(text)) {
        const expanded = expandIncludes(template, fence);
        template = expanded.template;
        for (const fragment of expanded.includedFiles) included.add(fragment);
        findings.push(...expanded.problems.map((problem) => includeFinding(problem.kind, problem.message, { file, ...template.locate(problem.path) })));
      }
      stack = buildCloudFormationStack(template, { projectRoot: fence });
      if (stack.format === 'cdk') applyCdkMetadata(stack, template, fence);
      else codePlaces.push(codePlacesOf(file, template.value));
    }
    model.stacks.push(stack);
    findings.push(...handlerProblems(fence, stack, root).map((p) => finding(p.at, 'sls/handler-not-found', 1, p.message, p.messageId)));
  }
  // A packaged output is the same stack as its source, its code moved to S3: the source alone is linted.
  for (const [file, source] of packagedOutputs(codePlaces.filter((places) => !included.has(places.file)))) {
    skipped.push({ file, reason: 'packaged-output', source });
    replaced.add(file);
  }
  model.stacks = model.stacks.filter((stack) => !replaced.has(stack.templatePath));
  const { read, replaced: cdkReplaced } = readCdkApps(fence, root, cdkApps, model, findings, included);
  for (const file of cdkReplaced) replaced.add(file);
  model.stacks.sort((a, b) => (a.templatePath < b.templatePath ? -1 : a.templatePath > b.templatePath ? 1 : 0));
  skipped.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  for (const stack of model.stacks) shortenConstructPaths(stack);
  return { model, findings: findings.filter((f) => !replaced.has(f.filePath)), includedFiles: [...included].sort(), cdkAppsRead: read, skipped };
}

/**
 * The services the compose files name, by their config file. A compose file that does not parse,
 * and a service whose config is missing or outside the root, become findings where the compose
 * file says so: those services' functions would otherwise be lost in silence.
 */
function composeServices(root: string, fence: string, composeFiles: readonly { file: string; text: string }[], findings: Finding[]): Map<string, ComposeService> {
  const byConfig = new Map<string, ComposeService>();
  for (const { file, text } of composeFiles) {
    const compose = readCompose(file, text, fence);
    if (!compose.ok) {
      findings.push(parseError(file, compose.error.message, compose.error.line, compose.error.column));
      continue;
    }
    for (const cycle of compose.cycles) {
      const at: TemplateRef = { file, ...compose.template.locate(cycle.at) };
      findings.push(includeFinding('unreadable-include', `Service cycle: ${cycle.services.join(' → ')} (through dependsOn and params that take another service's output): ` +
        `${path.basename(file)} cannot order their deployment, so the framework refuses to deploy them.`, at));
    }
    for (const service of compose.services) {
      const at: TemplateRef = { file, ...compose.template.locate(service.at) };
      const where = path.relative(root, service.expected).split(path.sep).join('/');
      if (service.outsideRoot) {
        findings.push(includeFinding('unsafe-include', `Service ${service.name} of ${path.basename(file)} is at ${where}, outside the root sls-lint reads: not read. Pass --root <folder> with a folder that holds every service.`, at));
      } else if (!service.configFile) {
        findings.push(includeFinding('unreadable-include', `Service ${service.name} of ${path.basename(file)} has no Serverless config: looked for ${where}. None of its functions is checked.`, at));
      } else if (!byConfig.has(service.configFile)) byConfig.set(service.configFile, service);
    }
  }
  return byConfig;
}

/**
 * CDK apps read from their source (never run). Where an app yields stacks, they replace what
 * `cdk synth` wrote for it (a cdk.out, or synthesized templates committed beside cdk.json): the
 * source has the lines the developer wrote, and one app is not reported twice.
 */
function readCdkApps(fence: string, root: string, cdkApps: readonly string[], model: ProjectModel, findings: Finding[], included: Set<string>): { read: string[]; replaced: Set<string> } {
  const read: string[] = [];
  const replaced = new Set<string>();
  for (const cdkJson of cdkApps) {
    const app = readCdkApp(fence, cdkJson);
    findings.push(...app.findings);
    if (app.stacks.length === 0) continue;
    read.push(cdkJson);
    if (app.unread.length > 0) model.unread = [...(model.unread ?? []), ...app.unread];
    const appDir = path.dirname(cdkJson);
    for (const stack of model.stacks) if (stack.format === 'cdk' && isInside(appDir, stack.templatePath)) replaced.add(stack.templatePath);
    model.stacks = model.stacks.filter((stack) => !replaced.has(stack.templatePath));
    for (const stack of app.stacks) {
      model.stacks.push(stack);
      for (const file of sourceFilesOf(stack)) included.add(file);
      findings.push(...handlerProblems(fence, stack, root).map((p) => finding(p.at, 'sls/handler-not-found', 1, p.message, p.messageId)));
    }
  }
  return { read, replaced };
}

/** The CDK source files a stack was read from: where its elements point. */
function sourceFilesOf(stack: Stack): string[] {
  return [...new Set([stack.templatePath, ...[...stack.functions, ...stack.resources, ...stack.triggers].map((e) => e.at.file)])];
}

function configNotStatic(at: TemplateRef, message: string): Finding {
  return finding(at, 'sls/config-not-static', 1, message, 'configNotStatic');
}

function includeFinding(kind: 'unsafe-include' | 'unreadable-include', message: string, at: TemplateRef): Finding {
  return kind === 'unsafe-include'
    ? finding(at, 'sls/unsafe-include', 2, message, 'unsafeInclude')
    : finding(at, 'sls/parse-error', 2, `Parsing error: ${message}`, 'parseError');
}

function finding(at: TemplateRef, ruleId: string, severity: 1 | 2, message: string, messageId: string): Finding {
  return { filePath: at.file, ruleId, severity, message, messageId, line: at.line, column: at.column, endLine: at.endLine, endColumn: at.endColumn };
}

function parseError(filePath: string, message: string, line: number, column: number): Finding {
  return { filePath, ruleId: 'sls/parse-error', severity: 2, fatal: true, message: `Parsing error: ${message}`, messageId: 'parseError', line, column };
}
