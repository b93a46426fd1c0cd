// cdk-nag's ServerlessChecks over the CloudFormation part of the generated templates (see README.md).
//
//   node bench/peers/nag.mjs <manifest.json>             # run by bench/run.mjs when the peer is installed
//   node bench/peers/nag.mjs <manifest.json> --dry-run   # only the conversion to CloudFormation JSON, no CDK
//
// Prints one JSON line: { templates, resources, messages, prepareMs, synthMs }.

import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { isAlias, isMap, isScalar, isSeq, parseDocument } from 'yaml';

const [manifestFile, ...flags] = process.argv.slice(2);
const dryRun = flags.includes('--dry-run');
const manifest = JSON.parse(readFileSync(manifestFile, 'utf8'));

// Short-form intrinsics (!Ref, !GetAtt a.b, !Sub ...) become the long form of CloudFormation JSON.
const TAGS = ['Ref', 'Condition', 'GetAtt', 'Sub', 'Join', 'Select', 'Split', 'If', 'Equals', 'And', 'Or', 'Not', 'FindInMap', 'ImportValue', 'Base64', 'GetAZs', 'Cidr'];
const customTags = TAGS.flatMap((tag) => [
  { tag: `!${tag}`, resolve: (value) => value },
  { tag: `!${tag}`, collection: 'seq', resolve: (value) => value },
  { tag: `!${tag}`, collection: 'map', resolve: (value) => value },
]);

function toValue(node, doc) {
  if (isAlias(node)) return toValue(node.resolve(doc), doc);
  let value;
  if (isScalar(node)) value = node.value;
  else if (isMap(node)) value = Object.fromEntries(node.items.map((pair) => [String(isScalar(pair.key) ? pair.key.value : pair.key), toValue(pair.value, doc)]));
  else if (isSeq(node)) value = node.items.map((item) => toValue(item, doc));
  else return node ?? null;
  const tag = typeof node.tag === 'string' && node.tag.startsWith('!') ? node.tag.slice(1) : undefined;
  if (!tag || !TAGS.includes(tag)) return value;
  if (tag === 'Ref' || tag === 'Condition') return { [tag]: value };
  if (tag === 'GetAtt' && typeof value === 'string') return { 'Fn::GetAtt': value.split('.') };
  return { [`Fn::${tag}`]: value };
}

/** The part of a template cdk-nag can check without SAM's transform (see README.md). */
function cloudFormationOf(file) {
  const doc = parseDocument(readFileSync(file, 'utf8'), { customTags });
  const value = toValue(doc.contents, doc) ?? {};
  const isServerless = /serverless\.ya?ml$/.test(file);
  const source = (isServerless ? value.resources?.Resources : value.Resources) ?? {};
  const resources = Object.fromEntries(Object.entries(source).filter(([, r]) => r && typeof r.Type === 'string' && !r.Type.startsWith('AWS::Serverless::')));
  return { AWSTemplateFormatVersion: '2010-09-09', Parameters: isServerless ? {} : value.Parameters ?? {}, Resources: resources };
}

const work = mkdtempSync(path.join(os.tmpdir(), 'sls-bench-nag-'));
try {
  const prepareStarted = performance.now();
  const templates = manifest.templates.map((file, i) => {
    const template = cloudFormationOf(file);
    const templateFile = path.join(work, `t${i}.json`);
    writeFileSync(templateFile, JSON.stringify(template));
    return { templateFile, resources: Object.keys(template.Resources).length };
  });
  const resources = templates.reduce((n, t) => n + t.resources, 0);
  if (dryRun) {
    process.stdout.write(`${JSON.stringify({ templates: templates.length, resources, prepareMs: performance.now() - prepareStarted })}\n`);
  } else {
    const require = createRequire(import.meta.url);
    const cdk = require('aws-cdk-lib');
    const { CfnInclude } = require('aws-cdk-lib/cloudformation-include');
    const nag = require('cdk-nag');
    const app = new cdk.App({ outdir: path.join(work, 'cdk.out') });
    templates.forEach(({ templateFile }, i) => {
      const stack = new cdk.Stack(app, `Bench${i}`);
      new CfnInclude(stack, 'Template', { templateFile });
    });
    // cdk-nag 3 runs as a policy-validation plugin; cdk-nag 2 ran as an aspect.
    if (cdk.Validations?.of) cdk.Validations.of(app).addPlugins(new nag.ServerlessChecks(app));
    else cdk.Aspects.of(app).add(new nag.ServerlessChecks());
    const prepareMs = performance.now() - prepareStarted;

    const synthStarted = performance.now();
    // What cdk-nag prints (one or more lines per violation) is counted, not shown.
    let messages = 0;
    const { error, warn, log } = console;
    console.error = console.warn = console.log = () => { messages += 1; };
    try {
      app.synth();
    } catch {
      // Violations stop the synthesis: the expected outcome on these templates.
    } finally {
      Object.assign(console, { error, warn, log });
    }
    const synthMs = performance.now() - synthStarted;
    process.exitCode = 0;
    process.stdout.write(`${JSON.stringify({ templates: templates.length, resources, messages, prepareMs, synthMs })}\n`);
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
