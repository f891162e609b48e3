/**
 * Why the first two versions of every product that creates roles are retired (`ProductVersion.retired`). CDK-free.
 */
export const RETIRED_FREE_FORM =
  'Retired: takes the CrowdStrike account, role, external ID and event bus as free-form parameters, so a launch by ' +
  'hand could trust or forward to any account, and its roles take any permissions boundary or none. Products on it ' +
  'are moved to the first launchable version, then to the newest.';

export const RETIRED_FREE_BOUNDARY =
  'Retired: its roles take any permissions boundary or none, and from launch role v1.4.0 the launch role creates ' +
  'roles only under the product boundary. Products on it are moved to the first launchable version, then to the newest.';
