/**
 * One launch of a product template: its parameter values and every resource's resolved properties, physical ID and
 * ARN, in a sample account, Region and partition.
 */
import { type Json, type StackPlace, TemplateResolver } from './cfn-values';
import { isCustomResource, RESOURCE_MODELS, type ResourceState } from './resource-models';

export interface InstanceResource extends ResourceState {
  readonly physicalId: string;
  /** Undefined for custom resources (they have no IAM resource). */
  readonly arn?: string;
}

export interface TemplateInstance {
  readonly place: StackPlace;
  /** Parameter values as the stack sees them (SSM-typed parameters: the value read from SSM). */
  readonly parameters: Readonly<Record<string, string>>;
  /** Names of the SSM parameters CloudFormation reads for `AWS::SSM::Parameter::Value<...>` parameters. */
  readonly ssmParameterNames: readonly string[];
  readonly resources: readonly InstanceResource[];
}

type Template = { readonly [key: string]: Json };
interface ParameterDefinition {
  Type: string;
  Default?: string | number;
}

export interface InstanceInput {
  readonly place: StackPlace;
  readonly template: Template;
  /** The parameters the launch passes (the lifecycle core's, or an account owner's); the rest take defaults. */
  readonly given: Readonly<Record<string, string>>;
  /** What SSM holds under a parameter name, for SSM-typed parameters (the Falcon directory). */
  readonly ssmValue: (name: string) => string | undefined;
}

export function instantiate(input: InstanceInput): TemplateInstance {
  const { place, template } = input;
  const definitions = (template.Parameters ?? {}) as unknown as Record<string, ParameterDefinition>;
  const parameters: Record<string, string> = {};
  const ssmParameterNames: string[] = [];
  for (const [name, definition] of Object.entries(definitions)) {
    const raw = input.given[name] ?? (definition.Default === undefined ? undefined : String(definition.Default));
    if (raw === undefined) throw new Error(`parameter ${name} has no value and no default`);
    if (definition.Type.startsWith('AWS::SSM::Parameter::Value<')) {
      const value = input.ssmValue(raw);
      if (value === undefined) throw new Error(`SSM parameter ${raw} (template parameter ${name}) has no value in this account`);
      ssmParameterNames.push(raw);
      parameters[name] = value;
    } else {
      parameters[name] = raw;
    }
  }
  for (const name of Object.keys(input.given)) {
    if (!(name in definitions)) throw new Error(`parameter ${name} is not declared by the template`);
  }

  const declared = (template.Resources ?? {}) as Record<string, { Type: string; Properties?: Json }>;
  const states = new Map<string, InstanceResource>();
  const resolving = new Set<string>();
  const resolver: TemplateResolver = new TemplateResolver({
    place,
    template,
    parameters,
    physicalId: (logicalId) => stateOf(logicalId).physicalId,
    attribute: (logicalId, attribute) => {
      const state = stateOf(logicalId);
      if (isCustomResource(state.type)) return `${logicalId}-${attribute}-from-its-function`;
      const model = RESOURCE_MODELS[state.type];
      const read = model?.attributes?.[attribute];
      if (!read) throw new Error(`Fn::GetAtt ${logicalId}.${attribute}: the gate does not model ${state.type}.${attribute}`);
      return read(state.physicalId, state, place);
    },
  });

  function stateOf(logicalId: string): InstanceResource {
    const known = states.get(logicalId);
    if (known) return known;
    const resource = declared[logicalId];
    if (!resource) throw new Error(`no resource ${logicalId}`);
    if (resolving.has(logicalId)) throw new Error(`circular reference through ${logicalId}`);
    resolving.add(logicalId);
    const properties = (resolver.resolve(resource.Properties ?? {}) ?? {}) as Record<string, Json>;
    const base = { logicalId, type: resource.Type, properties };
    let state: InstanceResource;
    if (isCustomResource(resource.Type)) {
      state = { ...base, physicalId: `${logicalId}-physical-id` };
    } else {
      const model = RESOURCE_MODELS[resource.Type];
      if (!model) throw new Error(`${logicalId}: the gate has no model of ${resource.Type} (test/gates/launch-role/resource-models.ts)`);
      const physicalId = model.physicalId(logicalId, properties, place);
      state = { ...base, physicalId, arn: model.arn(base, physicalId, place) };
    }
    resolving.delete(logicalId);
    states.set(logicalId, state);
    return state;
  }

  const resources = Object.keys(declared)
    .filter((logicalId) => resolver.resourceExists(logicalId))
    .map((logicalId) => stateOf(logicalId));
  return { place, parameters, ssmParameterNames, resources };
}
