/**
 * The EventBridge patterns the lifecycle automation listens to (docs/decisions.md#lifecycle-events-handled; shapes from the Control Tower guide's "Lifecycle events" page).
 * Both SUCCEEDED and FAILED states are delivered: failures are recorded, not provisioned against.
 */
import type { EventPattern } from 'aws-cdk-lib/aws-events';

export const CONTROL_TOWER_EVENTS = [
  'CreateManagedAccount',
  'UpdateManagedAccount',
  'RegisterOrganizationalUnit',
  'EnableBaseline',
  'ResetEnabledBaseline',
] as const;

/** Organizations API calls that change which products an account should have. */
export const ORGANIZATIONS_EVENTS = ['MoveAccount', 'CloseAccount'] as const;

export function lifecycleEventPatterns(): Record<string, EventPattern> {
  return {
    ControlTowerLifecycle: {
      source: ['aws.controltower'],
      detailType: ['AWS Service Event via CloudTrail'],
      detail: { eventName: [...CONTROL_TOWER_EVENTS] },
    },
    OrganizationsChanges: {
      source: ['aws.organizations'],
      detailType: ['AWS API Call via CloudTrail'],
      detail: { eventName: [...ORGANIZATIONS_EVENTS] },
    },
  };
}
