#!/usr/bin/env bash
# Removes the installer's access entry again (with its policy association), so the hub holds no standing access
# to any cluster. A missing entry is not an error: the grant may not have got that far.
source "$(dirname "$0")/common.sh"
require CLUSTER_NAME CLUSTER_REGION CLUSTER_ACCOUNT_ID PARTITION EXECUTION_ROLE_NAME INSTALLER_ROLE_ARN

if member_aws eks describe-access-entry --cluster-name "${CLUSTER_NAME}" --principal-arn "${INSTALLER_ROLE_ARN}" >/dev/null 2>&1; then
  member_aws eks delete-access-entry --cluster-name "${CLUSTER_NAME}" --principal-arn "${INSTALLER_ROLE_ARN}" >/dev/null
  log "access entry removed"
else
  log "no access entry to remove"
fi
rm -f "${KUBECONFIG:-/tmp/falcon-kube/config}"
