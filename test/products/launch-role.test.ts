import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Stack } from 'aws-cdk-lib';
import { launchRolePolicy } from '../../products/launch-role/template';
import { DIRECTORY_PATH } from '../../products/directory/entries';
import { currentVersionName, findProduct } from '../../products/registry';
import { SNAPSHOT_DIRECTORY } from '../../stacks/portfolio-stack';
import { snapshotFileName } from '../../stacks/shared-snapshot-history';
import { Json } from './product-templates';

const stack = new Stack();
const statements = (stack.resolve(launchRolePolicy().toJSON()) as Json).Statement as Json[];
const bySid = (sid: string) => statements.find((s) => s.Sid === sid) as Json;
const join = (...parts: unknown[]) => ({ 'Fn::Join': ['', parts] });
const P = { Ref: 'AWS::Partition' };
const A = { Ref: 'AWS::AccountId' };
const R = { Ref: 'AWS::Region' };

describe('launch role v1.1.0 rights (kept in v1.2.0)', () => {
  it('is a new version; v1.0.0 stays as published', () => {
    expect(findProduct('launch-role')!.versions.map((v) => v.name).slice(0, 6)).toEqual(['v1.0.0', 'v1.1.0', 'v1.2.0', 'v1.3.0', 'v1.4.0', 'v1.5.0']);
    const v1 = readFileSync(path.join(SNAPSHOT_DIRECTORY, snapshotFileName('launch-role', 'v1.0.0')), 'utf8');
    expect(v1).not.toContain('ThreatDetectionRules');
  });

  it('passes each product role only to the one service that uses it', () => {
    const pass = statements.filter((s) => s.Action === 'iam:PassRole');
    expect(pass.map((s) => [s.Resource, s.Condition])).toEqual([
      [join('arn:', P, ':iam::', A, ':role/CrowdStrikeEventBridge*'), { StringEquals: { 'iam:PassedToService': 'events.amazonaws.com' } }],
      [
        join('arn:', P, ':iam::', A, ':role/CrowdStrikeSensorManagementOrchestrator'),
        { StringEquals: { 'iam:PassedToService': 'lambda.amazonaws.com' } },
      ],
      [join('arn:', P, ':iam::', A, ':role/CrowdStrikeDistributor-*'), { StringEquals: { 'iam:PassedToService': 'ssm.amazonaws.com' } }],
      [join('arn:', P, ':iam::', A, ':role/CrowdStrikeEcrConnectionsFunction'), { StringEquals: { 'iam:PassedToService': 'lambda.amazonaws.com' } }],
    ]);
  });

  it('manages only cs-* rules, the orchestrator and its log group, and the Distributor association', () => {
    expect(bySid('ThreatDetectionRules').Resource).toEqual(join('arn:', P, ':events:*:', A, ':rule/cs-*'));
    expect(bySid('SensorManagementOrchestrator').Resource).toEqual(
      join('arn:', P, ':lambda:', R, ':', A, ':function:cs-horizon-sensor-installation-orchestrator'),
    );
    expect(bySid('SensorManagementOrchestratorCode').Resource).toEqual(
      join('arn:', P, ':s3:::cs-horizon-sensormgmt-lambda-', R, '/aws/horizon-sensor-installation-orchestrator.zip'),
    );
    expect(bySid('DistributorAssociation').Resource).toEqual([
      join('arn:', P, ':ssm:*:*:document/CrowdStrike-FalconSensorDeploy'),
      join('arn:', P, ':ssm:*:', A, ':association/*'),
    ]);
    for (const s of statements) for (const action of [s.Action].flat()) expect(action).not.toMatch(/\*/);
  });
});

describe('launch role v1.3.0: the Falcon directory', () => {
  const directoryParameters = join('arn:', P, ':ssm:*:', A, `:parameter${DIRECTORY_PATH}/*`);
  const snapshot = (version: string) =>
    JSON.parse(readFileSync(path.join(SNAPSHOT_DIRECTORY, snapshotFileName('launch-role', version)), 'utf8')) as Json;
  const snapshotStatements = (version: string) =>
    Object.values(snapshot(version).Resources as Json)
      .filter((r: Json) => r.Type === 'AWS::IAM::Role')
      .flatMap((r: Json) => (r.Properties.Policies as Json[]).flatMap((p) => p.PolicyDocument.Statement as Json[]));

  it('is kept in v1.4.0 and the newest version, v1.5.0; the directory now needs v1.4.0 (its tags are read back)', () => {
    const launchRole = findProduct('launch-role')!;
    expect(currentVersionName(launchRole)).toBe('v1.5.0');
    expect(findProduct('directory')!.versions[0].minimumLaunchRole).toBe('v1.4.0');
    expect(launchRole.versions.find((v) => v.name === 'v1.3.0')!.description).toContain('/falcon-catalog/directory/');
  });

  it('reads the directory: CloudFormation resolves SSM-typed parameters with the launch role', () => {
    expect(bySid('FalconDirectoryRead')).toEqual({
      Sid: 'FalconDirectoryRead',
      Effect: 'Allow',
      Action: 'ssm:GetParameters',
      Resource: directoryParameters,
    });
  });

  it('writes the directory with exactly what the AWS::SSM::Parameter handlers need, on the directory path only', () => {
    expect(bySid('FalconDirectoryWrite')).toEqual({
      Sid: 'FalconDirectoryWrite',
      Effect: 'Allow',
      Action: ['ssm:PutParameter', 'ssm:DeleteParameter', 'ssm:AddTagsToResource', 'ssm:RemoveTagsFromResource', 'ssm:ListTagsForResource'],
      Resource: directoryParameters,
    });
    // No other statement grants anything on SSM parameters (the Distributor association is documents/associations).
    const parameterGrants = statements.filter((s) => JSON.stringify(s.Resource).includes(':parameter'));
    expect(parameterGrants.map((s) => s.Sid).sort()).toEqual(['FalconDirectoryRead', 'FalconDirectoryWrite']);
    const ssmActions = statements.flatMap((s) => [s.Action].flat()).filter((a: string) => a.startsWith('ssm:') && a.includes('Parameter'));
    expect(ssmActions.sort()).toEqual(['ssm:DeleteParameter', 'ssm:GetParameters', 'ssm:PutParameter']);
  });

  it('is in the v1.3.0 and v1.4.0 snapshots, and the published v1.2.0 has none of it', () => {
    expect(snapshotStatements('v1.4.0').map((s) => s.Sid)).toEqual(expect.arrayContaining(['FalconDirectoryRead', 'FalconDirectoryWrite']));
    const sids = (version: string) => snapshotStatements(version).map((s) => s.Sid);
    expect(sids('v1.3.0')).toEqual(expect.arrayContaining(['FalconDirectoryRead', 'FalconDirectoryWrite']));
    expect(sids('v1.2.0')).not.toContain('FalconDirectoryRead');
    expect(JSON.stringify(snapshot('v1.2.0'))).not.toContain('falcon-catalog/directory');
    // Everything v1.2.0 granted is still there.
    expect(sids('v1.3.0')).toEqual(expect.arrayContaining(sids('v1.2.0')));
  });
});

describe('launch role v1.4.0: roles only under the product boundary', () => {
  const boundary = join('arn:', P, ':iam::', A, ':policy/falcon-catalog/FalconCatalogProductBoundary');

  it('creates a role, or gives it a policy, a trust or a boundary, only with the product boundary', () => {
    expect(bySid('FalconRolesUnderBoundary')).toEqual({
      Sid: 'FalconRolesUnderBoundary',
      Effect: 'Allow',
      Action: ['iam:CreateRole', 'iam:PutRolePolicy', 'iam:UpdateAssumeRolePolicy', 'iam:PutRolePermissionsBoundary'],
      Resource: join('arn:', P, ':iam::', A, ':role/CrowdStrike*'),
      Condition: { StringEquals: { 'iam:PermissionsBoundary': boundary } },
    });
    expect(bySid('FalconRoleManagedPolicies').Condition).toEqual({
      ArnEquals: { 'iam:PolicyARN': [join('arn:', P, ':iam::aws:policy/SecurityAudit')] },
      StringEquals: { 'iam:PermissionsBoundary': boundary },
    });
    const iamActions = statements.flatMap((s) => [s.Action].flat()).filter((a: string) => a.startsWith('iam:'));
    expect(iamActions).not.toContain('iam:DeleteRolePermissionsBoundary');
    // Every other statement granting a role-changing call is conditioned the same way.
    const widening = ['iam:CreateRole', 'iam:PutRolePolicy', 'iam:AttachRolePolicy', 'iam:UpdateAssumeRolePolicy', 'iam:PutRolePermissionsBoundary'];
    for (const s of statements.filter((st) => [st.Action].flat().some((a: string) => widening.includes(a)))) {
      expect(s.Condition?.StringEquals?.['iam:PermissionsBoundary'], s.Sid).toEqual(boundary);
    }
  });

  it('creates the boundary beside the role, denying identity, organisation and role-chaining changes', () => {
    const template = JSON.parse(readFileSync(path.join(SNAPSHOT_DIRECTORY, snapshotFileName('launch-role', 'v1.4.0')), 'utf8')) as Json;
    const policy = template.Resources.ProductBoundary;
    expect(policy.Type).toBe('AWS::IAM::ManagedPolicy');
    expect(policy.Properties.ManagedPolicyName).toBe('FalconCatalogProductBoundary');
    expect(policy.Properties.Path).toBe('/falcon-catalog/');
    const denied = (policy.Properties.PolicyDocument.Statement as Json[]).filter((s) => s.Effect === 'Deny').flatMap((s) => [s.Action].flat());
    expect(denied).toEqual(expect.arrayContaining(['iam:Create*', 'iam:Put*', 'iam:Attach*', 'iam:Delete*', 'iam:PassRole', 'organizations:Move*', 'sts:AssumeRole']));
    expect(template.Resources.LaunchRole.DependsOn).toEqual(['ProductBoundary']);
  });
});

describe('launch role v1.5.0: the 1Click orchestrator code in CrowdStrike\'s current buckets', () => {
  const snapshotStatements = (version: string) =>
    Object.values(
      (JSON.parse(readFileSync(path.join(SNAPSHOT_DIRECTORY, snapshotFileName('launch-role', version)), 'utf8')) as Json).Resources as Json,
    )
      .filter((r: Json) => r.Type === 'AWS::IAM::Role')
      .flatMap((r: Json) => (r.Properties.Policies as Json[]).flatMap((p) => p.PolicyDocument.Statement as Json[]));

  it('may read only the orchestrator object in CrowdStrike\'s regional buckets, which sensor-management v1.3.0 launches from', () => {
    expect(bySid('SensorManagementOrchestratorCodeRegional')).toEqual({
      Sid: 'SensorManagementOrchestratorCodeRegional',
      Effect: 'Allow',
      Action: ['s3:GetObject', 's3:GetObjectVersion'],
      Resource: join('arn:', P, ':s3:::cs-prod-cloudconnect-templates-*/aws/lambda/horizon-sensor-installation-orchestrator.zip'),
    });
  });

  it('is in the v1.5.0 snapshot with everything v1.4.0 granted, and the published v1.4.0 has none of it', () => {
    const sids = (version: string) => snapshotStatements(version).map((s) => s.Sid);
    expect(sids('v1.5.0')).toContain('SensorManagementOrchestratorCodeRegional');
    expect(sids('v1.4.0')).not.toContain('SensorManagementOrchestratorCodeRegional');
    expect(sids('v1.5.0')).toEqual(expect.arrayContaining(sids('v1.4.0')));
    expect(findProduct('launch-role')!.versions.map((v) => v.name)).toContain('v1.5.0');
  });
});
