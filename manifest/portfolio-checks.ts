/**
 * Cross-field checks on `portfolio`: principal limits and partitions, duplicate share targets and TagOption values,
 * and whether the share can reach the accounts the assignments target.
 */
import { error, type Finding, warning } from './diagnostics';
import { duplicatesIn } from './duplicates';
import { hubAccountOf } from './hub-account';
import { blueprintExecutionPattern, portfolioPrincipalPatterns } from '../products/falcon-baseline/definition';
import { OU_ID } from '../vocabulary';
import type { Manifest } from './schema';

/** Service Catalog's quota on principals associated with one portfolio (IAM_PATTERN associations included). */
export const MAX_PORTFOLIO_PRINCIPALS = 10;

const PRINCIPAL_PARTITION = /^arn:([^:]+):/;

function principalChecks(manifest: Manifest): Finding[] {
  const { principals } = manifest.portfolio;
  const partition = manifest.organization.partition;
  const path = ['portfolio', 'principals'];
  const findings: Finding[] = duplicatesIn(principals, path, 'principal');
  const associated = portfolioPrincipalPatterns(manifest);
  if (associated.length > MAX_PORTFOLIO_PRINCIPALS) {
    const blueprintNote =
      associated.length > principals.length
        ? ` plus ${blueprintExecutionPattern(partition)}, which blueprint.enabled adds for Account Factory`
        : '';
    findings.push(
      error(
        path,
        `${principals.length} principals listed${blueprintNote}; Service Catalog associates at most ` +
          `${MAX_PORTFOLIO_PRINCIPALS} with a portfolio: merge them with wildcards ` +
          '(for example role/aws-reserved/sso.amazonaws.com/*/AWSReservedSSO_Falcon*)',
      ),
    );
  }
  principals.forEach((principal, index) => {
    const principalPartition = PRINCIPAL_PARTITION.exec(principal)?.[1];
    if (principalPartition !== partition) {
      findings.push(
        error(
          [...path, index],
          `principal is in partition ${principalPartition}, but organization.partition is ${partition}: ` +
            `write it as arn:${partition}:iam:::role/...`,
        ),
      );
    } else if (/:role\/\*$/.test(principal)) {
      findings.push(
        warning(
          [...path, index],
          'this pattern matches every role in every account the portfolio is shared with, so any of them can ' +
            'launch Falcon products; narrow it to the roles of the people who should',
        ),
      );
    }
  });
  return findings;
}

function shareTargetChecks(manifest: Manifest): Finding[] {
  const { shareWith, tagOptions } = manifest.portfolio;
  const path = ['portfolio', 'shareWith'];
  const findings: Finding[] = [
    ...duplicatesIn(shareWith.organizationalUnits, [...path, 'organizationalUnits'], 'OU'),
    ...duplicatesIn(shareWith.accounts, [...path, 'accounts'], 'account'),
    ...Object.entries(tagOptions).flatMap(([key, values]) =>
      duplicatesIn(values, ['portfolio', 'tagOptions', key], 'TagOption value'),
    ),
  ];
  if (shareWith.organization && shareWith.organizationalUnits.length > 0) {
    findings.push(
      warning(
        [...path, 'organizationalUnits'],
        'organization: true already shares the portfolio with every OU; these OU shares are redundant',
      ),
    );
  }
  return findings;
}

/** True when an OU path is the shared path or lies below it. */
function pathCovers(sharedPath: string, target: string): boolean {
  return target === sharedPath || target.startsWith(`${sharedPath}/`);
}

/**
 * Warnings for assignment targets the portfolio share provably cannot reach. Provably only: an OU ID or an account
 * may sit under a shared OU, which only the organisation knows, so those are judged at run time, not here.
 */
function shareCoverageWarnings(manifest: Manifest): Finding[] {
  const { shareWith } = manifest.portfolio;
  if (shareWith.organization || shareWith.organizationalUnits.some((ref) => OU_ID.test(ref))) return [];
  const findings: Finding[] = [];
  const hub = hubAccountOf(manifest);
  manifest.assignments.forEach((assignment, index) => {
    const targets = ['assignments', index, 'targets'];
    assignment.targets.organizationalUnits.forEach((ref, j) => {
      if (OU_ID.test(ref) || shareWith.organizationalUnits.some((shared) => pathCovers(shared, ref))) return;
      findings.push(
        warning(
          [...targets, 'organizationalUnits', j],
          `the portfolio is not shared with ${ref} (portfolio.shareWith), ` +
            `so its accounts cannot launch ${assignment.product}`,
        ),
      );
    });
    if (shareWith.organizationalUnits.length > 0) return;
    assignment.targets.accounts.forEach((account, j) => {
      if (account === hub || shareWith.accounts.includes(account)) return;
      findings.push(
        warning(
          [...targets, 'accounts', j],
          `the portfolio is not shared with account ${account} (portfolio.shareWith), ` +
            `so it cannot launch ${assignment.product}`,
        ),
      );
    });
  });
  return findings;
}

export function portfolioChecks(manifest: Manifest): Finding[] {
  return [...principalChecks(manifest), ...shareTargetChecks(manifest), ...shareCoverageWarnings(manifest)];
}
