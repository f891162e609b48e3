import { invalidParameters } from '../core/errors';
import type { InputReader } from '../transport/input';
import type { VisiblePortfolio } from './access';
import { orgShareFor } from './access';
import type { ArtifactParameter, ProvisioningArtifact, ScRegionState, Tag } from './model';
import type { ScStore } from './store';

/**
 * Resolves the values CloudFormation would receive and reports what it would reject (unknown keys, missing
 * required values) as the failure message of the record, the way a failed stack surfaces in Service Catalog.
 */
export function resolveParameters(
  artifact: ProvisioningArtifact,
  given: Array<{ Key?: string; Value?: string; UsePreviousValue?: boolean }>,
  previous: Record<string, string> = {},
): { values: Record<string, string>; problem?: string } {
  const values: Record<string, string> = {};
  for (const p of given) {
    if (!p.Key) continue;
    if (p.UsePreviousValue) {
      if (previous[p.Key] !== undefined) values[p.Key] = previous[p.Key];
    } else if (p.Value !== undefined) {
      values[p.Key] = p.Value;
    }
  }
  const definitions: ArtifactParameter[] | undefined = artifact.parameters;
  if (!definitions) return { values };
  const known = new Set(definitions.map((d) => d.key));
  const unknown = Object.keys(values).filter((k) => !known.has(k));
  if (unknown.length > 0) return { values, problem: `Parameters: [${unknown.join(', ')}] do not exist in the template` };
  for (const d of definitions) if (values[d.key] === undefined && d.defaultValue !== undefined) values[d.key] = d.defaultValue;
  const missing = definitions.filter((d) => values[d.key] === undefined).map((d) => d.key);
  if (missing.length > 0) return { values, problem: `Parameters: [${missing.join(', ')}] must have values` };
  return { values };
}

/** Tags whose key is a TagOption of the launch path's portfolio must use one of its values. */
export function checkTagOptions(store: ScStore, state: ScRegionState, path: VisiblePortfolio, tags: Tag[]): void {
  const applies = path.via === 'LOCAL' || (orgShareFor(store, path.portfolio, state.account) ?? path.portfolio.shares.get(`ACCOUNT|${state.account}`))?.shareTagOptions;
  if (!applies) return;
  const allowed = new Map<string, Set<string>>();
  for (const id of path.portfolio.tagOptionIds) {
    const option = path.home.tagOptions.get(id)!;
    if (!option.active) continue;
    if (!allowed.has(option.key)) allowed.set(option.key, new Set());
    allowed.get(option.key)!.add(option.value);
  }
  for (const tag of tags) {
    const values = allowed.get(tag.Key);
    if (values && !values.has(tag.Value)) {
      throw invalidParameters(`Tag ${tag.Key}=${tag.Value} is not an allowed TagOption value (allowed: ${[...values].join(', ')}).`);
    }
  }
}

/** The launch role the portfolio's launch constraint names, or the reason the launch must fail. */
export function launchRole(store: ScStore, state: ScRegionState, path: VisiblePortfolio, productId: string): { arn?: string; problem?: string } {
  const constraint = path.portfolio.launchConstraints.get(productId);
  if (!constraint) return {};
  if (constraint.localRoleName) {
    const role = store.iam.getRole(state.account, constraint.localRoleName);
    if (!role) {
      return {
        problem: `Launch role ${constraint.localRoleName} (LocalRoleName launch constraint of portfolio ${path.portfolio.id}) does not exist in account ${state.account}; create it before launching.`,
      };
    }
    return { arn: role.arn };
  }
  const role = store.iam.getRoleByArn(constraint.roleArn!);
  return role ? { arn: role.arn } : { problem: `Launch role ${constraint.roleArn} does not exist or cannot be assumed.` };
}

export function readTags(r: InputReader): Tag[] {
  return r.list<Tag>('Tags').map((t) => {
    if (typeof t?.Key !== 'string' || typeof t?.Value !== 'string') throw r.invalid('Each tag needs a string Key and Value.');
    return { Key: t.Key, Value: t.Value };
  });
}
