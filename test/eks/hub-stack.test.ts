/**
 * The EKS hub stack's template: the organisation-only bus policy, the CodeBuild project's settings, the worker's
 * bounded concurrency and fixed role name, and that no Falcon credential is a parameter or a plain variable.
 * cdk-nag (AwsSolutions) must pass: `synthHub` throws on any unsuppressed finding.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { EKS_ENV } from '../../lifecycle-handlers/eks/config';
import { manifestWithEks } from './support';
import { FALCON_OPERATOR_RELEASES, LATEST_FALCON_OPERATOR } from '../../products/eks-protection/falcon-versions';
import { INSTALLER_SECRET, type Json, resourcesOfType, synthHub } from './synth';

const PARTITION = { Ref: 'AWS::Partition' };
const CREDENTIAL_NAME = /CLIENT|SECRET|TOKEN|PASSWORD/i;

describe('EKS hub stack', () => {
  const manifest = manifestWithEks({ targets: { organizationalUnits: ['Root/Workloads'] }, regions: 'governed' });
  let template: Json;

  beforeAll(() => {
    template = synthHub(manifest);
  });

  it('lets only principals of the organisation put events on the bus, with a partition-aware ARN', () => {
    const [[, policy]] = resourcesOfType(template, 'AWS::Events::EventBusPolicy');
    expect(policy.Properties.Statement).toEqual({
      Sid: 'cdk-OrganizationAccountsPutEksEvents',
      Effect: 'Allow',
      Principal: { AWS: '*' },
      Action: 'events:PutEvents',
      Resource: { 'Fn::Join': ['', ['arn:', PARTITION, ':events:us-east-1:111111111111:event-bus/falcon-eks-cluster-events']] },
      Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-exampleorgid' } },
    });
    const [[, bus]] = resourcesOfType(template, 'AWS::Events::EventBus');
    expect(bus.Properties.Name).toBe('falcon-eks-cluster-events');
  });

  it('runs the installer unprivileged, encrypted, with a sane timeout, from the pinned buildspec', () => {
    const projects = resourcesOfType(template, 'AWS::CodeBuild::Project');
    expect(projects).toHaveLength(1);
    const [[, project]] = projects;
    const props = project.Properties;
    expect(props.Name).toBe('falcon-eks-installer');
    expect(props.Environment).toMatchObject({
      Image: 'aws/codebuild/amazonlinux-x86_64-standard:5.0',
      ComputeType: 'BUILD_GENERAL1_SMALL',
      PrivilegedMode: false,
    });
    expect(props.TimeoutInMinutes).toBe(45);
    expect(props.EncryptionKey).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^Key/), 'Arn'] });
    expect(props.Source).toMatchObject({ Type: 'S3', BuildSpec: 'buildspec.yml' });
    expect(props.LogsConfig.CloudWatchLogs.Status).toBe('ENABLED');
    const [[, logGroup]] = resourcesOfType(template, 'AWS::Logs::LogGroup').filter(([id]) => id.startsWith('InstallerLogs'));
    expect(logGroup.Properties.KmsKeyId).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^Key/), 'Arn'] });
    const env = Object.fromEntries((props.Environment.EnvironmentVariables as Json[]).map((v) => [v.Name, v]));
    expect(env.FALCON_OPERATOR_VERSION.Value).toBe(LATEST_FALCON_OPERATOR);
    expect(env.FALCON_OPERATOR_SHA256.Value).toBe(FALCON_OPERATOR_RELEASES[LATEST_FALCON_OPERATOR]);
    // The protection agent is past end of support: off, and nothing of it is configured.
    expect(env.ENABLE_KPA.Value).toBe('false');
    expect(env).not.toHaveProperty('KPA_CHART_VERSION');
    expect(env.BACKEND.Value).toBe('bpf');
  });

  it('takes the installer\'s own client only: no reference to the organisation\'s client, no parameter, no plain variable', () => {
    expect(Object.keys(template.Parameters ?? {})).toEqual(['BootstrapVersion']);
    const [[, project]] = resourcesOfType(template, 'AWS::CodeBuild::Project');
    const variables = project.Properties.Environment.EnvironmentVariables as Json[];
    const fromSecrets = variables.filter((v) => v.Type === 'SECRETS_MANAGER');
    expect(fromSecrets.map((v) => [v.Name, v.Value])).toEqual([
      ['FALCON_CLIENT_ID', `${INSTALLER_SECRET}:client_id`],
      ['FALCON_CLIENT_SECRET', `${INSTALLER_SECRET}:client_secret`],
    ]);
    for (const v of variables.filter((v) => v.Type !== 'SECRETS_MANAGER')) expect(v.Name).not.toMatch(CREDENTIAL_NAME);
    for (const [, fn] of resourcesOfType(template, 'AWS::Lambda::Function')) {
      for (const name of Object.keys(fn.Properties.Environment?.Variables ?? {})) expect(name).not.toMatch(CREDENTIAL_NAME);
    }
    // Neither the organisation's secret nor its key is named anywhere in the EKS hub.
    const text = JSON.stringify(template);
    expect(text).not.toContain('falcon/api-client');
    expect(text).not.toContain('alias/falcon-catalog/api-credentials');
  });

  it('drains the work queue with a fixed-name worker at a bounded concurrency, and sweeps on a schedule', () => {
    const [[, mapping]] = resourcesOfType(template, 'AWS::Lambda::EventSourceMapping');
    expect(mapping.Properties).toMatchObject({ BatchSize: 1, ScalingConfig: { MaximumConcurrency: 4 }, FunctionResponseTypes: ['ReportBatchItemFailures'] });
    const roleNames = resourcesOfType(template, 'AWS::IAM::Role').map(([, r]) => r.Properties.RoleName).filter(Boolean);
    expect(roleNames.sort()).toEqual(['FalconEksClusterHandler', 'FalconEksInstaller']);
    const worker = resourcesOfType(template, 'AWS::Lambda::Function').find(([id]) => id.startsWith('ClustersWorker'))![1];
    expect(worker.Properties.Runtime).toBe('nodejs24.x');
    expect(worker.Properties.Environment.Variables[EKS_ENV.installerProject]).toEqual({ Ref: expect.stringMatching(/^InstallerProject/) });
    expect(worker.Properties.Environment.Variables).not.toHaveProperty(EKS_ENV.installerVpcProject);
    const schedules = resourcesOfType(template, 'AWS::Events::Rule').filter(([, r]) => r.Properties.ScheduleExpression);
    expect(schedules.map(([, r]) => r.Properties.ScheduleExpression)).toEqual(['rate(1 day)']);
    for (const [, queue] of resourcesOfType(template, 'AWS::SQS::Queue')) expect(queue.Properties.KmsMasterKeyId).toBeDefined();
  });

  it('adds the VPC-attached project only when private clusters are configured, still unprivileged', () => {
    const vpcTemplate = synthHub(manifest, {
      privateClusters: { mode: 'vpc', vpcId: 'vpc-0123abcd', subnetIds: ['subnet-0123abcd'], securityGroupIds: ['sg-0123abcd'] },
    });
    const projects = resourcesOfType(vpcTemplate, 'AWS::CodeBuild::Project').map(([, p]) => p.Properties);
    expect(projects.map((p) => p.Name).sort()).toEqual(['falcon-eks-installer', 'falcon-eks-installer-vpc']);
    const vpcProject = projects.find((p) => p.Name === 'falcon-eks-installer-vpc')!;
    expect(vpcProject.VpcConfig).toEqual({ VpcId: 'vpc-0123abcd', Subnets: ['subnet-0123abcd'], SecurityGroupIds: ['sg-0123abcd'] });
    expect(vpcProject.Environment.PrivilegedMode).toBe(false);
  });
});
