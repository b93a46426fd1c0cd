import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadModel } from '../../src/model/load-model.js';
import type { FunctionNode, ProjectModel } from '../../src/model/types.js';
import type { Finding } from '../../src/results.js';
import { writeProject } from '../helpers/temp-project.js';

const HANDLER = 'export const handler = async () => ({ statusCode: 200 });\n';

/** Loads the project's templates (paths relative to it) into one model. */
function load(files: Record<string, string>, templates: string[]): { root: string; model: ProjectModel; findings: Finding[] } {
  const root = writeProject(files);
  return { root, ...loadModel(root, templates.map((t) => path.join(root, t))) };
}

function fnOf(model: ProjectModel, id: string): FunctionNode {
  const found = model.stacks.flatMap((s) => s.functions).find((f) => f.logicalId === id);
  if (!found) throw new Error(`no function ${id}`);
  return found;
}

/** Each function's code kind and its source file relative to the root ('' when none). */
function sources(root: string, model: ProjectModel): Record<string, [string, string]> {
  const rel = (file?: string) => (file ? path.relative(root, file).split(path.sep).join('/') : '');
  return Object.fromEntries(model.stacks.flatMap((s) => s.functions).map((f) => [f.logicalId, [f.codeKind, rel(f.handler?.sourceFile)]]));
}

/** handler-not-found findings as `line messageId: message`. */
function notFound(findings: Finding[]): string[] {
  return findings.filter((f) => f.ruleId === 'sls/handler-not-found').map((f) => `${f.line} ${f.messageId}: ${f.message}`);
}

const sam = (resources: string, globals = '') => `Transform: AWS::Serverless-2016-10-31
${globals}Resources:
${resources}`;

describe('code that is not a project folder: S3 objects and archives', () => {
  const template = sam(`  FromPackage:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: nodejs20.x
      CodeUri: s3://artifacts/orders.zip
      Handler: functions/orders.handler
  FromTemplateFolder:
    Type: AWS::Lambda::Function
    Properties:
      Runtime: nodejs20.x
      Code: { S3Bucket: artifacts, S3Key: local.zip }
      Handler: local.handler
  ComputedLocation:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: nodejs20.x
      CodeUri: { Bucket: !Ref Artifacts, Key: orders.zip }
      Handler: functions/orders.handler
  Missing:
    Type: AWS::Lambda::Function
    Properties:
      Runtime: nodejs20.x
      Code: { S3Bucket: artifacts, S3Key: missing.zip }
      Handler: functions/missing.handler
  Archive:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: nodejs20.x
      CodeUri: ../build/billing.zip
      Handler: billing.handler
  MissingFromArchive:
    Type: AWS::Lambda::Function
    Properties:
      Runtime: nodejs20.x
      Code: ../build/refunds.zip
      Handler: refunds.handler
`);
  const { root, model, findings } = load({
    'package.json': '{ "name": "shop" }',
    'infra/template.yaml': template,
    'infra/local.mjs': HANDLER,
    'functions/orders.js': HANDLER,
    'src/billing.ts': HANDLER,
  }, ['infra/template.yaml']);

  it('finds the handler from the template folder, the nearest package.json folder above it, or beside the archive', () => {
    expect(sources(root, model)).toEqual({
      FromPackage: ['s3', 'functions/orders.js'],
      FromTemplateFolder: ['s3', 'infra/local.mjs'],
      ComputedLocation: ['s3', 'functions/orders.js'],
      Missing: ['s3', ''],
      // build/billing.zip came out of build/, which maps back to src/.
      Archive: ['artifact', 'src/billing.ts'],
      MissingFromArchive: ['artifact', ''],
    });
    expect(fnOf(model, 'Missing').handler).toMatchObject({
      resolvable: false,
      modulePath: path.join(root, 'infra/functions/missing'),
      searched: [path.join(root, 'infra/functions/missing'), path.join(root, 'functions/missing')],
    });
  });

  it('reports a handler found nowhere, on its Handler line, saying where it looked', () => {
    const exts = '{ts,mts,cts,js,mjs,cjs}';
    expect(notFound(findings)).toEqual([
      `26 handlerNotFound: Handler 'functions/missing.handler' of Missing resolves to no source file: its code is an S3 object; looked for infra/functions/missing.${exts}, functions/missing.${exts}.`,
      `38 handlerNotFound: Handler 'refunds.handler' of MissingFromArchive resolves to no source file: its code is a built archive; looked for infra/refunds.${exts}, refunds.${exts}, build/refunds.${exts}.`,
    ]);
  });

  it('without a package.json, looks in the template folder alone', () => {
    const bare = load({ 'template.yaml': sam(`  Fn:
    Type: AWS::Lambda::Function
    Properties:
      Runtime: nodejs18.x
      Code: { S3Bucket: b, S3Key: k }
      Handler: index.handler
`), 'index.js': HANDLER }, ['template.yaml']);
    expect(sources(bare.root, bare.model)).toEqual({ Fn: ['s3', 'index.js'] });
    expect(fnOf(bare.model, 'Fn').handler!.searched).toEqual([path.join(bare.root, 'index')]);
    expect(notFound(bare.findings)).toEqual([]);
  });
});

describe('functions that are not Node.js code the project holds', () => {
  const runtimes = ['python3.12', 'java21', 'provided.al2023', 'dotnet8', 'ruby3.3', 'go1.x'];
  const template = sam([
    ...runtimes.map((runtime, i) => `  Runtime${i}:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: ${runtime}
      CodeUri: s3://artifacts/other.zip
      Handler: app.handler
`),
    `  LocalPython:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: python3.12
      CodeUri: src/
      Handler: app.lambda_handler
  Image:
    Type: AWS::Serverless::Function
    Properties:
      PackageType: Image
      ImageUri: 123456789012.dkr.ecr.eu-west-1.amazonaws.com/orders:latest
  ImageWithHandler:
    Type: AWS::Lambda::Function
    Properties:
      Runtime: nodejs20.x
      Code: { ImageUri: 123456789012.dkr.ecr.eu-west-1.amazonaws.com/orders:latest }
      Handler: app.handler
  Inline:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: nodejs20.x
      InlineCode: "exports.handler = async () => 'ok';"
      Handler: index.handler
  ZipFile:
    Type: AWS::Lambda::Function
    Properties:
      Runtime: nodejs20.x
      Code: { ZipFile: "exports.handler = async () => 'ok';" }
      Handler: index.handler
  OutsideRoot:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: nodejs20.x
      CodeUri: ../elsewhere/
      Handler: app.handler
`,
  ].join(''));
  const { root, model, findings } = load({ 'template.yaml': template }, ['template.yaml']);

  it('tells them apart by code kind, and reports only Node.js code it must not read', () => {
    const kinds = sources(root, model);
    expect(kinds).toEqual({
      ...Object.fromEntries(runtimes.map((_, i) => [`Runtime${i}`, ['other-runtime', '']])),
      LocalPython: ['other-runtime', ''],
      Image: ['image', ''],
      ImageWithHandler: ['image', ''],
      Inline: ['inline', ''],
      ZipFile: ['inline', ''],
      OutsideRoot: ['outside-root', ''],
    });
    expect(fnOf(model, 'Image').handler).toBeUndefined();
    expect(notFound(findings)).toEqual([
      "73 handlerNotFound: Handler 'app.handler' of OutsideRoot is in ../elsewhere, outside the project root: not read. Pass --root <folder> with a folder that holds both the template and the code.",
    ]);
  });
});

describe('a CodeUri that names a file', () => {
  const { root, model, findings } = load({
    'template.yaml': sam(`  OneFile:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: src/function.js
      Handler: function.handler
  OtherModule:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: src/function.js
      Handler: index.handler
  BuiltFile:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: dist/worker.js
      Handler: worker.handler
`, 'Globals:\n  Function:\n    Runtime: nodejs20.x\n'),
    'src/function.js': HANDLER,
    'src/index.js': HANDLER,
    'src/worker.ts': HANDLER,
  }, ['template.yaml']);

  it('resolves to that file, or to the source of a built one', () => {
    expect(sources(root, model)).toEqual({
      OneFile: ['node', 'src/function.js'],
      // The package holds src/function.js alone: src/index.js is not in it.
      OtherModule: ['node', ''],
      BuiltFile: ['node', 'src/worker.ts'],
    });
    expect(notFound(findings)).toEqual([
      // Not "looked for src/index.{…}": that file exists, and is not in the package.
      "15 handlerNotFound: Handler 'index.handler' of OtherModule names module index, but its code is the one file src/function.js, packaged alone as function.js, so Lambda cannot load it: the handler would be function.handler.",
    ]);
  });
});

describe('build output mapped back to its source', () => {
  const fn = (id: string, codeUri: string, handler: string) => `  ${id}:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: ${codeUri}
      Handler: ${handler}
`;
  const globals = 'Globals:\n  Function:\n    Runtime: nodejs20.x\n';

  it('through the webpack entries, read without running the config', () => {
    const { root, model, findings } = load({
      'template.yaml': sam(fn('Create', '.webpack/service/', 'handlers/create.handler') + fn('Report', 'dist/', 'report.handler') +
        fn('Unknown', 'dist/', 'unknown.handler'), globals),
      'webpack.config.js': `const path = require('path');
module.exports = {
  mode: 'production',
  entry: {
    'handlers/create': './src/orders/create-order.ts',
    report: path.resolve(__dirname, 'src', 'reports', 'daily'),
  },
  output: { path: path.join(__dirname, 'dist'), filename: '[name].js', libraryTarget: 'commonjs2' },
};
`,
      'src/orders/create-order.ts': HANDLER,
      'src/reports/daily.ts': HANDLER,
    }, ['template.yaml']);
    expect(sources(root, model)).toEqual({ Create: ['node', 'src/orders/create-order.ts'], Report: ['node', 'src/reports/daily.ts'], Unknown: ['node', ''] });
    expect(notFound(findings)).toHaveLength(1);
  });

  it('through a single webpack entry, and webpack 5 entry descriptors', () => {
    const { root, model } = load({
      'template.yaml': sam(fn('Single', 'single/out/', 'worker.handler') + fn('Described', 'described/dist/', 'api.handler'), globals),
      'single/webpack.config.mjs': "import path from 'node:path';\nexport default { context: path.join(import.meta.dirname, 'app'), entry: ['./polyfills.js', './worker.ts'] };\n",
      'single/app/worker.ts': HANDLER,
      'described/webpack.config.ts': "export default { entry: { api: { import: './app/api-handler.ts', dependOn: 'shared' }, shared: 'lodash' } };\n",
      'described/app/api-handler.ts': HANDLER,
    }, ['template.yaml']);
    expect(sources(root, model)).toEqual({ Single: ['node', 'single/app/worker.ts'], Described: ['node', 'described/app/api-handler.ts'] });
  });

  it('through the webpack config a Serverless service names (custom.webpack.webpackConfig)', () => {
    const { root, model } = load({
      'serverless.yml': `service: shop
provider: { name: aws, runtime: nodejs20.x }
custom:
  webpack:
    webpackConfig: ./config/bundle.config.js
functions:
  checkout:
    handler: .webpack/service/checkout.main
`,
      'config/bundle.config.js': "module.exports = { entry: { checkout: './src/checkout/index.ts', other: './src/other.ts' } };\n",
      'src/checkout/index.ts': 'export const main = async () => ({});\n',
    }, ['serverless.yml']);
    expect(sources(root, model)).toEqual({ checkout: ['node', 'src/checkout/index.ts'] });
  });

  it('through tsconfig outDir and rootDir, or the folder tsconfig includes', () => {
    const { root, model } = load({
      'template.yaml': sam(fn('Api', './', 'compiled/handlers/api.handler') + fn('Job', 'pkg/out-js/', 'jobs/run.handler'), globals),
      'tsconfig.json': '{\n  // written by hand\n  "compilerOptions": { "outDir": "compiled", "rootDir": "source", },\n}\n',
      'source/handlers/api.ts': HANDLER,
      'pkg/tsconfig.json': '{ "compilerOptions": { "outDir": "./out-js" }, "include": ["./app/**/*.ts"] }',
      'pkg/app/jobs/run.ts': HANDLER,
    }, ['template.yaml']);
    expect(sources(root, model)).toEqual({ Api: ['node', 'source/handlers/api.ts'], Job: ['node', 'pkg/app/jobs/run.ts'] });
  });

  it('by the build folders of SAM, webpack, esbuild and tsc', () => {
    const { root, model, findings } = load({
      'template.yaml': sam(
        fn('SamBuild', '.aws-sam/build/SamBuild/', 'orders.handler') +
        fn('Webpack', './', '.webpack/service/src/shipping.handler') +
        fn('Esbuild', './', '.esbuild/.build/src/billing.handler') +
        fn('BuildFolder', 'services/stock/build/', 'stock.handler') +
        fn('Unmapped', 'dist/', 'gone.handler'),
        globals,
      ),
      'src/orders.ts': HANDLER,
      'src/shipping.mts': HANDLER,
      'src/billing.cts': HANDLER,
      'services/stock/src/stock.ts': HANDLER,
    }, ['template.yaml']);
    expect(sources(root, model)).toEqual({
      SamBuild: ['node', 'src/orders.ts'],
      Webpack: ['node', 'src/shipping.mts'],
      Esbuild: ['node', 'src/billing.cts'],
      BuildFolder: ['node', 'services/stock/src/stock.ts'],
      Unmapped: ['node', ''],
    });
    expect(notFound(findings)).toEqual([
      "30 handlerNotFound: Handler 'gone.handler' of Unmapped resolves to no source file: looked for dist/gone.{ts,mts,cts,js,mjs,cjs}.",
    ]);
  });

  it('leaves a webpack config alone when the handler names no build output, or none of its entries', () => {
    const { root, model } = load({
      'template.yaml': sam(fn('Direct', 'src/', 'direct.handler') + fn('Api', 'dist/', 'api.handler'), globals),
      'webpack.config.js': "module.exports = { entry: './web/index.tsx' };\n",
      'web/index.tsx': 'export {};\n',
    }, ['template.yaml']);
    expect(sources(root, model)).toEqual({ Direct: ['node', ''], Api: ['node', ''] });
  });
});

describe('module extensions', () => {
  it('finds .mjs, .cjs, .mts and .cts handlers', () => {
    const exts = ['mjs', 'cjs', 'mts', 'cts'];
    const { root, model, findings } = load({
      'template.yaml': sam(exts.map((ext) => `  ${ext.toUpperCase()}:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: nodejs22.x
      Handler: src/${ext}-handler.handler
`).join('')),
      ...Object.fromEntries(exts.map((ext) => [`src/${ext}-handler.${ext}`, HANDLER])),
    }, ['template.yaml']);
    expect(sources(root, model)).toEqual(Object.fromEntries(exts.map((ext) => [ext.toUpperCase(), ['node', `src/${ext}-handler.${ext}`]])));
    expect(notFound(findings)).toEqual([]);
  });
});

describe('a handler path that differs from the disk in letter case', () => {
  const files = {
    'template.yaml': sam(`  Api:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: nodejs20.x
      CodeUri: Src/
      Handler: Handlers/api.handler
  Exact:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: nodejs20.x
      Handler: src/handlers/api.handler
`),
    'src/handlers/api.ts': HANDLER,
  };
  const { root, model, findings } = load(files, ['template.yaml']);
  // On a case-insensitive file system the path is found as written and nothing can be said.
  const caseSensitive = !existsSync(path.join(root, 'SRC'));

  it.runIf(caseSensitive)('is found, and reported with the mismatch', () => {
    expect(sources(root, model)).toEqual({ Api: ['node', 'src/handlers/api.ts'], Exact: ['node', 'src/handlers/api.ts'] });
    expect(fnOf(model, 'Api').handler!.caseMismatch).toBe(path.join(root, 'Src/Handlers/api.ts'));
    expect(fnOf(model, 'Exact').handler!.caseMismatch).toBeUndefined();
    expect(notFound(findings)).toEqual([
      "8 handlerCaseMismatch: Handler 'Handlers/api.handler' of Api resolves to src/handlers/api.ts only when letter case is ignored " +
        "(looked for Src/Handlers/api.ts): Lambda's file system is case-sensitive, so the deployed function fails to load it.",
    ]);
  });
});

describe('a Node.js handler that is not module.export', () => {
  it('is reported, whatever its code location', () => {
    const { findings } = load({
      'template.yaml': sam(`  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: nodejs20.x
      Handler: handler
  Suppressed:
    Type: AWS::Serverless::Function
    Metadata:
      sls-lint:
        ignore: [sls/handler-not-found]
    Properties:
      Runtime: nodejs20.x
      CodeUri: s3://b/k.zip
      Handler: nowhere.handler
`),
    }, ['template.yaml']);
    expect(notFound(findings)).toEqual(["7 handlerMalformed: Handler 'handler' of Fn is not of the form module.export, so Lambda cannot load it."]);
  });
});

describe('Serverless Framework code locations', () => {
  it('reads package.artifact, image and other runtimes', () => {
    const { root, model, findings } = load({
      'service/serverless.yml': `service: shop
provider: { name: aws, runtime: nodejs20.x }
package:
  artifact: ../build/service.zip
functions:
  fromServiceArtifact:
    handler: handlers/orders.handler
  fromOwnArtifact:
    handler: jobs.handler
    package: { artifact: ../dist/jobs.zip }
  missing:
    handler: handlers/missing.handler
  report:
    handler: report.lambda_handler
    runtime: python3.12
  container:
    image: 123456789012.dkr.ecr.eu-west-1.amazonaws.com/shop:latest
`,
      'service/package.json': '{ "name": "shop-service" }',
      'service/handlers/orders.ts': HANDLER,
      'src/jobs.ts': HANDLER,
    }, ['service/serverless.yml']);
    expect(sources(root, model)).toEqual({
      fromServiceArtifact: ['artifact', 'service/handlers/orders.ts'],
      fromOwnArtifact: ['artifact', 'src/jobs.ts'],
      missing: ['artifact', ''],
      report: ['other-runtime', ''],
      container: ['image', ''],
    });
    expect(notFound(findings)).toEqual([
      "12 handlerNotFound: Handler 'handlers/missing.handler' of missing resolves to no source file: its code is a built archive; " +
        'looked for service/handlers/missing.{ts,mts,cts,js,mjs,cjs}, build/handlers/missing.{ts,mts,cts,js,mjs,cjs}.',
    ]);
  });
});

describe('CDK assets', () => {
  const asset = (id: string, assetPath: string, handler: string, runtime = 'nodejs20.x') => `    "${id}": {
      "Type": "AWS::Lambda::Function",
      "Properties": {
        "Code": { "S3Bucket": "cdk-assets", "S3Key": "${id}.zip" },
        "Handler": "${handler}",
        "Runtime": "${runtime}"
      },
      "Metadata": { "aws:cdk:path": "Shop/${id}/Resource", "aws:asset:path": "${assetPath}", "aws:asset:property": "Code" }
    }`;

  it('reads a source asset folder, and tells staged bundles and outside folders apart without reporting them', () => {
    const { root, model, findings } = load({
      'cdk.out/Shop.template.json': `{\n  "Resources": {\n${[
        asset('Source', '../lambda', 'orders.handler'),
        asset('Staged', 'asset.0a1b2c', 'index.handler'),
        asset('StagedPython', 'asset.3d4e5f', 'index.handler', 'python3.12'),
        asset('Outside', '../../shared-lambda', 'index.handler'),
      ].join(',\n')}\n  }\n}\n`,
      'cdk.out/asset.0a1b2c/index.js': HANDLER,
      'lambda/orders.ts': HANDLER,
      'package.json': '{ "name": "shop-cdk" }',
      'index.js': HANDLER,
    }, ['cdk.out/Shop.template.json']);
    expect(sources(root, model)).toEqual({
      Source: ['node', 'lambda/orders.ts'],
      // Never the package's index.js: the asset metadata says where the code is.
      Staged: ['staged-asset', ''],
      StagedPython: ['other-runtime', ''],
      Outside: ['outside-root', ''],
    });
    expect(notFound(findings)).toEqual([
      "34 handlerNotFound: Handler 'index.handler' of Outside is in ../shared-lambda, outside the project root: not read. Pass --root <folder> with a folder that holds both the template and the code.",
    ]);
  });
});

describe('a handler that is not a plain value', () => {
  it('is said on the function: its code is not linted', () => {
    const { findings } = load({
      'template.yaml': sam(`  Computed:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: nodejs20.x
      Handler: !Sub "\${Prefix}.handler"
  Python:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: python3.12
      Handler: !Sub "\${Prefix}.handler"
`),
    }, ['template.yaml']);
    expect(notFound(findings)).toEqual([
      '3 handlerUnreadable: The handler of Computed is not written as a plain value (it is computed when the template is deployed or the app is synthesized), so its code is not linted.',
    ]);
  });
});
