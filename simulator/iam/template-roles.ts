/**
 * Stands in for CloudFormation creating a stack's IAM roles: every `AWS::IAM::Role` of a synthesized template,
 * with its name, path and the AWS principals of its trust policy, is created in the account the stack deploys
 * to. So a test world gets the roles an install really declares (a wrong trust policy fails the test), not roles
 * a test invented. Trust-policy conditions and service principals are not modelled (SIMPLIFICATIONS.md).
 */
import type { AwsSimulator } from '../aws-simulator';
import type { RoleTrust } from './iam-state';

type Json = unknown;

/** Resolves the intrinsics a role's name, path and trust policy use: Fn::Join, Ref AWS::Partition / AWS::AccountId. */
function resolve(value: Json, account: string, partition: string): Json {
  if (Array.isArray(value)) return value.map((v) => resolve(v, account, partition));
  if (value && typeof value === 'object') {
    const record = value as Record<string, Json>;
    if ('Ref' in record) {
      if (record.Ref === 'AWS::Partition') return partition;
      if (record.Ref === 'AWS::AccountId') return account;
      throw new Error(`template role: cannot resolve Ref ${String(record.Ref)}`);
    }
    if ('Fn::Join' in record) {
      const [separator, parts] = record['Fn::Join'] as [string, Json[]];
      return parts.map((p) => String(resolve(p, account, partition))).join(separator);
    }
    return Object.fromEntries(Object.entries(record).map(([k, v]) => [k, resolve(v, account, partition)]));
  }
  return value;
}

function trustOf(document: Json): RoleTrust {
  const accounts: string[] = [];
  const roleArns: string[] = [];
  const statements = (document as { Statement?: Json[] }).Statement ?? [];
  for (const statement of statements as Array<{ Effect?: string; Action?: Json; Principal?: { AWS?: Json } }>) {
    const actions = [statement.Action].flat();
    if (statement.Effect !== 'Allow' || !actions.includes('sts:AssumeRole')) continue;
    for (const principal of [statement.Principal?.AWS ?? []].flat() as string[]) {
      const root = /^arn:[^:]+:iam::(\d{12}):root$/.exec(principal);
      if (root) accounts.push(root[1]);
      else if (/^\d{12}$/.test(principal)) accounts.push(principal);
      else if (/^arn:[^:]+:iam::\d{12}:role\//.test(principal)) roleArns.push(principal);
    }
  }
  return { accounts, roleArns };
}

export function installTemplateRoles(sim: AwsSimulator, account: string, template: Json): string[] {
  const resources = (template as { Resources?: Record<string, { Type: string; Properties?: Record<string, Json> }> }).Resources ?? {};
  const created: string[] = [];
  for (const [logicalId, resource] of Object.entries(resources)) {
    if (resource.Type !== 'AWS::IAM::Role') continue;
    const { RoleName, Path, AssumeRolePolicyDocument } = resource.Properties ?? {};
    const properties = resolve({ RoleName, Path, AssumeRolePolicyDocument }, account, sim.partition) as Record<string, Json>;
    const name = properties.RoleName;
    if (typeof name !== 'string') throw new Error(`template role ${logicalId} has no fixed RoleName; give the test its name`);
    const path = typeof properties.Path === 'string' ? properties.Path.replace(/^\/|\/$/g, '') : '';
    sim.iam.createRole(account, path ? `${path}/${name}` : name, trustOf(properties.AssumeRolePolicyDocument));
    created.push(name);
  }
  return created;
}
