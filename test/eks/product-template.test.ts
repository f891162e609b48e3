/**
 * The EKS Protection member product: its forwarding rule, the EventBridge role, and the execution role's exact
 * trust and rights; its registry entry (parameters from the manifest, GovCloud refused). cdk-nag stays clean.
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { DIRECTORY, directoryRevision, directoryValues } from '../../products/directory/entries';
import type { RegistrationOutputs } from '../../vocabulary';
import { SNAPSHOT_DIRECTORY } from '../../stacks/portfolio-stack';
import { snapshotFileName } from '../../stacks/shared-snapshot-history';
import { REGISTRATION } from '../products/contexts';
import { EKS_GOVCLOUD_REASON, EKS_PROTECTION } from '../../products/eks-protection/definition';
import { eksLaunchRoleStatements } from '../../products/eks-protection/launch-rights';
import { EKS_CLUSTER_EVENT_PATTERN } from '../../products/eks-protection/names';
import { manifestWithEks } from './support';
import { type Json, resourcesOfType, synthProduct } from './synth';
import { organizationFacts } from '../../manifest/organization-facts';

const join = (...parts: unknown[]) => ({ 'Fn::Join': ['', parts] });
const PARTITION = { Ref: 'AWS::Partition' };
const INSTALLER_ARN = join('arn:', PARTITION, ':iam::', { Ref: 'HubAccountId' }, ':role/', { Ref: 'HubInstallerRoleName' });
const HANDLER_ARN = join('arn:', PARTITION, ':iam::', { Ref: 'HubAccountId' }, ':role/', { Ref: 'HubClusterHandlerRoleName' });

describe('EKS Protection product template', () => {
  const manifest = manifestWithEks({ targets: { organizationalUnits: ['Root/Workloads'] }, regions: 'governed' });
  let template: Json;
  let executionRole: Json;
  let statements: Json[];

  let publishedV1: Json;

  beforeAll(() => {
    template = synthProduct(manifest);
    publishedV1 = JSON.parse(readFileSync(path.join(SNAPSHOT_DIRECTORY, snapshotFileName('eks-protection', 'v1.0.0')), 'utf8'));
    executionRole = template.Resources.ExecutionRole;
    statements = executionRole.Properties.Policies[0].PolicyDocument.Statement;
  });

  it('trusts exactly the hub cluster handler and installer roles, by ARN', () => {
    expect(executionRole.Properties.AssumeRolePolicyDocument.Statement).toEqual([
      {
        Action: 'sts:AssumeRole',
        Effect: 'Allow',
        Principal: { AWS: join('arn:', PARTITION, ':iam::', { Ref: 'HubAccountId' }, ':root') },
        Condition: { ArnEquals: { 'aws:PrincipalArn': [HANDLER_ARN, INSTALLER_ARN] } },
      },
    ]);
    expect(JSON.stringify(executionRole)).not.toContain(':sts::');
  });

  it('lets the hub read this account\'s clusters and manage only the installer\'s access entry', () => {
    const bySid = Object.fromEntries(statements.map((s) => [s.Sid, s]));
    const clusters = join('arn:', PARTITION, ':eks:*:', { Ref: 'AWS::AccountId' }, ':cluster/*');
    const entries = join('arn:', PARTITION, ':eks:*:', { Ref: 'AWS::AccountId' }, ':access-entry/*/role/', { Ref: 'HubAccountId' }, '/', { Ref: 'HubInstallerRoleName' }, '/*');
    expect(bySid.FindClusters).toMatchObject({ Action: 'eks:ListClusters', Resource: '*' });
    expect(bySid.InspectClusters).toMatchObject({ Resource: clusters });
    expect(bySid.CreateInstallerAccessEntry).toEqual({
      Sid: 'CreateInstallerAccessEntry',
      Effect: 'Allow',
      Action: 'eks:CreateAccessEntry',
      Resource: clusters,
      Condition: { StringEquals: { 'eks:principalArn': INSTALLER_ARN, 'eks:accessEntryType': 'STANDARD' } },
    });
    expect(bySid.GrantInstallerClusterAdmin).toEqual({
      Sid: 'GrantInstallerClusterAdmin',
      Effect: 'Allow',
      Action: 'eks:AssociateAccessPolicy',
      Resource: entries,
      Condition: {
        StringEquals: {
          'eks:principalArn': INSTALLER_ARN,
          'eks:policyArn': join('arn:', PARTITION, ':eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy'),
          'eks:accessScope': 'cluster',
        },
      },
    });
    expect(bySid.ManageInstallerAccessEntry).toMatchObject({ Resource: entries, Condition: { StringEquals: { 'eks:principalArn': INSTALLER_ARN } } });
    const actions = statements.flatMap((s) => [s.Action].flat());
    expect(actions).not.toContain('eks:UpdateClusterConfig');
    for (const action of actions) expect(action).not.toMatch(/\*/);
    // `*` only for ListClusters, which has no resource type.
    expect(statements.filter((s) => s.Resource === '*').map((s) => s.Action)).toEqual(['eks:ListClusters']);
  });

  it('creates both roles in the home Region only, and forwards EKS creation events to the hub bus in every Region', () => {
    // v1.1.0 decides by Region (the directory's home Region); v1.0.0 took the decision as a parameter.
    expect(template.Conditions.CreateAccountResourcesHere).toEqual({ 'Fn::Equals': [{ Ref: 'AWS::Region' }, { Ref: 'HubRegion' }] });
    expect(publishedV1.Conditions.CreateAccountResourcesHere).toEqual({ 'Fn::Equals': [{ Ref: 'CreateAccountResources' }, 'true'] });
    expect(resourcesOfType(template, 'AWS::IAM::Role').map(([id, r]) => [id, r.Condition])).toEqual([
      ['ExecutionRole', 'CreateAccountResourcesHere'],
      ['EventBridgeRole', 'CreateAccountResourcesHere'],
      ['FargatePodRole', 'CreateAccountResourcesHere'],
    ]);
    const busArn = join('arn:', PARTITION, ':events:', { Ref: 'HubRegion' }, ':', { Ref: 'HubAccountId' }, ':event-bus/', { Ref: 'HubEventBusName' });
    const [[, rule]] = resourcesOfType(template, 'AWS::Events::Rule');
    expect(rule.Condition).toBeUndefined();
    expect(rule.Properties.EventPattern).toEqual(EKS_CLUSTER_EVENT_PATTERN);
    expect(rule.Properties.Targets[0].Arn).toEqual(busArn);
    const eventBridgeRole = template.Resources.EventBridgeRole.Properties;
    expect(eventBridgeRole.Policies[0].PolicyDocument.Statement).toEqual([{ Action: 'events:PutEvents', Effect: 'Allow', Resource: busArn }]);
    expect(eventBridgeRole.AssumeRolePolicyDocument.Statement[0].Condition).toEqual({ StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } });
  });

  it('takes every hub value from the registry, computed from the manifest, with the roles in the home Region', () => {
    const ctx = (region: string) => ({ org: organizationFacts(manifest), version: 'v1.0.0', accountId: '222222222222', region, isHomeRegion: region === 'us-east-1', assignment: {} });
    const home = EKS_PROTECTION.templateParameters(ctx('us-east-1'));
    expect(home).toEqual({
      HubAccountId: '111111111111',
      HubRegion: 'us-east-1',
      HubEventBusName: 'falcon-eks-cluster-events',
      HubClusterHandlerRoleName: 'FalconEksClusterHandler',
      HubInstallerRoleName: 'FalconEksInstaller',
      CreateAccountResources: 'true',
      ExecutionRoleName: 'CrowdStrikeEksExecution',
      EventBridgeRoleName: 'CrowdStrikeEventBridgeEksForwarder',
    });
    expect(EKS_PROTECTION.templateParameters(ctx('eu-west-1'))).toEqual({ ...home, CreateAccountResources: 'false' });
    expect(Object.keys(publishedV1.Parameters).sort()).toEqual([...Object.keys(home), 'PermissionsBoundaryPolicyName'].sort());
  });

  it('v1.1.0 reads the hub account and Region from the Falcon directory and needs no input by hand', () => {
    const ctx = (region: string, registration?: RegistrationOutputs) => ({
      org: organizationFacts(manifest), version: 'v1.1.0', accountId: '222222222222', region, isHomeRegion: region === 'us-east-1', assignment: {}, registration,
    });
    const home = EKS_PROTECTION.templateParameters(ctx('us-east-1', REGISTRATION));
    expect(home).toEqual({
      HubAccountId: DIRECTORY.hubAccountId.parameterName,
      HubRegion: DIRECTORY.homeRegion.parameterName,
      HubEventBusName: 'falcon-eks-cluster-events',
      HubClusterHandlerRoleName: 'FalconEksClusterHandler',
      HubInstallerRoleName: 'FalconEksInstaller',
      ExecutionRoleName: 'CrowdStrikeEksExecution',
      EventBridgeRoleName: 'CrowdStrikeEventBridgeEksForwarder',
      DirectoryRevision: directoryRevision(directoryValues(ctx('us-east-1', REGISTRATION))),
    });
    // The same in every Region but the directory's revision (each Region's directory names its own secret replica):
    // the template, not the caller, decides where the roles are created.
    const { DirectoryRevision: _homeRevision, ...homeNames } = home;
    const { DirectoryRevision: otherRevision, ...otherNames } = EKS_PROTECTION.templateParameters(ctx('eu-west-1', REGISTRATION));
    expect(otherNames).toEqual(homeNames);
    expect(otherRevision).toBe(directoryRevision(directoryValues(ctx('eu-west-1', REGISTRATION))));
    expect(() => EKS_PROTECTION.templateParameters(ctx('us-east-1'))).toThrow(/deploy the Falcon hub stack first/);
    expect(EKS_PROTECTION.directoryEntries?.('v1.1.0')).toEqual(['hubAccountId', 'homeRegion']);
    expect(EKS_PROTECTION.directoryEntries?.('v1.0.0')).toEqual([]);
    const published = JSON.parse(readFileSync(path.join(SNAPSHOT_DIRECTORY, snapshotFileName('eks-protection', 'v1.1.0')), 'utf8'));
    expect(Object.keys(published.Parameters).sort()).toEqual([...Object.keys(home), 'PermissionsBoundaryPolicyName'].sort());
  });

  it('v1.2.0 adds only the Fargate pod execution role name, with its default, to v1.1.0\'s parameters', () => {
    const ctx = { org: organizationFacts(manifest), version: 'v1.2.0', accountId: '222222222222', region: 'us-east-1', isHomeRegion: true, assignment: {}, registration: REGISTRATION };
    const home = EKS_PROTECTION.templateParameters(ctx);
    expect(home).toEqual({ ...EKS_PROTECTION.templateParameters({ ...ctx, version: 'v1.1.0' }), FargatePodRoleName: 'CrowdStrikeEksFargatePodExecution' });
    expect(EKS_PROTECTION.directoryEntries?.('v1.2.0')).toEqual(['hubAccountId', 'homeRegion']);
    // No boundary parameter from v1.2.0: its roles carry the product boundary the launch role enforces.
    expect(Object.keys(template.Parameters).sort()).toEqual(Object.keys(home).sort());
    for (const [name, p] of Object.entries(template.Parameters as Json)) {
      expect(p.Default, `${name} has a default`).toBeDefined();
      // What the core passes for a directory-typed parameter is exactly its default: the directory entry's name.
      if (p.Type === 'AWS::SSM::Parameter::Value<String>') expect(p.Default, name).toBe(home[name]);
    }
    expect(template.Parameters.HubAccountId.Type).toBe('AWS::SSM::Parameter::Value<String>');
    expect(template.Parameters.HubRegion.Type).toBe('AWS::SSM::Parameter::Value<String>');
  });

  it('v1.2.0: a Fargate pod execution role usable only by this account\'s Fargate profiles, pulling from ECR only', () => {
    const role = template.Resources.FargatePodRole.Properties;
    expect(role.RoleName).toEqual({ Ref: 'FargatePodRoleName' });
    expect(role.AssumeRolePolicyDocument.Statement).toEqual([
      {
        Action: 'sts:AssumeRole',
        Effect: 'Allow',
        Principal: { Service: 'eks-fargate-pods.amazonaws.com' },
        Condition: { ArnLike: { 'aws:SourceArn': join('arn:', PARTITION, ':eks:*:', { Ref: 'AWS::AccountId' }, ':fargateprofile/*') } },
      },
    ]);
    const actions = role.Policies.flatMap((p: Json) => p.PolicyDocument.Statement.flatMap((s: Json) => [s.Action].flat())).sort();
    expect(actions).toEqual(['ecr:BatchCheckLayerAvailability', 'ecr:BatchGetImage', 'ecr:GetAuthorizationToken', 'ecr:GetDownloadUrlForLayer']);
    expect(role.ManagedPolicyArns).toBeUndefined();
    // The execution role may create profiles, read the existing ones' subnets, and pass exactly this role.
    const bySid = Object.fromEntries(statements.map((s) => [s.Sid, s]));
    expect(bySid.FalconFargateProfiles).toMatchObject({ Action: 'eks:CreateFargateProfile', Resource: join('arn:', PARTITION, ':eks:*:', { Ref: 'AWS::AccountId' }, ':cluster/*') });
    expect(bySid.ReadFargateProfiles).toMatchObject({ Action: 'eks:DescribeFargateProfile', Resource: join('arn:', PARTITION, ':eks:*:', { Ref: 'AWS::AccountId' }, ':fargateprofile/*') });
    expect(bySid.PassFalconFargatePodRole).toEqual({
      Sid: 'PassFalconFargatePodRole',
      Effect: 'Allow',
      Action: 'iam:PassRole',
      Resource: join('arn:', PARTITION, ':iam::', { Ref: 'AWS::AccountId' }, ':role/', { Ref: 'FargatePodRoleName' }),
    });
  });

  it('carries no Falcon credential and no reference to one, in any version a member account can get', () => {
    const versions = EKS_PROTECTION.versions.map((v) => v.name);
    const published = versions
      .filter((v) => v !== versions[versions.length - 1])
      .map((v) => readFileSync(path.join(SNAPSHOT_DIRECTORY, snapshotFileName('eks-protection', v)), 'utf8'));
    for (const text of [...published, JSON.stringify(template)]) {
      expect(text).not.toMatch(/secretsmanager|client_?id|client_?secret|api-client|api-credentials|docker_api_token/i);
      expect(text).not.toContain('NoEcho');
    }
  });

  it('refuses GovCloud, with the reason, and runs in every commercial Falcon cloud', () => {
    expect(EKS_PROTECTION.unsupportedReason('aws-us-gov', 'us-gov-1')).toBe(EKS_GOVCLOUD_REASON);
    expect(EKS_PROTECTION.regionScope).toBe('per-region');
    for (const cloud of ['us-1', 'us-2', 'eu-1'] as const) expect(EKS_PROTECTION.unsupportedReason('aws', cloud)).toBeUndefined();
  });

  it('exports launch-role statements scoped to the product\'s own names, without wildcard actions', () => {
    const json = eksLaunchRoleStatements().map((s) => s.toStatementJson());
    expect(json.map((s) => s.Sid)).toEqual(['EksProtectionRoles', 'EksProtectionPassEventBridgeRole', 'EksProtectionRule']);
    for (const s of json) for (const action of [s.Action].flat()) expect(action).not.toMatch(/\*/);
    expect(JSON.stringify(json)).toContain('role/CrowdStrikeEksExecution');
    expect(JSON.stringify(json)).toContain('role/CrowdStrikeEksFargatePodExecution');
    expect(JSON.stringify(json)).toContain('rule/cs-falcon-eks-cluster-events');
  });
});
