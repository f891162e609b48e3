/**
 * CloudFormation's registry schemas (one JSON per resource type, as `aws cloudformation describe-type` returns them):
 * `handlers.<create|update|delete>.permissions` are the IAM actions CloudFormation's handler for that type calls,
 * and `tagging.permissions` those it needs to tag it. They are AWS's data, not ours: they are read from outside the
 * repository and never copied into it.
 *
 * Where: `CFN_SCHEMAS_DIR`, else `../shared/cloudformation-schemas` beside this repository. How to get them: the
 * CloudFormation User Guide's "CloudFormation resource provider schemas" page
 * (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/resource-type-schemas.html) links one archive per
 * Region, e.g. https://schema.cloudformation.us-east-1.amazonaws.com/CloudformationSchema.zip; unzip it into one of
 * those places (file names `aws-<service>-<resource>.json`).
 */
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';

const REPO_ROOT = path.join(__dirname, '..', '..', '..');

export function schemasDirectory(): string {
  return process.env.CFN_SCHEMAS_DIR ?? path.join(REPO_ROOT, '..', 'shared', 'cloudformation-schemas');
}

export function schemasAvailable(): boolean {
  return existsSync(path.join(schemasDirectory(), 'aws-iam-role.json'));
}

export const SCHEMAS_MISSING_MESSAGE =
  `CloudFormation resource schemas not found in ${schemasDirectory()}: the launch-role gate is SKIPPED. Get them with ` +
  '`curl -O https://schema.cloudformation.us-east-1.amazonaws.com/CloudformationSchema.zip` (listed on ' +
  'https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/resource-type-schemas.html), unzip the archive ' +
  'there, or set CFN_SCHEMAS_DIR to the unzipped folder.';

export type Handler = 'create' | 'update' | 'delete';
export const HANDLERS: readonly Handler[] = ['create', 'update', 'delete'];

export interface HandlerPermissions {
  readonly typeName: string;
  readonly handlers: Readonly<Record<Handler, readonly string[]>>;
  /** Actions to tag the resource; empty when the type is not taggable. */
  readonly tagging: readonly string[];
}

interface RawSchema {
  typeName: string;
  handlers?: Partial<Record<string, { permissions?: string[] }>>;
  tagging?: { taggable?: boolean; permissions?: string[] };
}

const cache = new Map<string, HandlerPermissions>();

function fileOf(typeName: string): string {
  return path.join(schemasDirectory(), `${typeName.toLowerCase().replace(/::/g, '-')}.json`);
}

/** The handler permissions of a resource type, or undefined when CloudFormation's registry has no such type. */
export function handlerPermissions(typeName: string): HandlerPermissions | undefined {
  const known = cache.get(typeName);
  if (known) return known;
  const file = fileOf(typeName);
  if (!existsSync(file)) return undefined;
  const raw = JSON.parse(readFileSync(file, 'utf8')) as RawSchema;
  if (raw.typeName !== typeName) throw new Error(`${file} describes ${raw.typeName}, not ${typeName}`);
  const of = (handler: Handler) => raw.handlers?.[handler]?.permissions ?? [];
  const permissions: HandlerPermissions = {
    typeName,
    handlers: { create: of('create'), update: of('update'), delete: of('delete') },
    tagging: raw.tagging?.taggable === false ? [] : (raw.tagging?.permissions ?? []),
  };
  cache.set(typeName, permissions);
  return permissions;
}
