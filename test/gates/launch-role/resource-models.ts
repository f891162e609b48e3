/**
 * What the gate must know about each CloudFormation resource type that product templates use, beyond the handler
 * permissions in CloudFormation's schema: the resource's own ARN (in the Service Authorization Reference's format),
 * the names and attributes `Ref`/`Fn::GetAtt` return (CloudFormation User Guide, "Return values" of each type), and
 * which other resources its properties name, so each handler action is checked on the ARN it really touches.
 *
 * The gate fails on any handler action whose resource type is neither the resource itself nor listed here: a new
 * resource type or a new handler permission is decided by a reader, never guessed.
 */
import type { ContextValue } from './policy-evaluator';
import type { Json, StackPlace } from './cfn-values';

export interface ResourceState {
  readonly logicalId: string;
  readonly type: string;
  /** Properties with every intrinsic resolved. */
  readonly properties: Readonly<Record<string, Json>>;
}

/** A call on another resource that a property names (PassRole on the function's role, GetObject on its code). */
export interface RelatedResource {
  /** IAM resource type, `service:type` as the Service Authorization Reference names it. */
  readonly resourceType: string;
  /** Only for these actions; absent: every action of that resource type. */
  readonly actions?: readonly string[];
  /** The ARNs the properties name; empty when the property is absent, and the handler then makes no such call. */
  readonly arns: (state: ResourceState, place: StackPlace) => string[];
  readonly context?: Readonly<Record<string, ContextValue>>;
  /** The property it comes from, for the gate's report. */
  readonly property: string;
}

/** An action the handler makes only when a property is set (or, in an update, changed as described). */
export interface FeatureAction {
  readonly action: string;
  readonly when: (state: ResourceState, previous: ResourceState | undefined) => boolean;
  readonly property: string;
}

export interface ResourceModel {
  /** The IAM resource type of the resource itself. */
  readonly ownType: (state: ResourceState) => string;
  /** Its physical name/ID (what `Ref` returns) from its properties, or a generated one. */
  readonly physicalId: (logicalId: string, properties: Readonly<Record<string, Json>>, place: StackPlace) => string;
  /** Its ARN in the Service Authorization Reference's format. */
  readonly arn: (state: ResourceState, physicalId: string, place: StackPlace) => string;
  readonly attributes?: Readonly<Record<string, (physicalId: string, state: ResourceState, place: StackPlace) => string>>;
  /**
   * Request context for a call on the resource itself. A list multiplies the call (one AttachRolePolicy per managed
   * policy); an empty list means the handler makes no such call.
   */
  readonly ownContext?: (action: string, state: ResourceState, previous: ResourceState | undefined) => Array<Record<string, ContextValue>> | undefined;
  readonly related?: readonly RelatedResource[];
  readonly features?: readonly FeatureAction[];
}

const str = (value: Json | undefined): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);
const strings = (value: Json | undefined): string[] =>
  Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : typeof value === 'string' ? [value] : [];
const has = (state: ResourceState, property: string) => state.properties[property] !== undefined;

/** A property the gate does not model yet: no call when it is absent, an error (a model gap) when it is set. */
function notModelled(property: string): RelatedResource['arns'] {
  return (state) => {
    if (has(state, property)) throw new Error(`${state.logicalId}: the gate does not model ${state.type} ${property} yet`);
    return [];
  };
}

/**
 * CloudFormation's generated physical names: `<stack name>-<logical ID>-<random>`, cut to the type's limit
 * (CloudFormation User Guide, "Name type").
 */
function generatedName(place: StackPlace, logicalId: string, limit: number): string {
  return `${place.stackName}-${logicalId}`.slice(0, limit - 13) + '-1A2B3C4D5E6F7';
}

/** iam:PassRole as CloudFormation makes it for a service, with the service in `iam:PassedToService`. */
function passRole(property: string, service: string, arns: RelatedResource['arns']): RelatedResource {
  return { resourceType: 'iam:role', actions: ['iam:PassRole'], arns, context: { 'iam:PassedToService': service }, property };
}

const IAM_ROLE: ResourceModel = {
  ownType: () => 'iam:role',
  physicalId: (logicalId, p, place) => str(p.RoleName) ?? generatedName(place, logicalId, 64),
  arn: (s, id, place) => `arn:${place.partition}:iam::${place.accountId}:role${str(s.properties.Path) ?? '/'}${id}`,
  attributes: {
    Arn: (id, s, place) => `arn:${place.partition}:iam::${place.accountId}:role${str(s.properties.Path) ?? '/'}${id}`,
    RoleId: () => 'AROA1234567890EXAMPLE',
  },
  // IAM puts the role's boundary (the one requested, for CreateRole and PutRolePermissionsBoundary) in
  // iam:PermissionsBoundary, and the managed policy being attached or detached in iam:PolicyARN (IAM User Guide,
  // "IAM condition context keys").
  ownContext: (action, state, previous) => {
    const boundary = str(state.properties.PermissionsBoundary);
    const base: Record<string, ContextValue> = boundary ? { 'iam:PermissionsBoundary': boundary } : {};
    if (action === 'iam:AttachRolePolicy' || action === 'iam:DetachRolePolicy') {
      const policies = new Set([...strings(state.properties.ManagedPolicyArns), ...strings(previous?.properties.ManagedPolicyArns)]);
      return [...policies].map((arn) => ({ ...base, 'iam:PolicyARN': arn }));
    }
    return [base];
  },
  features: [
    { action: 'iam:PutRolePermissionsBoundary', when: (s) => has(s, 'PermissionsBoundary'), property: 'PermissionsBoundary' },
    {
      action: 'iam:DeleteRolePermissionsBoundary',
      when: (s, previous) => !has(s, 'PermissionsBoundary') && previous !== undefined && has(previous, 'PermissionsBoundary'),
      property: 'PermissionsBoundary (removed by an update)',
    },
  ],
};

const LAMBDA_FUNCTION: ResourceModel = {
  ownType: () => 'lambda:function',
  physicalId: (logicalId, p, place) => str(p.FunctionName) ?? generatedName(place, logicalId, 64),
  arn: (_s, id, place) => `arn:${place.partition}:lambda:${place.region}:${place.accountId}:function:${id}`,
  attributes: { Arn: (id, _s, place) => `arn:${place.partition}:lambda:${place.region}:${place.accountId}:function:${id}` },
  related: [
    passRole('Role', 'lambda.amazonaws.com', (s) => strings(s.properties.Role)),
    {
      resourceType: 's3:object',
      property: 'Code.S3Bucket/S3Key',
      arns: (s, place) => {
        const code = (s.properties.Code ?? {}) as Record<string, Json>;
        const bucket = str(code.S3Bucket);
        const key = str(code.S3Key);
        return bucket && key ? [`arn:${place.partition}:s3:::${bucket}/${key}`] : [];
      },
    },
    { resourceType: 'kms:key', property: 'KmsKeyArn', arns: (s) => strings(s.properties.KmsKeyArn) },
    { resourceType: 'lambda:code signing config', property: 'CodeSigningConfigArn', arns: (s) => strings(s.properties.CodeSigningConfigArn) },
    { resourceType: 'lambda:layerVersion', property: 'Layers', arns: (s) => strings(s.properties.Layers) },
    { resourceType: 'lambda:capacityProvider', property: 'CapacityProviderConfig', arns: notModelled('CapacityProviderConfig') },
    {
      resourceType: 'elasticfilesystem:access-point',
      property: 'FileSystemConfigs',
      arns: (s) => ((s.properties.FileSystemConfigs ?? []) as Array<Record<string, Json>>).flatMap((c) => strings(c.Arn)),
    },
    {
      resourceType: 'elasticfilesystem:file-system',
      property: 'FileSystemConfigs',
      arns: (s) => ((s.properties.FileSystemConfigs ?? []) as Array<Record<string, Json>>).flatMap((c) => strings(c.Arn)),
    },
    {
      resourceType: 's3files:file-system',
      property: 'FileSystemConfigs',
      arns: (s) => ((s.properties.FileSystemConfigs ?? []) as Array<Record<string, Json>>).flatMap((c) => strings(c.Arn)),
    },
  ],
  // Lambda describes the network only to attach a function to a VPC, and waits for its interfaces on delete.
  features: ['ec2:DescribeSecurityGroups', 'ec2:DescribeSubnets', 'ec2:DescribeVpcs', 'ec2:DescribeNetworkInterfaces'].map((action) => ({
    action,
    when: (s: ResourceState) => has(s, 'VpcConfig'),
    property: 'VpcConfig',
  })),
};

const LOG_GROUP: ResourceModel = {
  ownType: () => 'logs:log-group',
  physicalId: (logicalId, p, place) => str(p.LogGroupName) ?? generatedName(place, logicalId, 512),
  arn: (_s, id, place) => `arn:${place.partition}:logs:${place.region}:${place.accountId}:log-group:${id}`,
  // The Arn attribute of a log group ends in `:*` (CloudFormation User Guide, AWS::Logs::LogGroup return values).
  attributes: { Arn: (id, _s, place) => `arn:${place.partition}:logs:${place.region}:${place.accountId}:log-group:${id}:*` },
  related: [
    { resourceType: 'firehose:deliverystream', property: 'DataProtectionPolicy', arns: notModelled('DataProtectionPolicy') },
    { resourceType: 'kms:key', property: 'KmsKeyId', arns: (s) => strings(s.properties.KmsKeyId) },
  ],
  features: [
    // A data protection policy's audit findings go to a log delivery (S3 or Firehose); `s3:REST.PUT.OBJECT` is an
    // S3 REST operation name that the schema lists, not an IAM action.
    ...['logs:CreateLogDelivery', 's3:REST.PUT.OBJECT'].map((action) => ({
      action,
      when: (s: ResourceState) => has(s, 'DataProtectionPolicy'),
      property: 'DataProtectionPolicy',
    })),
    ...['logs:PutResourcePolicy', 'logs:DeleteResourcePolicy'].map((action) => ({
      action,
      when: (s: ResourceState, previous: ResourceState | undefined) =>
        has(s, 'ResourcePolicyDocument') || (previous !== undefined && has(previous, 'ResourcePolicyDocument')),
      property: 'ResourcePolicyDocument',
    })),
    ...['logs:PutIndexPolicy', 'logs:DeleteIndexPolicy'].map((action) => ({
      action,
      when: (s: ResourceState, previous: ResourceState | undefined) =>
        has(s, 'FieldIndexPolicies') || (previous !== undefined && has(previous, 'FieldIndexPolicies')),
      property: 'FieldIndexPolicies',
    })),
  ],
};

const EVENTS_RULE: ResourceModel = {
  ownType: (s) => (str(s.properties.EventBusName) && s.properties.EventBusName !== 'default' ? 'events:rule-on-custom-event-bus' : 'events:rule-on-default-event-bus'),
  physicalId: (logicalId, p, place) => str(p.Name) ?? generatedName(place, logicalId, 64),
  arn: (s, id, place) => {
    const bus = str(s.properties.EventBusName);
    const path = bus && bus !== 'default' ? `${bus.split('/').pop()}/${id}` : id;
    return `arn:${place.partition}:events:${place.region}:${place.accountId}:rule/${path}`;
  },
  attributes: { Arn: (id, _s, place) => `arn:${place.partition}:events:${place.region}:${place.accountId}:rule/${id}` },
  related: [
    passRole('RoleArn, Targets[].RoleArn', 'events.amazonaws.com', (s) => [
      ...strings(s.properties.RoleArn),
      ...((s.properties.Targets ?? []) as Array<Record<string, Json>>).flatMap((t) => strings(t.RoleArn)),
    ]),
  ],
};

/** A document named without an ARN: AWS's own (`AWS-*`, no account in the ARN), else its publisher's. */
export const SAMPLE_DOCUMENT_PUBLISHER = '999988887777';

function documentArn(name: string, place: StackPlace): string {
  if (name.startsWith('arn:')) return name;
  const owner = name.startsWith('AWS-') ? '' : SAMPLE_DOCUMENT_PUBLISHER;
  return `arn:${place.partition}:ssm:${place.region}:${owner}:document/${name}`;
}

const SSM_ASSOCIATION: ResourceModel = {
  ownType: () => 'ssm:association',
  physicalId: () => '0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0',
  arn: (_s, id, place) => `arn:${place.partition}:ssm:${place.region}:${place.accountId}:association/${id}`,
  related: [
    {
      resourceType: 'ssm:document',
      actions: ['ssm:CreateAssociation', 'ssm:UpdateAssociation'],
      property: 'Name',
      arns: (s, place) => strings(s.properties.Name).map((n) => documentArn(n, place)),
    },
    {
      resourceType: 'ssm:document',
      actions: ['ssm:GetCalendarState'],
      property: 'CalendarNames',
      arns: (s, place) => strings(s.properties.CalendarNames).map((n) => documentArn(n, place)),
    },
    passRole('Parameters.AutomationAssumeRole, AssociationDispatchAssumeRole', 'ssm.amazonaws.com', (s) => [
      ...strings(((s.properties.Parameters ?? {}) as Record<string, Json>).AutomationAssumeRole),
      ...strings(s.properties.AssociationDispatchAssumeRole),
    ]),
    {
      // Systems Manager's service-linked role (IAM User Guide, "AWS services that work with IAM": Systems Manager).
      resourceType: 'iam:role',
      actions: ['iam:CreateServiceLinkedRole'],
      property: '(the association itself)',
      arns: (_s, place) => [`arn:${place.partition}:iam::${place.accountId}:role/aws-service-role/ssm.amazonaws.com/AWSServiceRoleForAmazonSSM`],
      context: { 'iam:AWSServiceName': 'ssm.amazonaws.com' },
    },
  ],
};

const SSM_PARAMETER: ResourceModel = {
  ownType: () => 'ssm:parameter',
  physicalId: (logicalId, p, place) => str(p.Name) ?? generatedName(place, `CFN-${logicalId}`, 2048),
  arn: (_s, id, place) => `arn:${place.partition}:ssm:${place.region}:${place.accountId}:parameter/${id.replace(/^\//, '')}`,
};

export const RESOURCE_MODELS: Readonly<Record<string, ResourceModel>> = {
  'AWS::IAM::Role': IAM_ROLE,
  'AWS::Lambda::Function': LAMBDA_FUNCTION,
  'AWS::Logs::LogGroup': LOG_GROUP,
  'AWS::Events::Rule': EVENTS_RULE,
  'AWS::SSM::Association': SSM_ASSOCIATION,
  'AWS::SSM::Parameter': SSM_PARAMETER,
};

/** Custom resources have no registry schema: CloudFormation invokes their function (`ServiceToken`). */
export function isCustomResource(type: string): boolean {
  return type === 'AWS::CloudFormation::CustomResource' || type.startsWith('Custom::');
}
