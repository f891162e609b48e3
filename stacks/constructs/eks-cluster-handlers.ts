/**
 * The hub's EKS handlers: a work queue (EKS events from the bus, delayed re-checks, sweep targets) drained by the
 * cluster worker at a bounded concurrency, and the sweeper that fans the assigned account × Region pairs into it
 * on a schedule. The worker's role has a fixed name because member execution roles trust it by ARN.
 */
import { Duration, Stack } from 'aws-cdk-lib';
import { Rule, Schedule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import { CfnRole, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { EKS_ENV } from '../../lifecycle-handlers/eks/config';
import type { Manifest } from '../../manifest/schema';
import { EKS_CLUSTER_HANDLER_ROLE_NAME, EKS_EXECUTION_ROLE_NAME } from '../../products/eks-protection/names';
import type { EksHubOptions } from '../../products/eks-protection/options';
import type { Project } from 'aws-cdk-lib/aws-codebuild';
import { HandlerFunction } from './node-function';

/** A cluster takes 10-15 minutes to become ACTIVE: look every 3 minutes, for up to an hour. */
export const RETRY_DELAY_SECONDS = 180;
export const MAX_LOOKS = 20;
/** Clusters of one account × Region handled at once by one worker invocation. */
export const CLUSTER_CONCURRENCY = 3;
const WORKER_TIMEOUT = Duration.minutes(5);

export interface EksClusterHandlersProps {
  readonly manifest: Manifest;
  readonly options: EksHubOptions;
  readonly key: IKey;
  readonly project: Project;
  readonly vpcProject?: Project;
}

export class EksClusterHandlers extends Construct {
  readonly queue: Queue;
  readonly deadLetterQueue: Queue;
  readonly worker: HandlerFunction;
  readonly sweeper: HandlerFunction;

  constructor(scope: Construct, id: string, props: EksClusterHandlersProps) {
    super(scope, id);
    const stack = Stack.of(this);
    const encryption = { encryption: QueueEncryption.KMS, encryptionMasterKey: props.key, enforceSSL: true };
    this.deadLetterQueue = new Queue(this, 'DeadLetterQueue', { ...encryption, retentionPeriod: Duration.days(14) });
    this.queue = new Queue(this, 'WorkQueue', {
      ...encryption,
      // Six times the worker's timeout, as Lambda recommends for SQS sources, so no message runs twice at once.
      visibilityTimeout: Duration.minutes(30),
      retentionPeriod: Duration.days(4),
      deadLetterQueue: { queue: this.deadLetterQueue, maxReceiveCount: 5 },
    });

    this.worker = new HandlerFunction(this, 'Worker', {
      entryFile: 'lifecycle-handlers/eks/worker-handler.ts',
      description: 'Falcon EKS hub: inspects one cluster (or one account x Region) and starts its installer build',
      timeout: WORKER_TIMEOUT,
      environment: {
        [EKS_ENV.partition]: stack.partition,
        [EKS_ENV.executionRoleName]: EKS_EXECUTION_ROLE_NAME,
        [EKS_ENV.installerProject]: props.project.projectName,
        ...(props.vpcProject ? { [EKS_ENV.installerVpcProject]: props.vpcProject.projectName } : {}),
        [EKS_ENV.queueUrl]: this.queue.queueUrl,
        [EKS_ENV.retryDelaySeconds]: String(RETRY_DELAY_SECONDS),
        [EKS_ENV.maxLooks]: String(MAX_LOOKS),
        [EKS_ENV.clusterConcurrency]: String(CLUSTER_CONCURRENCY),
      },
    });
    (this.worker.role!.node.defaultChild as CfnRole).roleName = EKS_CLUSTER_HANDLER_ROLE_NAME;
    this.worker.addEventSource(
      new SqsEventSource(this.queue, {
        batchSize: 1,
        reportBatchItemFailures: true,
        // The bound on account × Region pairs (and cluster checks) in flight at once, org-wide.
        maxConcurrency: Math.max(2, props.options.sweepConcurrency),
      }),
    );
    this.allowSend(this.worker, props.key);
    this.worker.addToRolePolicy(
      new PolicyStatement({
        sid: 'AssumeMemberExecutionRole',
        actions: ['sts:AssumeRole'],
        resources: [`arn:${stack.partition}:iam::*:role/${EKS_EXECUTION_ROLE_NAME}`],
        conditions: { StringEquals: { 'aws:ResourceOrgID': props.manifest.organization.organizationId } },
      }),
    );
    this.worker.addToRolePolicy(
      new PolicyStatement({
        sid: 'StartInstallerBuilds',
        actions: ['codebuild:StartBuild'],
        resources: [props.project.projectArn, ...(props.vpcProject ? [props.vpcProject.projectArn] : [])],
      }),
    );
    this.worker.addToRolePolicy(
      new PolicyStatement({
        sid: 'PublishResults',
        actions: ['events:PutEvents'],
        resources: [`arn:${stack.partition}:events:${stack.region}:${stack.account}:event-bus/default`],
      }),
    );

    this.sweeper = new HandlerFunction(this, 'Sweeper', {
      entryFile: 'lifecycle-handlers/eks/sweep-handler.ts',
      description: 'Falcon EKS hub: queues one sweep message per account x Region assigned eks-protection',
      timeout: Duration.minutes(5),
      environment: { [EKS_ENV.queueUrl]: this.queue.queueUrl },
      bundling: {
        // The validated manifest travels in the bundle, as for the lifecycle worker: too large for environment
        // variables, deployed with the stack, and free of secrets (the validator refuses them).
        define: { 'process.env.FALCON_MANIFEST_JSON': JSON.stringify(JSON.stringify(props.manifest)) },
      },
    });
    this.allowSend(this.sweeper, props.key);
    this.grantOrganizationRead(stack, props.manifest);
    new Rule(this, 'SweepSchedule', {
      description: 'Falcon EKS hub: sweep existing clusters in every assigned account and Region',
      schedule: Schedule.expression(props.options.sweepSchedule),
      targets: [new LambdaFunction(this.sweeper, { retryAttempts: 2 })],
    });
  }

  /** SendMessage to the encrypted queue: the two KMS actions SQS uses, instead of CDK's wildcard data-key grant. */
  private allowSend(fn: HandlerFunction, key: IKey): void {
    fn.addToRolePolicy(new PolicyStatement({ sid: 'QueueWork', actions: ['sqs:SendMessage'], resources: [this.queue.queueArn] }));
    fn.addToRolePolicy(
      new PolicyStatement({ sid: 'EncryptQueuedWork', actions: ['kms:GenerateDataKey', 'kms:Decrypt'], resources: [key.keyArn] }),
    );
  }

  private grantOrganizationRead(stack: Stack, manifest: Manifest): void {
    const { managementAccountId, organizationId } = manifest.organization;
    const org = (kind: string, suffix: string) =>
      `arn:${stack.partition}:organizations::${managementAccountId}:${kind}/${organizationId}/${suffix}`;
    this.sweeper.addToRolePolicy(
      new PolicyStatement({
        sid: 'FindRoots',
        // ListRoots has no resource-level permission: IAM accepts only `*`.
        actions: ['organizations:ListRoots'],
        resources: ['*'],
      }),
    );
    this.sweeper.addToRolePolicy(
      new PolicyStatement({
        sid: 'WalkOrganization',
        actions: ['organizations:ListOrganizationalUnitsForParent', 'organizations:ListAccountsForParent'],
        resources: [org('root', 'r-*'), org('ou', 'ou-*')],
      }),
    );
  }
}
