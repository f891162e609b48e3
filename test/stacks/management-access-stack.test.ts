/**
 * The separate-hub install's identity: the org-access role in the management account (trusted by the hub account
 * only, with just the organisation reads, the execution-role assumption inside this organisation and the launches
 * of the hub portfolio's products), the launch role beside it, and the hub worker's grant narrowed to that role.
 */
import { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { ORG_ACCESS_ROLE_NAME } from '../../lifecycle-handlers/core/access';
import { buildTestApp, exampleManifest } from '../helpers/example-app';

const HUB = '999999999999';
type Statement = { Sid?: string; Action: string | string[]; Resource: unknown; Condition?: unknown };

function statementsOf(template: Template, type: string): Statement[] {
  return Object.values(template.findResources(type)).flatMap((r) => {
    const properties = r.Properties as { Policies?: { PolicyDocument: { Statement: Statement[] } }[]; PolicyDocument?: { Statement: Statement[] } };
    return [...(properties.Policies ?? []).flatMap((p) => p.PolicyDocument.Statement), ...(properties.PolicyDocument?.Statement ?? [])];
  });
}
const actionsOf = (statements: Statement[]) => statements.flatMap((s) => [s.Action].flat());

describe('a separate hub', () => {
  let built: ReturnType<typeof buildTestApp>;
  beforeAll(() => {
    const manifest = exampleManifest();
    manifest.organization.hubAccountId = HUB;
    built = buildTestApp(manifest, { nag: false });
  });

  it('deploys the management-access stack to the management account, home Region', () => {
    const stack = built.app.node.findChild('FalconManagementAccess') as unknown as { account: string; region: string };
    expect([stack.account, stack.region]).toEqual(['111111111111', 'us-east-1']);
  });

  it('creates the org-access role trusted by the hub account alone, and the launch role', () => {
    const template = Template.fromStack(built.app.node.findChild('FalconManagementAccess') as never);
    const roles = Object.values(template.findResources('AWS::IAM::Role')).map((r) => r.Properties as Record<string, unknown>);
    expect(roles.map((r) => r.RoleName).sort()).toEqual([ORG_ACCESS_ROLE_NAME, 'FalconCatalogLaunchRole'].sort());
    const access = roles.find((r) => r.RoleName === ORG_ACCESS_ROLE_NAME)!;
    expect(JSON.stringify(access.AssumeRolePolicyDocument)).toBe(
      JSON.stringify({
        Statement: [
          {
            Action: 'sts:AssumeRole',
            Effect: 'Allow',
            Principal: { AWS: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:iam::${HUB}:root`]] } },
          },
        ],
        Version: '2012-10-17',
      }),
    );
    const statements = (access.Policies as { PolicyDocument: { Statement: Statement[] } }[]).flatMap((p) => p.PolicyDocument.Statement);
    const assume = statements.find((s) => s.Sid === 'AssumeExecutionRoleInOrganisation')!;
    expect(assume.Condition).toEqual({ StringEquals: { 'aws:ResourceOrgID': 'o-exampleorgid' } });
    expect(actionsOf(statements).every((a) => !a.endsWith('*') && a !== '*')).toBe(true);
    expect(actionsOf(statements)).toEqual(expect.arrayContaining(['organizations:ListParents', 'servicecatalog:ProvisionProduct']));
    expect(actionsOf(statements).some((a) => a.startsWith('iam:'))).toBe(false);
    // The Falcon directory launches without a launch constraint: its stack and SSM writes, in this account only.
    const stacks = statements.find((s) => s.Sid === 'DirectoryStacks')!;
    expect(JSON.stringify(stacks.Resource)).toContain(':cloudformation:*:111111111111:stack/SC-*');
    const parameters = statements.find((s) => s.Sid === 'DirectoryParameters')!;
    expect(JSON.stringify(parameters.Resource)).toContain(':ssm:*:111111111111:parameter/falcon-catalog/directory/*');
    expect(statements.find((s) => s.Sid === 'DirectoryTemplate')!.Condition).toEqual({
      StringEquals: { 's3:ExistingObjectTag/servicecatalog:provisioning': 'true' },
    });
  });

  it('points the portfolio-share handler at the org-access role for its Organizations reads', () => {
    const functions = Object.values(Template.fromStack(built.portfolioStacks[0]).findResources('AWS::Lambda::Function'));
    const arns = functions.map((f) => (f.Properties as { Environment?: { Variables?: Record<string, unknown> } }).Environment?.Variables?.ORG_ACCESS_ROLE_ARN).filter(Boolean);
    expect(arns.map((a) => JSON.stringify(a))).toEqual([
      JSON.stringify({ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:iam::111111111111:role/${ORG_ACCESS_ROLE_NAME}`]] }),
    ]);
  });

  it('lets the hub worker assume only the org-access role, and read Organizations through it', () => {
    const worker = statementsOf(Template.fromStack(built.lifecycleStack), 'AWS::IAM::Policy').filter((s) => [s.Action].flat().some((a) => a === 'sts:AssumeRole'));
    expect(worker.map((s) => JSON.stringify(s.Resource))).toEqual([
      JSON.stringify({ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:iam::111111111111:role/${ORG_ACCESS_ROLE_NAME}`]] }),
    ]);
    const all = actionsOf(statementsOf(Template.fromStack(built.lifecycleStack), 'AWS::IAM::Policy'));
    expect(all.some((a) => a.startsWith('organizations:'))).toBe(false);
  });
});

describe('the hub in the management account', () => {
  it('has no management-access stack; the worker assumes the execution role and reads Organizations itself', () => {
    const built = buildTestApp(undefined, { nag: false });
    expect(built.app.node.tryFindChild('FalconManagementAccess')).toBeUndefined();
    const all = actionsOf(statementsOf(Template.fromStack(built.lifecycleStack), 'AWS::IAM::Policy'));
    expect(all).toEqual(expect.arrayContaining(['sts:AssumeRole', 'organizations:ListParents', 'servicecatalog:ProvisionProduct']));
  });
});
