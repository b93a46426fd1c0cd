// sls-lint's template pass alone, for the comparison with cdk-nag: config, template discovery,
// parsing, the model (handlers resolved) and every template rule, with no handler code read.
// It uses sls-lint's internal modules from dist/ (run `npm run build` first). Run from the project root:
//
//   node bench/template-pass.mjs
//
// Prints one JSON line: { templates, functions, findings, loadMs, rulesMs }.

import { performance } from 'node:perf_hooks';
import { createSession } from '../dist/src/session/session.js';
import { runTemplateRules } from '../dist/src/engine/run-template-rules.js';
import { ProjectAnalysis } from '../dist/src/analysis/analysis.js';

const started = performance.now();
const project = createSession({ root: process.cwd(), crossLayer: false });
const loadMs = performance.now() - started;
const rulesStarted = performance.now();
// An analysis that reads no code: template rules that ask about code get "nothing known".
const analysis = new ProjectAnalysis(project.model, () => undefined);
const findings = runTemplateRules(project.model, project.config, analysis);
const rulesMs = performance.now() - rulesStarted;
const functions = project.model.stacks.reduce((n, s) => n + s.functions.length, 0);
process.stdout.write(`${JSON.stringify({ templates: project.templates.length, functions, findings: findings.length + project.findings.length, loadMs, rulesMs })}\n`);
