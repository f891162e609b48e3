/**
 * Every IAM request the launch role must be allowed for one stack operation of a product (launch, update to a
 * version, terminate), on the ARNs the template produces:
 *
 * - Service Catalog's own calls with the launch role: the CloudFormation stack actions and reading the template
 *   from its bucket (Service Catalog Administrator Guide, "AWS Service Catalog launch constraints" and "Step 6: Add a
 *   launch constraint to assign an IAM role":
 *   https://docs.aws.amazon.com/servicecatalog/latest/adminguide/constraints-launch.html). Service Catalog names the
 *   stacks it launches `SC-<account>-pp-<id>`.
 * - CloudFormation acting with the stack's role (CloudFormation User Guide, "CloudFormation service role"): reading
 *   SSM-typed parameters (`ssm:GetParameters`), invoking custom resources' functions, and each resource handler's
 *   permissions from the registry schema (create, update or delete, plus tagging: Service Catalog tags every
 *   provisioned product, and CloudFormation passes stack tags to every taggable resource).
 */
import { catalogueAction } from './iam-catalogue';
import { handlerPermissions, type Handler } from './cfn-schemas';
import type { ContextValue, IamRequest } from './policy-evaluator';
import { isCustomResource, RESOURCE_MODELS, type ResourceModel } from './resource-models';
import type { InstanceResource, TemplateInstance } from './template-instance';
import type { StackPlace } from './cfn-values';

export interface StackCall {
  /** Who makes the call and why, e.g. `SensorRole (AWS::IAM::Role) create` or `Service Catalog`. */
  readonly source: string;
  readonly request: IamRequest;
}

export interface NotCalled {
  readonly source: string;
  readonly action: string;
  readonly reason: string;
}

export interface StackCalls {
  readonly calls: readonly StackCall[];
  readonly notCalled: readonly NotCalled[];
  /** Handler actions the gate cannot place on an ARN: the gate fails on these until a reader models them. */
  readonly gaps: readonly string[];
}

/** Service Catalog's stack actions (the constraints-launch / getstarted-launchconstraint pages of the guide). */
export const SERVICE_CATALOG_STACK_ACTIONS: readonly string[] = [
  'cloudformation:CreateStack',
  'cloudformation:DeleteStack',
  'cloudformation:DescribeStackEvents',
  'cloudformation:DescribeStacks',
  'cloudformation:GetTemplateSummary',
  'cloudformation:SetStackPolicy',
  'cloudformation:ValidateTemplate',
  'cloudformation:UpdateStack',
];

export function serviceCatalogStackArn(place: StackPlace): string {
  return `arn:${place.partition}:cloudformation:${place.region}:${place.accountId}:stack/${place.stackName}/${place.stackId.split('/').pop()}`;
}

/** The tag Service Catalog puts on the template objects it stores; the launch role must read them. */
const TEMPLATE_OBJECT_TAG = { 's3:ExistingObjectTag/servicecatalog:provisioning': 'true' };

async function serviceCatalogCalls(place: StackPlace): Promise<StackCall[]> {
  const calls: StackCall[] = [];
  for (const action of SERVICE_CATALOG_STACK_ACTIONS) {
    const info = await catalogueAction(action);
    if (!info) throw new Error(`${action} is not in the IAM catalogue`);
    const resource = info.resourceTypes.length === 0 ? '*' : serviceCatalogStackArn(place);
    calls.push({ source: 'Service Catalog (stack)', request: { action, resource, context: {} } });
  }
  // Service Catalog keeps templates in buckets of its own whose names it does not publish.
  const object = `arn:${place.partition}:s3:::service-catalog-template-bucket-${place.region}/${place.stackName}.template.json`;
  calls.push({ source: 'Service Catalog (template)', request: { action: 's3:GetObject', resource: object, context: TEMPLATE_OBJECT_TAG } });
  return calls;
}

function parameterArn(place: StackPlace, name: string): string {
  return `arn:${place.partition}:ssm:${place.region}:${place.accountId}:parameter/${name.replace(/^\//, '')}`;
}

interface ActionExpansion {
  readonly calls: StackCall[];
  readonly notCalled: NotCalled[];
  readonly gaps: string[];
}

async function expandAction(
  action: string,
  source: string,
  state: InstanceResource,
  previous: InstanceResource | undefined,
  model: ResourceModel,
  place: StackPlace,
): Promise<ActionExpansion> {
  const out: ActionExpansion = { calls: [], notCalled: [], gaps: [] };
  const feature = model.features?.find((f) => f.action === action);
  if (feature && !feature.when(state, previous)) {
    out.notCalled.push({ source, action, reason: `only with ${feature.property}, which the template does not set` });
    return out;
  }
  const info = await catalogueAction(action);
  if (!info) {
    out.gaps.push(`${source}: ${action} is not in the IAM catalogue`);
    return out;
  }
  if (info.resourceTypes.length === 0) {
    out.calls.push({ source, request: { action: info.name, resource: '*', context: {} } });
    return out;
  }
  const required = info.resourceTypes.filter((r) => r.required);
  const candidates = required.length > 0 ? required : info.resourceTypes;
  const own = model.ownType(state);
  type Placed = { arns: string[]; contexts: Array<Record<string, ContextValue>>; property?: string } | undefined;
  const place1 = (key: string): Placed => {
    if (key === own) {
      const contexts = model.ownContext?.(info.name, state, previous) ?? [{}];
      return { arns: [state.arn!], contexts };
    }
    const related = model.related?.find((r) => r.resourceType === key && (!r.actions || r.actions.includes(info.name)));
    if (!related) return undefined;
    return { arns: related.arns(state, place), contexts: [{ ...(related.context ?? {}) }], property: related.property };
  };
  const placed = new Map(candidates.map((c) => [c.key, place1(c.key)]));
  let chosen: Array<[string, NonNullable<Placed>]>;
  if (required.length > 0) {
    const unknown = [...placed].filter(([, p]) => p === undefined).map(([k]) => k);
    if (unknown.length > 0) {
      out.gaps.push(`${source}: ${info.name} needs resource type ${unknown.join(', ')}, which the gate's model of ${state.type} does not place`);
      return out;
    }
    chosen = [...placed] as Array<[string, NonNullable<Placed>]>;
  } else {
    const ownPlaced = placed.get(own);
    const relatedPlaced = [...placed].filter(([k, p]) => k !== own && p !== undefined && p.arns.length > 0) as Array<[string, NonNullable<Placed>]>;
    if (ownPlaced) chosen = [[own, ownPlaced]];
    else if (relatedPlaced.length > 0) chosen = relatedPlaced;
    else if ([...placed.values()].some((p) => p !== undefined)) chosen = [...placed].filter(([, p]) => p !== undefined) as Array<[string, NonNullable<Placed>]>;
    else {
      out.gaps.push(`${source}: ${info.name} acts on ${candidates.map((c) => c.key).join(' | ')}, none of which the gate's model of ${state.type} places`);
      return out;
    }
  }
  const absent = chosen.filter(([, p]) => p.arns.length === 0 || p.contexts.length === 0);
  if (absent.length > 0) {
    const why = absent.map(([k, p]) => (p.arns.length === 0 ? `no ${k} (${p.property ?? 'property'} not set)` : `nothing to ${info.name}`));
    out.notCalled.push({ source, action: info.name, reason: why.join('; ') });
    return out;
  }
  for (const [, p] of chosen) {
    for (const arn of p.arns) for (const context of p.contexts) out.calls.push({ source, request: { action: info.name, resource: arn, context } });
  }
  return out;
}

async function resourceCalls(
  handler: Handler,
  state: InstanceResource,
  previous: InstanceResource | undefined,
  place: StackPlace,
): Promise<ActionExpansion> {
  const source = `${state.logicalId} (${state.type}) ${handler}`;
  if (isCustomResource(state.type)) {
    const token = state.properties.ServiceToken;
    if (typeof token !== 'string' || !token.includes(':lambda:')) {
      return { calls: [], notCalled: [], gaps: [`${source}: only Lambda-backed custom resources are modelled`] };
    }
    return { calls: [{ source, request: { action: 'lambda:InvokeFunction', resource: token, context: {} } }], notCalled: [], gaps: [] };
  }
  const schema = handlerPermissions(state.type);
  const model = RESOURCE_MODELS[state.type];
  if (!schema || !model) return { calls: [], notCalled: [], gaps: [`${source}: no ${schema ? 'model' : 'registry schema'} of ${state.type}`] };
  // CloudFormation passes the stack's tags to every taggable resource it creates or updates.
  const actions = [...new Set([...schema.handlers[handler], ...(handler === 'delete' ? [] : schema.tagging)])];
  const out: ActionExpansion = { calls: [], notCalled: [], gaps: [] };
  for (const action of actions) {
    const one = await expandAction(action, source, state, previous, model, place);
    out.calls.push(...one.calls);
    out.notCalled.push(...one.notCalled);
    out.gaps.push(...one.gaps);
  }
  return out;
}

/**
 * The calls of one stack operation: `from` undefined is a launch, `to` undefined a terminate, both an update
 * (resources in both are updated, those only in `to` created, those only in `from` deleted).
 */
export async function stackOperationCalls(from: TemplateInstance | undefined, to: TemplateInstance | undefined): Promise<StackCalls> {
  const place = (to ?? from)!.place;
  const calls: StackCall[] = await serviceCatalogCalls(place);
  const notCalled: NotCalled[] = [];
  const gaps: string[] = [];
  const add = (x: ActionExpansion) => {
    calls.push(...x.calls);
    notCalled.push(...x.notCalled);
    gaps.push(...x.gaps);
  };
  for (const name of to?.ssmParameterNames ?? []) {
    calls.push({ source: 'CloudFormation (SSM-typed parameter)', request: { action: 'ssm:GetParameters', resource: parameterArn(place, name), context: {} } });
  }
  const before = new Map((from?.resources ?? []).map((r) => [r.logicalId, r]));
  const after = new Map((to?.resources ?? []).map((r) => [r.logicalId, r]));
  for (const state of after.values()) {
    const previous = before.get(state.logicalId);
    const same = previous !== undefined && previous.type === state.type;
    add(await resourceCalls(same ? 'update' : 'create', state, same ? previous : undefined, place));
  }
  for (const state of before.values()) {
    const next = after.get(state.logicalId);
    if (next === undefined || next.type !== state.type) add(await resourceCalls('delete', state, undefined, place));
  }
  return { calls, notCalled, gaps };
}
