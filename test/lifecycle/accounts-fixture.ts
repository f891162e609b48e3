/** Account contexts shaped like the organisation in the example manifest. */
import type { AccountContext, AccountStatus } from '../../lifecycle-handlers/core/types';

const ROOT = { id: 'r-exmp', path: 'Root' };
const WORKLOADS = { id: 'ou-exmp-11111111', path: 'Root/Workloads' };
const PROD = { id: 'ou-exmp-22222222', path: 'Root/Workloads/Prod' };
const SANDBOX = { id: 'ou-exmp-33333333', path: 'Root/Sandbox' };
const SECURITY = { id: 'ou-exmp-44444444', path: 'Root/Security' };

export const OUS = { ROOT, WORKLOADS, PROD, SANDBOX, SECURITY };

export function accountIn(
  id: string,
  ancestors: AccountContext['ancestors'],
  status: AccountStatus = 'ACTIVE',
): AccountContext {
  return { id, status, ancestors };
}

export const prodAccount = accountIn('222222222222', [ROOT, WORKLOADS, PROD]);
export const sandboxAccount = accountIn('333333333333', [ROOT, SANDBOX]);
export const securityAccount = accountIn('666666666666', [ROOT, SECURITY]);
export const excludedAccount = accountIn('555555555555', [ROOT, WORKLOADS]);
