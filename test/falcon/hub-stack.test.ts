import { BROKER_RESERVED_CONCURRENCY } from '../../lifecycle-handlers/falcon/broker-rate-limit';
import { CfnElement } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import type { IConstruct } from 'constructs';
import { beforeAll, describe, expect, it } from 'vitest';
import { addNagGate, applyNagSuppressions } from '../../gates/nag';
import { FALCON_ENV } from '../../lifecycle-handlers/falcon/runtime';
import { BLUEPRINT_SOURCE_ENV } from '../../lifecycle-handlers/falcon/broker-blueprint';
import type { HandlerFunction } from '../../stacks/constructs/node-function';
import type { FalconHubStack } from '../../stacks/falcon-hub-stack';
import { exampleManifest } from '../helpers/example-app';
import { exampleIomManifest } from '../lifecycle/manifest-fixture';
import { hubOptions } from '../eks/synth';
import { falconHubApp } from './hub-app';

const ORG = 'o-exampleorgid';

// The example's IOM rollout: the feature flags below are those of a manifest that enables IOM only.
const stacksOf = (manifest = exampleIomManifest()) => falconHubApp(manifest);

const logicalIdOf = (stack: FalconHubStack, construct: IConstruct) => stack.getLogicalId(construct.node.defaultChild as CfnElement);
const roleArnOf = (stack: FalconHubStack, fn: HandlerFunction) => ({ 'Fn::GetAtt': [logicalIdOf(stack, fn.role!), 'Arn'] });

describe('FalconHub stack', () => {
  let hub: FalconHubStack;
  let template: Template;
  let registration: Template;

  beforeAll(() => {
    const stacks = stacksOf();
    hub = stacks.hub;
    template = Template.fromStack(stacks.hub);
    registration = Template.fromStack(stacks.registration);
  });

  it('lives in the hub account and home Region', () => {
    expect([hub.account, hub.region]).toEqual(['111111111111', 'us-east-1']);
  });

  it('creates a rotating key that only the two Falcon function roles may decrypt, through Secrets Manager', () => {
    const keys = template.findResources('AWS::KMS::Key');
    expect(Object.keys(keys)).toHaveLength(1);
    const [key] = Object.values(keys);
    expect(key.Properties.EnableKeyRotation).toBe(true);
    expect(key.DeletionPolicy).toBe('Retain');

    const statements = key.Properties.KeyPolicy.Statement as { Sid: string; Action: string | string[]; Principal: { AWS: unknown }; Condition?: unknown }[];
    const actions = (s: (typeof statements)[number]) => [s.Action].flat();
    const decrypting = statements.filter((s) => actions(s).some((a) => ['kms:Decrypt', 'kms:*', 'kms:CreateGrant', 'kms:ReEncryptFrom'].includes(a)));
    expect(decrypting).toHaveLength(1);
    expect(decrypting[0].Principal.AWS).toEqual([roleArnOf(hub, hub.registration.handler), roleArnOf(hub, hub.broker.handler)]);
    expect(decrypting[0].Condition).toEqual({ StringEquals: { 'kms:ViaService': { 'Fn::Join': ['', ['secretsmanager.us-east-1.', { Ref: 'AWS::URLSuffix' }]] } } });

    const root = { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::111111111111:root']] };
    const rootStatements = statements.filter((s) => JSON.stringify(s.Principal.AWS) === JSON.stringify(root));
    expect(rootStatements.map((s) => s.Sid)).toEqual(['AdministerKeyWithoutUsingIt', 'OperatorsStoreTheSecretThroughSecretsManager']);
    expect(actions(rootStatements[1])).toEqual(['kms:GenerateDataKey']);
    const cryptographicUse = ['kms:*', 'kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey', 'kms:CreateGrant', 'kms:ReEncryptFrom'];
    expect(actions(rootStatements[0]).filter((a) => cryptographicUse.includes(a))).toEqual([]);
    expect(rootStatements[1].Condition).toMatchObject({ StringEquals: { 'kms:CallerAccount': '111111111111' } });
    template.hasResourceProperties('AWS::KMS::Alias', { AliasName: 'alias/falcon-catalog/api-credentials' });
    template.hasOutput('FalconApiSecretKeyArn', { Value: { 'Fn::GetAtt': [Match.stringLikeRegexp('^ApiSecretKey'), 'Arn'] } });
    template.hasOutput('FalconApiSecretId', { Value: 'falcon/api-client' });
  });

  it('with EKS Protection enabled, still admits no one else to the organisation\'s client: the installer has its own', () => {
    const manifest = exampleManifest((m) => {
      m.products['eks-protection'] = { enabled: true };
      m.eks = hubOptions();
    });
    const { hub: eksHub } = stacksOf(manifest);
    const [key] = Object.values(Template.fromStack(eksHub).findResources('AWS::KMS::Key'));
    const statements = key.Properties.KeyPolicy.Statement as { Action: string | string[]; Principal: { AWS: unknown } }[];
    const decrypting = statements.filter((s) => [s.Action].flat().includes('kms:Decrypt'));
    expect(decrypting.map((s) => s.Principal.AWS)).toEqual([[roleArnOf(eksHub, eksHub.registration.handler), roleArnOf(eksHub, eksHub.broker.handler)]]);
    expect(JSON.stringify(key)).not.toContain('FalconEksInstaller');
  });

  it('lets the functions read only the manifest’s secret, and never creates it', () => {
    template.resourceCountIs('AWS::SecretsManager::Secret', 0);
    const reads = Object.values(template.findResources('AWS::IAM::Policy')).flatMap((p) =>
      (p.Properties.PolicyDocument.Statement as { Action: string; Resource: unknown }[]).filter((s) => s.Action === 'secretsmanager:GetSecretValue'),
    );
    expect(reads).toHaveLength(2);
    for (const s of reads) {
      expect(s.Resource).toEqual({ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':secretsmanager:us-east-1:111111111111:secret:falcon/api-client-??????']] });
    }
  });

  it('serves the broker on a function URL with AWS_IAM auth, invokable only by the organisation', () => {
    template.hasResourceProperties('AWS::Lambda::Url', { AuthType: 'AWS_IAM' });
    const permissions = Object.values(template.findResources('AWS::Lambda::Permission')).map((p) => p.Properties);
    const brokerPermissions = permissions.filter((p) => p.Action === 'lambda:InvokeFunctionUrl' || p.InvokedViaFunctionUrl);
    expect(brokerPermissions).toEqual([
      expect.objectContaining({ Action: 'lambda:InvokeFunctionUrl', Principal: '*', PrincipalOrgID: ORG, FunctionUrlAuthType: 'AWS_IAM' }),
      expect.objectContaining({ Action: 'lambda:InvokeFunction', Principal: '*', PrincipalOrgID: ORG, InvokedViaFunctionUrl: true }),
    ]);
    // Nothing else may invoke the broker.
    const brokerFn = logicalIdOf(hub, hub.broker.handler);
    const others = permissions.filter((p) => JSON.stringify(p.FunctionName).includes(brokerFn) && !p.PrincipalOrgID);
    expect(others).toEqual([]);
  });

  it('reserves the broker a small, fixed concurrency: the bound on what the whole organisation can run at once', () => {
    const broker = template.toJSON().Resources[logicalIdOf(hub, hub.broker.handler)];
    expect(broker.Properties.ReservedConcurrentExecutions).toBe(BROKER_RESERVED_CONCURRENCY);
    expect(BROKER_RESERVED_CONCURRENCY).toBeLessThanOrEqual(10);
  });

  it('puts no client ID or secret in any Lambda environment variable or template parameter', () => {
    const functions = Object.values(template.findResources('AWS::Lambda::Function'));
    const envNames = new Set(functions.flatMap((f) => Object.keys(f.Properties.Environment?.Variables ?? {})));
    // BLUEPRINT_SOURCE: the manifest's blueprint products, when the example enables the blueprint (no credential).
    const allowed = new Set([
      ...Object.values(FALCON_ENV), BLUEPRINT_SOURCE_ENV, 'AWS_NODEJS_CONNECTION_REUSE_ENABLED', 'USER_ON_EVENT_FUNCTION_ARN',
    ]);
    expect([...envNames].filter((n) => !allowed.has(n))).toEqual([]);
    const values = functions.flatMap((f) => Object.values(f.Properties.Environment?.Variables ?? {}).map((v) => JSON.stringify(v)));
    for (const value of values) expect(value).not.toMatch(/client_?secret|client_?id|FalconSecret|FalconClientId/i);
    for (const t of [template, registration]) {
      expect(Object.keys(t.toJSON().Parameters ?? {})).toEqual(['BootstrapVersion']);
    }
  });

  it('passes the registration the manifest’s IDs and the flags of the features it owns, nothing secret (no DSPM)', () => {
    // The manifest the stacks above were built from.
    const manifest = exampleIomManifest();
    const enabled = (id: 'threat-detection' | 'sensor-management') => String(manifest.products[id]?.enabled === true);
    registration.hasResourceProperties('Custom::FalconOrganizationRegistration', {
      ServiceToken: Match.anyValue(),
      OrganizationId: ORG,
      ManagementAccountId: '111111111111',
      FalconCloud: 'us-1',
      Partition: 'aws',
      HomeRegion: 'us-east-1',
      BehaviorAssessment: enabled('threat-detection'),
      SensorManagement: enabled('sensor-management'),
      IdentityProtection: String(manifest.falcon.identityProtection),
    });
    const [resource] = Object.values(registration.findResources('Custom::FalconOrganizationRegistration'));
    expect(Object.keys(resource.Properties).sort()).toEqual(
      ['BehaviorAssessment', 'FalconCloud', 'HomeRegion', 'IdentityProtection', 'ManagementAccountId', 'OrganizationId', 'Partition', 'SensorManagement', 'ServiceToken'],
    );
  });

  it('lets the registration function write only the registration output parameters, by exact name', () => {
    const statements = Object.values(template.findResources('AWS::IAM::Policy')).flatMap(
      (p) => p.Properties.PolicyDocument.Statement as { Sid?: string; Action: string[]; Resource: unknown[] }[],
    );
    const publish = statements.find((s) => s.Sid === 'PublishRegistrationOutputs')!;
    expect(publish.Action).toEqual(['ssm:PutParameter', 'ssm:DeleteParameter']);
    expect(JSON.stringify(publish.Resource)).not.toContain('*');
    expect(publish.Resource).toHaveLength(6);
  });
});

describe('FalconHub stacks under the cdk-nag gate', () => {
  it('synthesize with no unsuppressed finding', () => {
    const manifest = exampleManifest();
    const { app } = falconHubApp(manifest);
    addNagGate(app);
    applyNagSuppressions(app, manifest);
    expect(() => app.synth()).not.toThrow();
  });
});

describe('FalconHub stack options', () => {
  it('follows the manifest: Identity Protection and a secret ARN', () => {
    const arn = 'arn:aws:secretsmanager:us-east-1:111111111111:secret:falcon/api-client-AbCdEf';
    const { hub } = stacksOf(
      exampleManifest((m) => {
        m.falcon.identityProtection = true;
        m.falcon.apiCredentials = { secretArn: arn };
      }),
    );
    expect(hub.registrationProperties.IdentityProtection).toBe('true');
    const functions = Object.values(Template.fromStack(hub).findResources('AWS::Lambda::Function'));
    const secretIds = functions.map((f) => f.Properties.Environment?.Variables?.[FALCON_ENV.secretId]).filter(Boolean);
    expect(secretIds).toEqual([arn, arn]);
  });

  it('refuses a secret outside the hub account and home Region', () => {
    expect(() =>
      stacksOf(exampleManifest((m) => (m.falcon.apiCredentials = { secretArn: 'arn:aws:secretsmanager:eu-west-1:111111111111:secret:x' }))),
    ).toThrow(/must name a secret in the hub account 111111111111 and home Region us-east-1/);
  });
});
