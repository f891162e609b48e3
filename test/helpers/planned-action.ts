/** A planned action for tests of what the core and the bench derive from a plan (graph, minimum, critical path). */
import type { PlannedAction } from '../../lifecycle-handlers/core/types';

export const plannedAction = (
  kind: PlannedAction['kind'],
  productId: string,
  region: string,
  version?: string,
  extra: Partial<PlannedAction> = {},
): PlannedAction => ({
  kind,
  accountId: '210987654321',
  region,
  productId,
  provisionedProductName: `falcon-${productId}`,
  reason: 'test',
  parameterDiff: [],
  ...(version ? { version } : {}),
  ...extra,
});
