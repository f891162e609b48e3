/**
 * Resolves a CloudFormation template's intrinsic functions offline, with a sample account, Region and partition,
 * the parameter values of one launch, and the physical names and attributes of its resources, so the launch-role
 * gate sees the concrete ARNs a launch produces. Follows the CloudFormation User Guide's "Intrinsic function
 * reference" and "Pseudo parameters reference" for the functions product templates use.
 *
 * With `opaque` set (the policy-validity test over whole stacks), a value that cannot be known offline (another
 * resource's generated name, an import) becomes `OPAQUE`, which the ARN matcher reads as "any characters". Without
 * it, such a value is an error: the gate must never evaluate a request on a guessed ARN.
 */
import { OPAQUE } from './arn-match';

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Marks a property whose value is `AWS::NoValue` (removed from its object or list). */
const NO_VALUE = Symbol('AWS::NoValue');

export interface StackPlace {
  readonly partition: string;
  readonly region: string;
  readonly accountId: string;
  readonly stackName: string;
  readonly stackId: string;
}

export interface ResolverInput {
  readonly place: StackPlace;
  readonly template: { readonly [key: string]: Json };
  /** Parameter values of this launch (given, else the template's default, SSM-typed ones already looked up). */
  readonly parameters: Readonly<Record<string, string>>;
  /** `Ref` of a resource: its physical ID. */
  readonly physicalId?: (logicalId: string) => string | undefined;
  /** `Fn::GetAtt` of a resource attribute. */
  readonly attribute?: (logicalId: string, attribute: string) => string | undefined;
  readonly opaque?: boolean;
}

export class TemplateResolver {
  private readonly conditions = new Map<string, boolean>();

  constructor(private readonly input: ResolverInput) {}

  private unknown(what: string): string {
    if (this.input.opaque) return OPAQUE;
    throw new Error(`cannot resolve ${what} offline`);
  }

  private pseudo(name: string): string | undefined {
    const { place } = this.input;
    switch (name) {
      case 'AWS::Partition':
        return place.partition;
      case 'AWS::Region':
        return place.region;
      case 'AWS::AccountId':
        return place.accountId;
      case 'AWS::StackName':
        return place.stackName;
      case 'AWS::StackId':
        return place.stackId;
      case 'AWS::URLSuffix':
        return place.partition === 'aws-cn' ? 'amazonaws.com.cn' : 'amazonaws.com';
      default:
        return undefined;
    }
  }

  private ref(name: string): string | typeof NO_VALUE {
    if (name === 'AWS::NoValue') return NO_VALUE;
    const pseudo = this.pseudo(name);
    if (pseudo !== undefined) return pseudo;
    if (name in this.input.parameters) return this.input.parameters[name];
    const resources = (this.input.template.Resources ?? {}) as Record<string, Json>;
    if (name in resources) return this.input.physicalId?.(name) ?? this.unknown(`Ref ${name}`);
    if (this.input.opaque) return OPAQUE;
    throw new Error(`Ref ${name}: no such parameter or resource`);
  }

  condition(name: string): boolean {
    const known = this.conditions.get(name);
    if (known !== undefined) return known;
    const definitions = (this.input.template.Conditions ?? {}) as Record<string, Json>;
    if (!(name in definitions)) throw new Error(`condition ${name} is not defined`);
    const value = this.resolve(definitions[name]);
    if (typeof value !== 'boolean') throw new Error(`condition ${name} does not evaluate to true or false`);
    this.conditions.set(name, value);
    return value;
  }

  /** A resource is created when it has no Condition, or its condition holds. */
  resourceExists(logicalId: string): boolean {
    const resource = ((this.input.template.Resources ?? {}) as Record<string, { Condition?: string }>)[logicalId];
    return resource?.Condition === undefined || this.condition(resource.Condition);
  }

  private str(value: Json | typeof NO_VALUE, what: string): string {
    if (typeof value === 'string') return value;
    if (typeof value === 'number' || typeof value === 'boolean') return String(value);
    throw new Error(`${what} must resolve to a string, not ${JSON.stringify(value)}`);
  }

  private sub(text: string, variables: Record<string, Json>): string {
    return text.replace(/\$\{([^}!][^}]*)\}/g, (_, expression: string) => {
      if (expression in variables) return this.str(this.resolveValue(variables[expression]), `Fn::Sub variable ${expression}`);
      const [logicalId, attribute] = expression.split('.');
      if (attribute !== undefined) return this.getAtt(logicalId, attribute);
      return this.str(this.ref(expression), `Fn::Sub ${expression}`);
    });
  }

  private getAtt(logicalId: string, attribute: string): string {
    return this.input.attribute?.(logicalId, attribute) ?? this.unknown(`Fn::GetAtt ${logicalId}.${attribute}`);
  }

  private resolveValue(value: Json): Json | typeof NO_VALUE {
    if (Array.isArray(value)) {
      return value.map((v) => this.resolveValue(v)).filter((v): v is Json => v !== NO_VALUE);
    }
    if (value === null || typeof value !== 'object') return value;
    const keys = Object.keys(value);
    if (keys.length === 1) {
      const [fn] = keys;
      const arg = value[fn];
      switch (fn) {
        case 'Ref':
          return this.ref(arg as string);
        case 'Condition':
          return this.condition(arg as string);
        case 'Fn::If': {
          const [name, whenTrue, whenFalse] = arg as [string, Json, Json];
          return this.resolveValue(this.condition(name) ? whenTrue : whenFalse);
        }
        case 'Fn::Equals': {
          const [a, b] = (arg as Json[]).map((v) => this.resolveValue(v));
          return JSON.stringify(a) === JSON.stringify(b);
        }
        case 'Fn::Not':
          return !(this.resolveValue((arg as Json[])[0]) as boolean);
        case 'Fn::And':
          return (arg as Json[]).every((v) => this.resolveValue(v) === true);
        case 'Fn::Or':
          return (arg as Json[]).some((v) => this.resolveValue(v) === true);
        case 'Fn::Join': {
          const [separator, parts] = arg as [string, Json];
          const items = this.resolveValue(parts);
          if (!Array.isArray(items)) throw new Error('Fn::Join needs a list');
          return items.map((p) => this.str(p, 'Fn::Join part')).join(separator);
        }
        case 'Fn::Sub':
          return typeof arg === 'string'
            ? this.sub(arg, {})
            : this.sub((arg as [string, Record<string, Json>])[0], (arg as [string, Record<string, Json>])[1]);
        case 'Fn::Select': {
          const [index, items] = arg as [Json, Json];
          const resolved = this.resolveValue(items);
          if (!Array.isArray(resolved)) throw new Error('Fn::Select needs a list');
          const at = Number(this.resolveValue(index));
          if (resolved.some((v) => v === OPAQUE)) return OPAQUE;
          if (!(at in resolved)) return this.unknown(`Fn::Select index ${at} of ${resolved.length}`);
          return resolved[at];
        }
        case 'Fn::Split': {
          const [separator, text] = arg as [string, Json];
          const resolved = this.str(this.resolveValue(text), 'Fn::Split source');
          return resolved.includes(OPAQUE) ? [OPAQUE, OPAQUE, OPAQUE, OPAQUE, OPAQUE, OPAQUE] : resolved.split(separator);
        }
        case 'Fn::GetAtt': {
          const [logicalId, attribute] = typeof arg === 'string' ? arg.split('.') : (arg as [string, string]);
          return this.getAtt(logicalId, attribute);
        }
        case 'Fn::FindInMap': {
          const [map, top, second] = (arg as Json[]).map((v) => this.str(this.resolveValue(v), 'Fn::FindInMap key'));
          const mappings = (this.input.template.Mappings ?? {}) as Record<string, Record<string, Record<string, Json>>>;
          const found = mappings[map]?.[top]?.[second];
          if (found === undefined) return this.unknown(`Fn::FindInMap ${map}.${top}.${second}`);
          return this.resolveValue(found);
        }
        case 'Fn::ImportValue':
        case 'Fn::GetAZs':
        case 'Fn::Base64':
        case 'Fn::Cidr':
          return this.unknown(fn);
        default:
          break;
      }
    }
    const out: Record<string, Json> = {};
    for (const [key, v] of Object.entries(value)) {
      const resolved = this.resolveValue(v);
      if (resolved !== NO_VALUE) out[key] = resolved;
    }
    return out;
  }

  /** The value with every intrinsic function resolved and `AWS::NoValue` removed. */
  resolve(value: Json): Json {
    const resolved = this.resolveValue(value);
    return resolved === NO_VALUE ? null : resolved;
  }
}
