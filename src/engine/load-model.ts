import { readFileSync } from 'node:fs';
import path from 'node:path';
import { buildCloudFormationStack } from '../model/build-cloudformation.js';
import { HANDLER_EXTENSIONS } from '../model/resolve-handler.js';
import type { ProjectModel } from '../model/types.js';
import type { Finding } from '../results.js';
import { parseTemplate } from '../template/parse-template.js';

export interface LoadedModel {
  model: ProjectModel;
  /** parse-error and handler-not-found findings, before severities are applied. */
  findings: Finding[];
}

/** Reads every template once into the one model; a broken template becomes a finding, never an exception. */
export function loadModel(root: string, templatePaths: readonly string[]): LoadedModel {
  const model: ProjectModel = { root, stacks: [] };
  const findings: Finding[] = [];
  for (const file of templatePaths) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (error) {
      findings.push(parseError(file, `Cannot read file: ${(error as NodeJS.ErrnoException).code ?? String(error)}`, 1, 1));
      continue;
    }
    const parsed = parseTemplate(file, text);
    if (!parsed.ok) {
      findings.push(parseError(file, parsed.error.message, parsed.error.line, parsed.error.column));
      continue;
    }
    const stack = buildCloudFormationStack(parsed.template, { projectRoot: root });
    model.stacks.push(stack);
    for (const fn of stack.functions) {
      const handler = fn.handler;
      if (!handler || !handler.resolvable || handler.sourceFile) continue;
      const looked = path.relative(root, handler.modulePath).split(path.sep).join('/');
      findings.push({
        filePath: handler.at.file,
        ruleId: 'sls/handler-not-found',
        severity: 1,
        message: `Handler '${handler.value}' of ${fn.logicalId} resolves to no source file: looked for ${looked}.{${HANDLER_EXTENSIONS.map((e) => e.slice(1)).join(',')}}.`,
        messageId: 'handlerNotFound',
        line: handler.at.line,
        column: handler.at.column,
        endLine: handler.at.endLine,
        endColumn: handler.at.endColumn,
      });
    }
  }
  return { model, findings };
}

function parseError(filePath: string, message: string, line: number, column: number): Finding {
  return { filePath, ruleId: 'sls/parse-error', severity: 2, fatal: true, message: `Parsing error: ${message}`, messageId: 'parseError', line, column };
}
