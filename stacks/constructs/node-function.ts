/**
 * The one way this package defines a Lambda function: a TypeScript entry point bundled by the local esbuild
 * (never Docker), minified and tree-shaken; the AWS SDK v3 clients come from the Lambda runtime (bundling them
 * made the worker 1.5 MB; `bench/` measures every bundle); the newest Node.js runtime on arm64; a log group kept for a year; an execution role that
 * may write to that log group only (instead of the AWSLambdaBasicExecutionRole managed policy, which allows any).
 */
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Architecture, Runtime } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, NodejsFunctionProps, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import * as path from 'node:path';

export const REPO_ROOT = path.resolve(__dirname, '..', '..');

export interface HandlerFunctionProps extends Omit<NodejsFunctionProps, 'entry' | 'runtime'> {
  /** Entry file relative to the repository root, e.g. `lifecycle-handlers/portfolio-share/index.ts`. */
  readonly entryFile: string;
}

export class HandlerFunction extends NodejsFunction {
  constructor(scope: Construct, id: string, props: HandlerFunctionProps) {
    const { entryFile, bundling, ...rest } = props;
    const logGroup = new LogGroup(scope, `${id}Logs`, {
      retention: RetentionDays.ONE_YEAR,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    const role = new Role(scope, `${id}Role`, {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: `Execution role of ${id}`,
    });
    logGroup.grantWrite(role);
    super(scope, id, {
      entry: path.join(REPO_ROOT, entryFile),
      projectRoot: REPO_ROOT,
      depsLockFilePath: path.join(REPO_ROOT, 'package-lock.json'),
      runtime: Runtime.NODEJS_24_X,
      role,
      architecture: Architecture.ARM_64,
      memorySize: 256,
      timeout: Duration.minutes(1),
      logGroup,
      ...rest,
      bundling: {
        forceDockerBundling: false,
        minify: true,
        sourceMap: false,
        bundleAwsSDK: false,
        format: OutputFormat.CJS,
        target: 'node24',
        ...bundling,
      },
    });
  }
}
