/** The ecr-connections product template, and the launch role v1.2.0 rights it needs. */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ECR_READ_ACTIONS } from '../../products/ecr-connections/template';
import { ecrHandlerCode } from '../../products/ecr-connections/function';
import { findProduct } from '../../products/registry';
import { SNAPSHOT_DIRECTORY } from '../../stacks/portfolio-stack';
import { snapshotFileName } from '../../stacks/shared-snapshot-history';
import { exampleManifest } from '../helpers/example-app';
import { DIRECTORY, directoryRevision, directoryValues } from '../../products/directory/entries';
import { ECR_CONNECTIONS } from '../../products/ecr-connections/definition';
import { SSM_STRING_PARAMETER_TYPE as SSM_TYPE } from '../../products/kit/directory-parameters';
import { REGISTRATION, contextFor } from '../products/contexts';
import {
  Json,
  evaluator,
  fakeDirectory,
  resource,
  resourcesOfType,
  statement,
  statementsOf,
  synthesizeProducts,
} from '../products/product-templates';

const BROKER_URL = 'https://abcdefghij0123456789abcdefghijkl.lambda-url.us-east-1.on.aws/';

const join = (...parts: unknown[]) => ({ 'Fn::Join': ['', parts] });
const P = { Ref: 'AWS::Partition' };
const A = { Ref: 'AWS::AccountId' };
const R = { Ref: 'AWS::Region' };

describe('ecr-connections product template', () => {
  let template: Json;
  let launchRole: Json;

  let publishedV1: Json;

  beforeAll(() => {
    publishedV1 = JSON.parse(readFileSync(path.join(SNAPSHOT_DIRECTORY, snapshotFileName('ecr-connections', 'v1.0.0')), 'utf8'));
    const products = synthesizeProducts(exampleManifest((m) => void (m.products['ecr-connections'] = { enabled: true })));
    template = products.template('ecr-connections');
    launchRole = resource(products.template('launch-role'), 'LaunchRole');
  });

  it('trusts CrowdStrike’s assessment principal of the partition it runs in, only with the external ID', () => {
    const [trust] = resource(template, 'AssessmentRole').Properties.AssumeRolePolicyDocument.Statement as Json[];
    expect(trust.Action).toBe('sts:AssumeRole');
    expect(trust.Condition).toEqual({ StringEquals: { 'sts:ExternalId': { 'Fn::GetAtt': ['ExternalId', 'ExternalId'] } } });
    const principalIn = (Partition: string) => evaluator(template, {}, { Partition }).evaluate(trust.Principal.AWS);
    expect(principalIn('aws')).toBe('arn:aws:iam::292230061137:role/CrowdStrikeCustomerRegistryAssessmentRole');
    expect(principalIn('aws-us-gov')).toBe('arn:aws-us-gov:iam::358431324613:role/CrowdStrikeCustomerRegistryAssessmentRole');
    expect(resource(template, 'ExternalId').Type).toBe('Custom::FalconEcrExternalId');
  });

  it('grants ECR read-only rights on this account’s repositories, and only the registry login on *', () => {
    const role = resource(template, 'AssessmentRole');
    expect(role.Properties.ManagedPolicyArns).toBeUndefined();
    expect(statement(role, 'RegistryLogin')).toMatchObject({ Action: 'ecr:GetAuthorizationToken', Resource: '*' });
    expect(statement(role, 'ReadRepositories')).toMatchObject({
      Action: ECR_READ_ACTIONS,
      Resource: join('arn:', P, ':ecr:*:', A, ':repository/*'),
    });
    for (const action of statementsOf(role).flatMap((s) => [s.Action].flat())) {
      expect(action).toMatch(/^ecr:(Get|Describe|List|Batch(Get|Check))/);
    }
    // v1.2.0: the product boundary the launch role creates and enforces, not a free-form parameter.
    expect(role.Properties.PermissionsBoundary).toEqual(join('arn:', P, ':iam::', A, ':policy/falcon-catalog/FalconCatalogProductBoundary'));
  });

  it('takes no Falcon credential: described, labelled parameters, each with a default, and no Lambda environment', () => {
    const labels = template.Metadata['AWS::CloudFormation::Interface'].ParameterLabels;
    expect(Object.keys(template.Parameters).sort()).toEqual([
      'DirectoryRevision', 'FalconBrokerUrl', 'FalconCloud', 'Regions', 'RoleName',
    ]);
    for (const [name, p] of Object.entries(template.Parameters as Json)) {
      expect(labels[name].default, name).toMatch(/\S/);
      expect(p.Description, name).toMatch(/\S{3}/);
      // v1.1.0 launches by hand with no input: the Falcon values are read from the Falcon directory.
      expect(p.Default, `${name} default`).toBeDefined();
    }
    expect(template.Parameters.FalconBrokerUrl).toMatchObject({ Type: SSM_TYPE, Default: DIRECTORY.brokerUrl.parameterName });
    expect(template.Parameters.FalconCloud).toMatchObject({ Type: SSM_TYPE, Default: DIRECTORY.falconCloud.parameterName });
    const fn = resource(template, 'ConnectionsFunction');
    expect(fn.Properties.Environment).toBeUndefined();
    expect(fn.Properties.Code.ZipFile).toBe(ecrHandlerCode());
    expect(fn.Properties).toMatchObject({ Runtime: 'nodejs24.x', FunctionName: 'falcon-ecr-connections', Timeout: 600 });
  });

  it('rejects malformed values at launch with its parameter patterns (v1.0.0 and v1.1.0)', () => {
    const accepts = (t: Json, name: string, value: string) => new RegExp(t.Parameters[name].AllowedPattern).test(value);
    expect(accepts(publishedV1, 'FalconBrokerUrl', 'https://abcdefghij0123456789abcdefghijkl.lambda-url.eu-west-1.on.aws/')).toBe(true);
    expect(accepts(publishedV1, 'FalconBrokerUrl', 'https://example.com/broker')).toBe(false);
    expect(publishedV1.Parameters.FalconCloud.AllowedValues).toEqual(['us-1', 'us-2', 'eu-1', 'us-gov-1', 'us-gov-2']);
    for (const t of [publishedV1, template]) {
      expect(accepts(t, 'Regions', 'us-east-1,eu-west-1')).toBe(true);
      expect(accepts(t, 'Regions', 'us-gov-west-1')).toBe(true);
      for (const bad of ['us-east-1, eu-west-1', 'US-EAST-1', 'us-east-1,', 'everywhere']) expect(accepts(t, 'Regions', bad), bad).toBe(false);
      expect(accepts(t, 'RoleName', 'CrowdStrikeECRConnectionRole')).toBe(true);
      expect(accepts(t, 'RoleName', 'AdminRole')).toBe(false);
    }
    // Empty Regions: v1.0.0 refuses it; v1.1.0 reads it as the launch Region.
    expect(accepts(publishedV1, 'Regions', '')).toBe(false);
    expect(accepts(template, 'Regions', '')).toBe(true);
  });

  it('connects the listed Regions (v1.1.0: the launch Region when none) with the role’s ARN, after the role', () => {
    const connections = resource(template, 'Connections');
    expect(connections.Type).toBe('Custom::FalconEcrConnections');
    expect(connections.Properties).toMatchObject({
      RoleArn: { 'Fn::GetAtt': ['AssessmentRole', 'Arn'] },
      BrokerUrl: { Ref: 'FalconBrokerUrl' },
      ExternalIdParameterName: '/falcon-catalog/ecr-connections/external-id',
      ServiceTimeout: 720,
    });
    expect(resource(publishedV1, 'Connections').Properties.Regions).toEqual({ 'Fn::Split': [',', { Ref: 'Regions' }] });
    const ctx = contextFor({ version: 'v1.1.0', registration: { ...REGISTRATION, brokerUrl: BROKER_URL } });
    const regionsWhen = (parameters: Record<string, string>) =>
      evaluator(template, parameters, { Region: 'eu-west-1', Partition: 'aws' }, fakeDirectory(ctx)).evaluate(connections.Properties.Regions);
    expect(regionsWhen({})).toEqual(['eu-west-1']);
    expect(regionsWhen({ Regions: 'us-east-1,eu-west-1' })).toEqual(['us-east-1', 'eu-west-1']);
    const byHand = evaluator(template, {}, { Region: 'eu-west-1', Partition: 'aws' }, fakeDirectory(ctx));
    expect(byHand.evaluate(connections.Properties.BrokerUrl)).toBe(BROKER_URL);
    expect(byHand.evaluate(connections.Properties.FalconCloud)).toBe('us-1');
    expect(resourcesOfType(template, 'AWS::IAM::Role')).toHaveLength(2);
  });

  it('v1.1.0 parameters: directory names, the assignment\'s Regions and the directory revision', () => {
    const registration = { ...REGISTRATION, brokerUrl: BROKER_URL };
    const ctx = { ...contextFor({ version: 'v1.1.0', registration }), assignmentRegions: ['us-east-1', 'eu-west-1'] };
    expect(ECR_CONNECTIONS.templateParameters(ctx)).toEqual({
      FalconBrokerUrl: DIRECTORY.brokerUrl.parameterName,
      FalconCloud: DIRECTORY.falconCloud.parameterName,
      Regions: 'us-east-1,eu-west-1',
      RoleName: 'CrowdStrikeECRConnectionRole',
      DirectoryRevision: directoryRevision(directoryValues(ctx)),
    });
    expect(ECR_CONNECTIONS.directoryEntries?.('v1.1.0')).toEqual(['brokerUrl', 'falconCloud']);
    expect(() => ECR_CONNECTIONS.templateParameters(contextFor({ version: 'v1.1.0' }))).toThrow(/broker URL/);
  });

  it('lets its function touch only the external-ID parameter, the one role, its log and AWS_IAM function URLs', () => {
    const role = resource(template, 'ConnectionsFunctionRole');
    expect(role.Properties.RoleName).toBe('CrowdStrikeEcrConnectionsFunction');
    expect(statement(role, 'ExternalIdParameter').Resource).toEqual(
      join('arn:', P, ':ssm:', R, ':', A, ':parameter/falcon-catalog/ecr-connections/external-id'),
    );
    expect(statement(role, 'AssessmentRoleReadiness')).toMatchObject({
      Action: 'iam:GetRole',
      Resource: join('arn:', P, ':iam::', A, ':role/', { Ref: 'RoleName' }),
    });
    expect(statement(role, 'CallBrokerUrl').Condition).toEqual({ StringEquals: { 'lambda:FunctionUrlAuthType': 'AWS_IAM' } });
    expect(statement(role, 'CallBrokerViaUrlOnly').Condition).toEqual({ Bool: { 'lambda:InvokedViaFunctionUrl': 'true' } });
    const brokerRegion = { 'Fn::Select': [2, { 'Fn::Split': ['.', { Ref: 'FalconBrokerUrl' }] }] };
    expect(statement(role, 'CallBrokerUrl').Resource).toEqual(join('arn:', P, ':lambda:', brokerRegion, ':*:function:*'));
    // The third dot-separated part of a function URL is its Region.
    expect('https://abc.lambda-url.eu-west-1.on.aws/'.split('.')[2]).toBe('eu-west-1');
  });

  it('launch role v1.2.0 may create, invoke and delete exactly the ecr-connections function, and pass only its role', () => {
    expect(findProduct('launch-role')!.versions.map((v) => v.name)).toEqual(expect.arrayContaining(['v1.0.0', 'v1.1.0', 'v1.2.0']));
    expect(statement(launchRole, 'EcrConnectionsFunction').Resource).toEqual(
      join('arn:', P, ':lambda:', R, ':', A, ':function:falcon-ecr-connections'),
    );
    expect(statement(launchRole, 'EcrConnectionsFunction').Action).toContain('lambda:InvokeFunction');
    expect(statement(launchRole, 'PassEcrConnectionsFunctionRole')).toMatchObject({
      Resource: join('arn:', P, ':iam::', A, ':role/CrowdStrikeEcrConnectionsFunction'),
      Condition: { StringEquals: { 'iam:PassedToService': 'lambda.amazonaws.com' } },
    });
    for (const version of ['v1.0.0', 'v1.1.0']) {
      const published = readFileSync(path.join(SNAPSHOT_DIRECTORY, snapshotFileName('launch-role', version)), 'utf8');
      expect(published, version).not.toContain('falcon-ecr-connections');
    }
  });
});
