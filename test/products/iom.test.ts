import { Match, Template } from 'aws-cdk-lib/assertions';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { IOM_EXCLUDED_DATA_ACTIONS, IOM_READ_ACTIONS } from '../../products/iom';
import { buildTestApp } from '../helpers/example-app';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

describe('IOM product template', () => {
  let template: Json;
  let role: Json;

  beforeAll(() => {
    const { app, portfolioStacks, outdir } = buildTestApp(undefined, { nag: false });
    app.synth();
    const iom = portfolioStacks[0].products.find((p) => p.definition.id === 'iom');
    template = JSON.parse(readFileSync(path.join(outdir, iom!.productStack.templateFile), 'utf8'));
    role = Object.values(template.Resources as Json).find((r: Json) => r.Type === 'AWS::IAM::Role') as Json;
  });

  it('is trusted only by the CrowdStrike role named in the parameters, with the external-id condition', () => {
    const statements = role.Properties.AssumeRolePolicyDocument.Statement as Json[];
    expect(statements).toHaveLength(1);
    const [trust] = statements;
    expect(trust.Action).toBe('sts:AssumeRole');
    expect(trust.Condition).toEqual({ StringEquals: { 'sts:ExternalId': { Ref: 'ExternalId' } } });
    expect(trust.Principal).toEqual({
      AWS: {
        'Fn::Join': [
          '',
          ['arn:', { Ref: 'AWS::Partition' }, ':iam::', { Ref: 'CrowdStrikeAccountId' }, ':role/', { Ref: 'CrowdStrikeRoleName' }],
        ],
      },
    });
    expect(JSON.stringify(trust.Principal)).not.toContain('"*"');
  });

  it('attaches the partition-aware SecurityAudit policy and the configuration reads, with no data reads', () => {
    expect(role.Properties.ManagedPolicyArns).toEqual([
      { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::aws:policy/SecurityAudit']] },
    ]);
    const statements = role.Properties.Policies[0].PolicyDocument.Statement as Json[];
    const actions = statements.flatMap((s) => [s.Action].flat());
    expect(actions).toEqual(expect.arrayContaining([...IOM_READ_ACTIONS, 'apigateway:GET']));
    for (const excluded of Object.keys(IOM_EXCLUDED_DATA_ACTIONS)) expect(actions).not.toContain(excluded);
    for (const action of actions) expect(action, 'no wildcard actions').not.toMatch(/\*/);
    expect(statements.every((s) => s.Effect === 'Allow')).toBe(true);
    const apigw = statements.find((s) => s.Action === 'apigateway:GET');
    expect(apigw?.Resource).toEqual([
      { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':apigateway:*::/restapis/*']] },
      { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':apigateway:*::/apis/*']] },
    ]);
  });

  it('applies the permissions boundary only when one is named', () => {
    expect(template.Conditions.HasPermissionsBoundary).toEqual({
      'Fn::Not': [{ 'Fn::Equals': [{ Ref: 'PermissionsBoundaryPolicyName' }, ''] }],
    });
    expect(role.Properties.PermissionsBoundary).toEqual({
      'Fn::If': [
        'HasPermissionsBoundary',
        {
          'Fn::Join': [
            '',
            ['arn:', { Ref: 'AWS::Partition' }, ':iam::', { Ref: 'AWS::AccountId' }, ':policy/', { Ref: 'PermissionsBoundaryPolicyName' }],
          ],
        },
        { Ref: 'AWS::NoValue' },
      ],
    });
  });

  it('rejects nonsense at launch: role names must carry the CrowdStrike prefix the launch role is scoped to', () => {
    const t = Template.fromJSON(template);
    t.hasParameter('RoleName', { AllowedPattern: '^CrowdStrike[\\w+=,.@-]{0,53}$', Default: 'CrowdStrikeCSPMReader' });
    t.hasParameter('CrowdStrikeAccountId', { AllowedPattern: '^\\d{12}$' });
    t.hasParameter('ExternalId', { AllowedPattern: Match.stringLikeRegexp('1224') });
    expect(template.Metadata['AWS::CloudFormation::Interface'].ParameterLabels.ExternalId.default).toBe('External ID');
  });
});
