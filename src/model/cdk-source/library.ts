/**
 * Library modules by one name whatever the CDK version: `aws-cdk-lib/aws-lambda`,
 * `@aws-cdk/aws-lambda` and aws-cdk-lib's `aws_lambda` namespace are all `aws-lambda`; the root of
 * aws-cdk-lib and `@aws-cdk/core` are `core`; alpha modules lose their suffix.
 */
export function libraryModule(specifier: string): string | undefined {
  if (specifier === 'aws-cdk-lib' || specifier === '@aws-cdk/core') return 'core';
  if (specifier === 'constructs') return 'constructs';
  if (specifier === 'path' || specifier === 'node:path') return 'node:path';
  if (specifier === 'url' || specifier === 'node:url') return 'node:url';
  const v2 = /^aws-cdk-lib\/([\w-]+)$/.exec(specifier);
  if (v2) return v2[1] === 'core' ? 'core' : v2[1];
  const v1 = /^@aws-cdk\/([\w-]+?)(?:-alpha)?$/.exec(specifier);
  if (v1) return v1[1];
  const solutions = /^@aws-solutions-constructs\/([\w-]+)$/.exec(specifier);
  if (solutions) return `solutions/${solutions[1]}`;
  // Any other package: kept by name, so a third-party construct is known as such.
  return specifier.startsWith('.') ? undefined : `package:${specifier}`;
}

/** aws-cdk-lib's root exports each module as a namespace: `cdk.aws_sqs` is the `aws-sqs` module. */
export function namespaceModule(module: string, name: string): string | undefined {
  if (module !== 'core' || !name.startsWith('aws_')) return undefined;
  return name.replace(/_/g, '-');
}

/** Modules of the AWS Construct Library (as opposed to third-party packages). */
export function isCdkModule(module: string): boolean {
  return !module.startsWith('package:') && !module.startsWith('node:') && !module.startsWith('solutions/');
}
