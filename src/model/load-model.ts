import path from 'node:path';
import { buildCloudFormationStack } from './build-cloudformation.js';
import { buildServerlessStack } from './build-serverless.js';
import { applyCdkMetadata } from './cdk.js';
import { handlerProblems } from './handler-problems.js';
import type { ProjectModel, Stack, TemplateRef } from './types.js';
import type { Finding } from '../results.js';
import { parseTemplate } from '../template/parse-template.js';
import { expandIncludes, hasIncludes } from '../template/includes.js';
import { readTemplateFile } from '../template/read-template.js';
import { readServerlessTs } from '../serverless/read-serverless-ts.js';
import { isInside } from '../util/fs-fence.js';
import { readCdkApp } from './cdk-source/read-cdk-app.js';

export interface LoadedModel {
  model: ProjectModel;
  /** Engine findings (parse-error, handler-not-found, unsafe-include), before severities are applied. */
  findings: Finding[];
  /** Fragments read as part of a template (`${file()}`, `Fn::Include`, `AWS::Include`), and the source files of CDK apps read. */
  includedFiles: string[];
  /** The CDK apps (their cdk.json) whose stacks were read from source. */
  cdkAppsRead: string[];
}

export function isServerlessConfig(file: string): boolean {
  return /^serverless\.(ya?ml|json|ts|js|cjs|mjs)$/i.test(path.basename(file));
}

/** A Serverless configuration written as a script: read statically, never run. */
function isServerlessScript(file: string): boolean {
  return /^serverless\.(ts|js|cjs|mjs)$/i.test(path.basename(file));
}

/**
 * Reads every template once into the one model, and each CDK app (a cdk.json) from its source; a
 * broken template becomes a finding, never an exception.
 */
export function loadModel(root: string, templatePaths: readonly string[], cdkApps: readonly string[] = []): LoadedModel {
  const model: ProjectModel = { root, stacks: [] };
  const findings: Finding[] = [];
  const sources: { file: string; text: string }[] = [];
  for (const file of templatePaths) {
    // Size, file type and encoding are checked here, before any parsing; each file is read once.
    const read = readTemplateFile(file);
    if (read.ok) sources.push({ file, text: read.text });
    else findings.push(parseError(file, read.error.message, read.error.line, read.error.column));
  }
  // Files that include others go first: a fragment they include is part of them, not a stack of its own.
  const includesFirst = (s: { file: string; text: string }) => (isServerlessConfig(s.file) || hasIncludes(s.text) ? 0 : 1);
  sources.sort((a, b) => includesFirst(a) - includesFirst(b));
  const included = new Set<string>();
  for (const { file, text } of sources) {
    if (included.has(file)) continue;
    const script = isServerlessScript(file) ? readServerlessTs(file, text, root) : undefined;
    const parsed = script ?? parseTemplate(file, text);
    if (script) for (const module of script.files) included.add(module);
    if (!parsed.ok && 'reason' in parsed) {
      findings.push(configNotStatic({ file, line: 1, column: 1, endLine: 1, endColumn: 1 },
        `${path.basename(file)} was skipped: ${parsed.reason}. sls-lint never runs configuration code.`));
      continue;
    }
    if (script?.ok) for (const note of script.unread) findings.push(configNotStatic({ file: note.file, ...note.location }, note.message));
    if (!parsed.ok) {
      findings.push(parseError(file, parsed.error.message, parsed.error.line, parsed.error.column));
      continue;
    }
    let stack: Stack;
    if (isServerlessConfig(file)) {
      const built = buildServerlessStack(parsed.template, root);
      stack = built.stack;
      for (const fragment of built.includedFiles) included.add(fragment);
      findings.push(...built.problems.map((problem) => includeFinding(problem.kind, problem.message, problem.at)));
    } else {
      let template = parsed.template;
      if (hasIncludes(text)) {
        const expanded = expandIncludes(template, root);
        template = expanded.template;
        for (const fragment of expanded.includedFiles) included.add(fragment);
        findings.push(...expanded.problems.map((problem) => includeFinding(problem.kind, problem.message, { file, ...template.locate(problem.path) })));
      }
      stack = buildCloudFormationStack(template, { projectRoot: root });
      if (stack.format === 'cdk') applyCdkMetadata(stack, template, root);
    }
    model.stacks.push(stack);
    findings.push(...handlerProblems(root, stack).map((p) => finding(p.at, 'sls/handler-not-found', 1, p.message, p.messageId)));
  }
  const { read, replaced } = readCdkApps(root, cdkApps, model, findings, included);
  model.stacks.sort((a, b) => (a.templatePath < b.templatePath ? -1 : a.templatePath > b.templatePath ? 1 : 0));
  return { model, findings: findings.filter((f) => !replaced.has(f.filePath)), includedFiles: [...included].sort(), cdkAppsRead: read };
}

/**
 * CDK apps read from their source (never run). Where an app yields stacks, they replace what
 * `cdk synth` wrote for it (a cdk.out, or synthesized templates committed beside cdk.json): the
 * source has the lines the developer wrote, and one app is not reported twice.
 */
function readCdkApps(root: string, cdkApps: readonly string[], model: ProjectModel, findings: Finding[], included: Set<string>): { read: string[]; replaced: Set<string> } {
  const read: string[] = [];
  const replaced = new Set<string>();
  for (const cdkJson of cdkApps) {
    const app = readCdkApp(root, cdkJson);
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
      findings.push(...handlerProblems(root, stack).map((p) => finding(p.at, 'sls/handler-not-found', 1, p.message, p.messageId)));
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
