/**
 * The lifecycle stack (hub account, home Region): Control Tower and Organizations events, and a daily schedule,
 * → intake function → SQS FIFO (one message group per account, content-based deduplication) → worker function
 * (partial batch failures) → a DLQ whose every message says why, with an alarm. Results go to EventBridge as
 * `falcon.catalog` events, one per account × product × Region.
 */
import { Duration, RemovalPolicy, Stack, StackProps } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, Metric, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { TERMINATIONS_HELD_METRIC } from '../lifecycle-handlers/core/results';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { CfnEventBusPolicy, Rule, Schedule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import { AnyPrincipal, Effect, PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { type IKey, Key } from 'aws-cdk-lib/aws-kms';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { hubAccountOf } from '../manifest/hub-account';
import type { Manifest } from '../manifest/schema';
import { HandlerFunction } from './constructs/node-function';
import { lifecycleEventPatterns } from './lifecycle-events';
import {
  assumeExecutionRoleStatement,
  launchDirectoryStatements,
  launchInOwnAccountStatements,
  readOrganisationStatements,
} from './constructs/organisation-access';
import { ORG_ACCESS_ROLE_NAME } from '../lifecycle-handlers/core/access';
import { fleetSizeFor } from '../lifecycle-handlers/worker/fleet';

export interface LifecycleStackProps extends StackProps {
  readonly manifest: Manifest;
}

/** Attempts per queued event before it is parked in the DLQ with its reason. */
export const MAX_RECEIVES = 3;

/**
 * The queue key also encrypts the alarm topic and the intake DLQ, which AWS services write to: CloudWatch publishes
 * alarm notifications to the topic and EventBridge sends undeliverable events to the rule target's DLQ, each needing
 * GenerateDataKey and Decrypt on the key, or the message is dropped. Each grant is limited to sources of this
 * account (aws:SourceAccount) and to its alarms or rules (aws:SourceArn).
 * https://docs.aws.amazon.com/sns/latest/dg/sns-key-management.html#compatibility-with-aws-services
 * https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-key-management.html
 * https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-rule-dlq.html
 */
function allowServiceDeliveries(key: IKey, partition: string, region: string, account: string, stackName: string) {
  key.addToResourcePolicy(
    new PolicyStatement({
      sid: 'CloudWatchAlarmsPublishToTopic',
      principals: [new ServicePrincipal('cloudwatch.amazonaws.com')],
      actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
      resources: ['*'],
      conditions: {
        StringEquals: { 'aws:SourceAccount': account },
        ArnLike: { 'aws:SourceArn': `arn:${partition}:cloudwatch:${region}:${account}:alarm:${stackName}-*` },
      },
    }),
  );
  key.addToResourcePolicy(
    new PolicyStatement({
      sid: 'EventBridgeRulesSendToDlq',
      principals: [new ServicePrincipal('events.amazonaws.com')],
      actions: ['kms:Decrypt', 'kms:GenerateDataKey'],
      resources: ['*'],
      conditions: {
        StringEquals: { 'aws:SourceAccount': account },
        ArnLike: { 'aws:SourceArn': `arn:${partition}:events:${region}:${account}:rule/*` },
      },
    }),
  );
}

export class LifecycleStack extends Stack {
  readonly queue: Queue;
  readonly deadLetterQueue: Queue;
  readonly worker: HandlerFunction;
  /** Worker invocations at once (the event source's maximum concurrency). */
  readonly workerFleetSize: number;
  /** Subscribe the platform team here: it is notified when a lifecycle event lands in a dead-letter queue. */
  readonly alarmTopic: Topic;

  constructor(scope: Construct, id: string, props: LifecycleStackProps) {
    const { manifest } = props;
    const { homeRegion, organizationId, executionRoleName } = manifest.organization;
    super(scope, id, {
      ...props,
      env: { account: hubAccountOf(manifest), region: homeRegion },
      description: 'CrowdStrike Falcon catalog: Control Tower lifecycle automation (events, queue, worker, DLQ)',
    });

    const key = new Key(this, 'QueueKey', {
      description: 'Encrypts the Falcon lifecycle queues and alarm topic',
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.deadLetterQueue = new Queue(this, 'DeadLetterQueue', {
      fifo: true,
      contentBasedDeduplication: true,
      encryption: QueueEncryption.KMS,
      encryptionMasterKey: key,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    this.queue = new Queue(this, 'EventQueue', {
      fifo: true,
      contentBasedDeduplication: true,
      encryption: QueueEncryption.KMS,
      encryptionMasterKey: key,
      enforceSSL: true,
      // Longer than the worker's timeout, so a message in progress is never handed to a second worker.
      visibilityTimeout: Duration.minutes(16),
      retentionPeriod: Duration.days(4),
      deadLetterQueue: { queue: this.deadLetterQueue, maxReceiveCount: MAX_RECEIVES + 1 },
    });
    const intakeDlq = new Queue(this, 'IntakeDeadLetterQueue', {
      encryption: QueueEncryption.KMS,
      encryptionMasterKey: key,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });

    const intake = new HandlerFunction(this, 'Intake', {
      entryFile: 'lifecycle-handlers/intake/index.ts',
      description: 'Routes Control Tower and Organizations events into the per-account FIFO queue',
      environment: { QUEUE_URL: this.queue.queueUrl },
      deadLetterQueue: intakeDlq,
    });
    this.queue.grantSendMessages(intake);

    this.worker = new HandlerFunction(this, 'Worker', {
      entryFile: 'lifecycle-handlers/worker/index.ts',
      description: 'Plans and provisions the Falcon products for one account per message',
      // The worker stops waiting a minute before this and hands what is still running on in a follow-up message.
      timeout: Duration.minutes(15),
      memorySize: 512,
      environment: {
        QUEUE_URL: this.queue.queueUrl,
        DEAD_LETTER_QUEUE_URL: this.deadLetterQueue.queueUrl,
        MAX_RECEIVES: String(MAX_RECEIVES),
      },
      bundling: {
        // The validated manifest travels inside the code bundle: it is configuration that deploys with the stack,
        // it is larger than Lambda environment variables allow, and it holds no secret (the validator refuses one).
        define: { 'process.env.FALCON_MANIFEST_JSON': JSON.stringify(JSON.stringify(manifest)) },
      },
    });
    // The worker's own role, for its launch path when it provisions the hub account itself.
    this.worker.addEnvironment('WORKER_ROLE_ARN', this.worker.role!.roleArn);
    // The bounded fleet is the shared limiter of the organisation's provisioning calls: at most this many accounts'
    // jobs run at once, sized from lifecycle.provisioningRatePerSecond (lifecycle-handlers/worker/fleet.ts). Without
    // it Lambda would scale the FIFO queue to one invocation per active message group, up to 1,000.
    this.workerFleetSize = fleetSizeFor(manifest);
    this.worker.addEventSource(
      new SqsEventSource(this.queue, { batchSize: 1, reportBatchItemFailures: true, maxConcurrency: this.workerFleetSize }),
    );
    // The worker fans whole-organisation and OU triggers out into one message per account, and parks a message
    // that failed its last attempt in the DLQ itself, with the reason as a message attribute.
    this.queue.grantSendMessages(this.worker);
    this.deadLetterQueue.grantSendMessages(this.worker);
    // A job names an account and carries its place in the organisation: only the intake and the worker may write
    // one, whatever IAM policies other principals of this account have.
    this.queue.addToResourcePolicy(
      new PolicyStatement({
        sid: 'OnlyIntakeAndWorkerSend',
        effect: Effect.DENY,
        principals: [new AnyPrincipal()],
        actions: ['sqs:SendMessage'],
        resources: [this.queue.queueArn],
        conditions: { ArnNotEquals: { 'aws:PrincipalArn': [intake.role!.roleArn, this.worker.role!.roleArn] } },
      }),
    );
    this.grantWorkerAccess(this.partition, organizationId, manifest.organization.managementAccountId, executionRoleName, hubAccountOf(manifest));

    const target = new LambdaFunction(intake, { deadLetterQueue: intakeDlq, retryAttempts: 2, maxEventAge: Duration.hours(6) });
    for (const [name, pattern] of Object.entries(lifecycleEventPatterns())) {
      new Rule(this, name, { description: `Falcon catalog: ${name}`, eventPattern: pattern, targets: [target] });
    }
    new Rule(this, 'DailyReconcile', {
      description: 'Falcon catalog: reconcile every account daily, to repair drift and missed events',
      schedule: Schedule.rate(Duration.days(1)),
      targets: [target],
    });

    allowServiceDeliveries(key, this.partition, this.region, this.account, this.stackName);
    this.alarmTopic = new Topic(this, 'AlarmTopic', {
      masterKey: key,
      enforceSSL: true,
      displayName: 'Falcon catalog lifecycle alarms',
    });
    for (const [name, queue] of [
      ['LifecycleDlq', this.deadLetterQueue],
      ['IntakeDlq', intakeDlq],
    ] as const) {
      new Alarm(this, `${name}NotEmpty`, {
        alarmName: `${this.stackName}-${name}NotEmpty`,
        alarmDescription: `Falcon lifecycle events are waiting in ${name}: each message says which account, Region and product failed`,
        metric: queue.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5) }),
        threshold: 0,
        comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
        evaluationPeriods: 1,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      }).addAlarmAction(new SnsAction(this.alarmTopic));
    }
    // Published by the worker (Powertools: namespace FalconCatalog, dimension service): any held termination waits
    // for an operator, who reads the reasons in the result events or in falcon-catalog plan.
    new Alarm(this, 'TerminationsHeld', {
      alarmName: `${this.stackName}-TerminationsHeld`,
      alarmDescription:
        'Falcon lifecycle held terminations (blast-radius limit or a manifest target missing from the organisation): ' +
        'run falcon-catalog plan, then fix the manifest or run falcon-catalog reconcile --confirm-terminations <n>',
      metric: new Metric({
        namespace: 'FalconCatalog',
        metricName: TERMINATIONS_HELD_METRIC,
        dimensionsMap: { service: 'falcon-lifecycle' },
        statistic: 'Sum',
        period: Duration.hours(1),
      }),
      threshold: 0,
      comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    }).addAlarmAction(new SnsAction(this.alarmTopic));
  }

  private readonly allowedSenders = new Set<string>();

  /** Lets the management account's forwarder rules put lifecycle events on this account's default bus. */
  allowEventsFrom(accountId: string): void {
    if (this.allowedSenders.has(accountId)) return;
    this.allowedSenders.add(accountId);
    new CfnEventBusPolicy(this, `AllowEventsFrom${accountId}`, {
      eventBusName: 'default',
      statementId: `falcon-lifecycle-from-${accountId}`,
      statement: {
        Effect: 'Allow',
        Principal: { AWS: `arn:${this.partition}:iam::${accountId}:root` },
        Action: 'events:PutEvents',
        Resource: `arn:${this.partition}:events:${this.region}:${this.account}:event-bus/default`,
      },
    });
  }

  private grantWorkerAccess(
    partition: string,
    organizationId: string,
    managementAccountId: string,
    executionRoleName: string,
    hubAccountId: string,
  ) {
    const worker = this.worker;
    const facts = { partition, organizationId, managementAccountId, executionRoleName };
    // The hub's own products are launched with the worker's own role (there is no execution role to assume there).
    for (const statement of launchInOwnAccountStatements(partition, hubAccountId)) worker.addToRolePolicy(statement);
    for (const statement of launchDirectoryStatements(partition, hubAccountId)) worker.addToRolePolicy(statement);
    if (hubAccountId === managementAccountId) {
      worker.addToRolePolicy(assumeExecutionRoleStatement(facts));
      for (const statement of readOrganisationStatements(facts)) worker.addToRolePolicy(statement);
    } else {
      // A separate hub reaches the organisation only through the org-access role in the management account
      // (lifecycle-handlers/core/access.ts): AWSControlTowerExecution trusts the management account alone.
      worker.addToRolePolicy(
        new PolicyStatement({
          sid: 'AssumeOrgAccessRole',
          actions: ['sts:AssumeRole'],
          resources: [`arn:${partition}:iam::${managementAccountId}:role/${ORG_ACCESS_ROLE_NAME}`],
        }),
      );
    }
    worker.addToRolePolicy(
      new PolicyStatement({
        sid: 'FindHubPortfolio',
        // Portfolio and product look-ups by name: ListPortfolios and SearchProductsAsAdmin take no resource ARN.
        actions: ['servicecatalog:ListPortfolios', 'servicecatalog:SearchProductsAsAdmin'],
        resources: ['*'],
      }),
    );
    worker.addToRolePolicy(
      new PolicyStatement({
        sid: 'DescribeHubPortfolio',
        // The portfolio found by name, in the hub account (its ID is known only at run time).
        actions: ['servicecatalog:DescribePortfolio'],
        resources: [`arn:${partition}:catalog:*:${hubAccountId}:portfolio/*`],
      }),
    );
    worker.addToRolePolicy(
      new PolicyStatement({
        sid: 'ReadRegistrationAndManifest',
        actions: ['ssm:GetParameter', 'ssm:GetParametersByPath'],
        resources: [`arn:${partition}:ssm:${this.region}:${this.account}:parameter/falcon-catalog/*`],
      }),
    );
    worker.addToRolePolicy(
      new PolicyStatement({
        sid: 'PublishResults',
        actions: ['events:PutEvents'],
        resources: [`arn:${partition}:events:${this.region}:${this.account}:event-bus/default`],
      }),
    );
  }
}
