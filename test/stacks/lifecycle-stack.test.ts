import { Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, exampleManifest } from '../helpers/example-app';

describe('lifecycle stack (example manifest: hub = management account, home us-east-1)', () => {
  let template: Template;
  let built: ReturnType<typeof buildTestApp>;

  beforeAll(() => {
    built = buildTestApp(undefined, { nag: false });
    template = Template.fromStack(built.lifecycleStack);
  });

  it('listens to every Control Tower lifecycle event and the Organizations changes, in both states', () => {
    template.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: {
        source: ['aws.controltower'],
        'detail-type': ['AWS Service Event via CloudTrail'],
        detail: {
          eventName: ['CreateManagedAccount', 'UpdateManagedAccount', 'RegisterOrganizationalUnit', 'EnableBaseline', 'ResetEnabledBaseline'],
        },
      },
    });
    template.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: { source: ['aws.organizations'], detail: { eventName: ['MoveAccount', 'CloseAccount'] } },
    });
    template.hasResourceProperties('AWS::Events::Rule', { ScheduleExpression: 'rate(1 day)' });
    // No state filter: FAILED events are recorded, not dropped.
    expect(JSON.stringify(template.findResources('AWS::Events::Rule'))).not.toContain('SUCCEEDED');
  });

  it('queues events FIFO, deduplicated by content, KMS-encrypted, with a dead-letter queue after 4 receives', () => {
    template.hasResourceProperties('AWS::SQS::Queue', {
      FifoQueue: true,
      ContentBasedDeduplication: true,
      KmsMasterKeyId: Match.anyValue(),
      VisibilityTimeout: 960,
      RedrivePolicy: { deadLetterTargetArn: Match.anyValue(), maxReceiveCount: 4 },
    });
    const queues = Object.values(template.findResources('AWS::SQS::Queue'));
    expect(queues.every((q) => q.Properties.KmsMasterKeyId)).toBe(true);
  });

  it('runs the worker one message at a time with partial batch failure reporting, in a fleet sized from R', () => {
    // The example: R = 10/s, the launch role and 3 directories per account, then its products (worker/fleet.ts).
    expect(built.lifecycleStack.workerFleetSize).toBe(225);
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      BatchSize: 1,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      ScalingConfig: { MaximumConcurrency: 225 },
    });
    const faster = exampleManifest();
    faster.lifecycle.provisioningRatePerSecond = 20;
    const fasterStack = buildTestApp(faster, { nag: false }).lifecycleStack;
    Template.fromStack(fasterStack).hasResourceProperties('AWS::Lambda::EventSourceMapping', { ScalingConfig: { MaximumConcurrency: 450 } });
  });

  it('lets the worker launch the Falcon directory in the hub with its own rights, and nothing else of the kind', () => {
    const statements = Object.values(template.findResources('AWS::IAM::Policy')).flatMap(
      (p) => p.Properties.PolicyDocument.Statement as { Sid?: string; Action: string | string[]; Resource: unknown; Condition?: unknown }[],
    );
    const account = built.lifecycleStack.account;
    const stacks = statements.find((s) => s.Sid === 'DirectoryStacks')!;
    expect(JSON.stringify(stacks.Resource)).toContain(`:cloudformation:*:${account}:stack/SC-*`);
    const parameters = statements.find((s) => s.Sid === 'DirectoryParameters')!;
    expect(JSON.stringify(parameters.Resource)).toContain(`:ssm:*:${account}:parameter/falcon-catalog/directory/*`);
    const writes = statements.flatMap((s) => [s.Action].flat()).filter((a) => /^ssm:(Put|Delete)|^cloudformation:(Create|Update|Delete)/.test(a));
    expect(writes.sort()).toEqual(
      ['cloudformation:CreateStack', 'cloudformation:DeleteStack', 'cloudformation:UpdateStack', 'ssm:DeleteParameter', 'ssm:PutParameter'].sort(),
    );
  });

  it('alarms when anything lands in a dead-letter queue, notifying an encrypted topic', () => {
    const alarms = Object.values(template.findResources('AWS::CloudWatch::Alarm')).filter(
      (a) => a.Properties.Namespace === 'AWS/SQS',
    );
    expect(alarms).toHaveLength(2);
    for (const alarm of alarms) {
      expect(alarm.Properties.MetricName).toBe('ApproximateNumberOfMessagesVisible');
      expect(alarm.Properties.AlarmActions).toHaveLength(1);
    }
    template.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: Match.anyValue() });
  });

  it('alarms on any termination the blast-radius guard held, from the metric the worker publishes', () => {
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'FalconCatalog',
      MetricName: 'terminationsHeld',
      Dimensions: [{ Name: 'service', Value: 'falcon-lifecycle' }],
      Statistic: 'Sum',
      Threshold: 0,
      ComparisonOperator: 'GreaterThanThreshold',
      AlarmActions: [Match.anyValue()],
    });
  });

  it('lets CloudWatch alarms and EventBridge rule DLQ deliveries use the shared key, only from this account', () => {
    const [key] = Object.values(template.findResources('AWS::KMS::Key'));
    const statements = key.Properties.KeyPolicy.Statement as Record<string, any>[]; // eslint-disable-line @typescript-eslint/no-explicit-any
    const forService = (service: string) => statements.filter((st) => st.Principal?.Service === service);
    const account = built.lifecycleStack.account;

    const [cloudwatch] = forService('cloudwatch.amazonaws.com');
    expect(cloudwatch.Effect).toBe('Allow');
    expect([cloudwatch.Action].flat().sort()).toEqual(['kms:Decrypt', 'kms:GenerateDataKey*']);
    expect(cloudwatch.Condition.StringEquals).toEqual({ 'aws:SourceAccount': account });
    const stackName = built.lifecycleStack.stackName;
    expect(JSON.stringify(cloudwatch.Condition.ArnLike['aws:SourceArn'])).toContain(`:cloudwatch:us-east-1:${account}:alarm:${stackName}-*`);
    // The grant covers exactly the alarms that notify the topic: each is named under the stack's prefix.
    const alarmNames = Object.values(template.findResources('AWS::CloudWatch::Alarm')).map((a) => a.Properties.AlarmName as string);
    expect(alarmNames).toHaveLength(3);
    for (const name of alarmNames) expect(name.startsWith(`${stackName}-`)).toBe(true);

    const [events] = forService('events.amazonaws.com');
    expect([events.Action].flat().sort()).toEqual(['kms:Decrypt', 'kms:GenerateDataKey']);
    expect(events.Condition.StringEquals).toEqual({ 'aws:SourceAccount': account });
    expect(JSON.stringify(events.Condition.ArnLike['aws:SourceArn'])).toContain(`:events:us-east-1:${account}:rule/*`);
    // That key is the one of the alarm topic and of the DLQ the rules' target uses.
    const keyRef = Object.keys(template.findResources('AWS::KMS::Key'))[0];
    template.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: { 'Fn::GetAtt': [keyRef, 'Arn'] } });
    const rule = Object.values(template.findResources('AWS::Events::Rule'))[0];
    const dlqRef = rule.Properties.Targets[0].DeadLetterConfig.Arn['Fn::GetAtt'][0];
    expect(template.toJSON().Resources[dlqRef].Properties.KmsMasterKeyId).toEqual({ 'Fn::GetAtt': [keyRef, 'Arn'] });
  });

  it('lets only the intake and the worker send to the work queue', () => {
    const policies = Object.values(template.findResources('AWS::SQS::QueuePolicy'));
    const deny = policies.flatMap((p) => p.Properties.PolicyDocument.Statement).find((st) => st.Sid === 'OnlyIntakeAndWorkerSend');
    expect(deny).toMatchObject({ Effect: 'Deny', Principal: { AWS: '*' }, Action: 'sqs:SendMessage' });
    const allowed = JSON.stringify(deny.Condition.ArnNotEquals['aws:PrincipalArn']);
    const roles = Object.entries(template.findResources('AWS::IAM::Role'))
      .filter(([, r]) => JSON.stringify(r.Properties.AssumeRolePolicyDocument).includes('lambda.amazonaws.com'))
      .map(([id]) => id);
    const intakeRole = roles.find((id) => id.startsWith('Intake'));
    const workerRole = roles.find((id) => id.startsWith('Worker'));
    expect(allowed).toContain(`"${intakeRole}"`);
    expect(allowed).toContain(`"${workerRole}"`);
    expect(deny.Condition.ArnNotEquals['aws:PrincipalArn']).toHaveLength(2);
  });

  it('lets the worker assume the execution role only in accounts of this organisation', () => {
    const statements = Object.values(template.findResources('AWS::IAM::Policy')).flatMap(
      (p) => p.Properties.PolicyDocument.Statement,
    );
    const assume = statements.find((s) => s.Sid === 'AssumeExecutionRoleInOrganisation');
    expect(assume.Action).toBe('sts:AssumeRole');
    expect(assume.Condition).toEqual({ StringEquals: { 'aws:ResourceOrgID': 'o-exampleorgid' } });
    expect(JSON.stringify(assume.Resource)).toContain(':iam::*:role/AWSControlTowerExecution');
    const publish = statements.find((s) => s.Sid === 'PublishResults');
    expect(JSON.stringify(publish.Resource)).toContain(':event-bus/default');
  });

  it('carries the manifest in the code bundle, not in environment variables', () => {
    for (const fn of Object.values(template.findResources('AWS::Lambda::Function'))) {
      const env = JSON.stringify(fn.Properties.Environment ?? {});
      expect(env).not.toContain('o-exampleorgid');
      expect(env).not.toContain('falcon/api-client');
    }
  });

  it('needs no forwarder when the hub is the management account and the home Region is us-east-1', () => {
    expect(built.forwarderStacks).toEqual([]);
  });
});

describe('lifecycle forwarders', () => {
  it('forward from the management account (home Region and Organizations Region) to a separate hub', () => {
    const manifest = exampleManifest((m) => {
      m.organization.hubAccountId = '999999999999';
      m.organization.homeRegion = 'eu-west-1';
    });
    const { forwarderStacks, lifecycleStack } = buildTestApp(manifest, { nag: false });
    expect(forwarderStacks.map((s) => [s.account, s.region])).toEqual([
      ['111111111111', 'eu-west-1'],
      ['111111111111', 'us-east-1'],
    ]);
    Template.fromStack(forwarderStacks[1]).hasResourceProperties('AWS::Events::Rule', {
      EventPattern: { source: ['aws.organizations'] },
      Targets: [Match.objectLike({ Arn: Match.stringLikeRegexp(':events:eu-west-1:999999999999:event-bus/default') })],
    });
    Template.fromStack(lifecycleStack).hasResourceProperties('AWS::Events::EventBusPolicy', {
      Statement: Match.objectLike({
        Action: 'events:PutEvents',
        Principal: { AWS: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::111111111111:root']] } },
      }),
    });
  });
});
