#!/usr/bin/env bash
# Installs, idempotently: the Falcon operator (pinned release manifest, verified by SHA-256), then the node sensor
# or, on a Fargate-only cluster, the sidecar injector, the admission controller when enabled, and the (deprecated)
# Kubernetes protection agent when explicitly enabled.
#
# What reaches the cluster, and nothing more (docs/eks-protection.md lists it with the reasons):
# - always: the customer ID (CID) and image references pinned by digest;
# - CrowdStrike registry: an image pull secret (the registry pull token) in the Falcon namespaces that pull images;
# - Fargate-only cluster with the CrowdStrike registry: the installer client itself, for the operator, because the
#   sidecar injector needs a pull secret in every namespace it injects into, namespaces created later included;
# - protection agent (opt-in, past end of support): the installer client in its Helm values.
# The organisation's Falcon client never reaches this build: it has no access to that secret.
source "$(dirname "$0")/common.sh"
source "$(dirname "$0")/falcon-api.sh"
require CLUSTER_NAME CLUSTER_ARN NODE_TYPE REGISTRY BACKEND ENABLE_KAC ENABLE_KPA FALCON_OPERATOR_VERSION FALCON_OPERATOR_SHA256 \
  FALCON_CLOUD FALCON_REGISTRY NODE_SENSOR_REPOSITORY CONTAINER_SENSOR_REPOSITORY KAC_REPOSITORY

PULL_SECRET="falcon-registry-pull"
CLIENT_SECRET_NAMESPACE="falcon-operator"
CLIENT_SECRET_NAME="falcon-installer-client"
work="$(mktemp -d)"
trap 'rm -rf "${work}"' EXIT

[[ "${NODE_TYPE}" == "nodegroup" || "${NODE_TYPE}" == "fargate" ]] || fail "NODE_TYPE must be nodegroup or fargate, got ${NODE_TYPE}"
[[ "${BACKEND}" == "kernel" || "${BACKEND}" == "bpf" ]] || fail "BACKEND must be kernel or bpf"

# --- what this cluster gets, resolved here in the hub ------------------------------------------------------
falcon_login
cid="$(falcon_cid)"
if [[ "${REGISTRY}" == "crowdstrike" ]]; then
  falcon_pull_token "${cid}"
  node_image="$(falcon_image "${NODE_SENSOR_REPOSITORY}")"
  kac_image="$(falcon_image "${KAC_REPOSITORY}")"
else
  require NODE_SENSOR_IMAGE CONTAINER_SENSOR_IMAGE KAC_IMAGE
  node_image="${NODE_SENSOR_IMAGE}"
  kac_image="${KAC_IMAGE}"
  container_image="${CONTAINER_SENSOR_IMAGE}"
fi

namespace() {
  kubectl create namespace "$1" --dry-run=client -o yaml | kubectl apply -f - >/dev/null
}

# The registry pull secret in a namespace whose pods pull CrowdStrike's images.
pull_secret_in() {
  namespace "$1"
  falcon_pull_secret "$1" "${PULL_SECRET}"
  kubectl apply -f "${work}/pull-secret-$1.yaml" >/dev/null
  rm -f "${work}/pull-secret-$1.yaml"
}

image_pull_secrets() {
  # $1: indentation. Only the CrowdStrike registry needs one; ECR pulls use the nodes' or pods' own role.
  [[ "${REGISTRY}" == "crowdstrike" ]] && printf '%simagePullSecrets:\n%s  - name: %s\n' "$1" "$1" "${PULL_SECRET}"
  return 0
}

# --- operator ---------------------------------------------------------------------------------------------
fetch_verified \
  "https://github.com/CrowdStrike/falcon-operator/releases/download/v${FALCON_OPERATOR_VERSION}/falcon-operator.yaml" \
  "${FALCON_OPERATOR_SHA256}" "${work}/falcon-operator.yaml"
kubectl apply --server-side --force-conflicts -f "${work}/falcon-operator.yaml" >/dev/null
kubectl -n falcon-operator rollout status deployment/falcon-operator-controller-manager --timeout=300s

# --- sensor -----------------------------------------------------------------------------------------------
if [[ "${NODE_TYPE}" == "nodegroup" ]]; then
  [[ "${REGISTRY}" == "crowdstrike" ]] && pull_secret_in falcon-system
  {
    printf 'apiVersion: falcon.crowdstrike.com/v1alpha1\nkind: FalconNodeSensor\nmetadata:\n  name: falcon-node-sensor\nspec:\n'
    printf '  falcon:\n    cid: %s\n' "${cid}"
    printf '  node:\n    backend: %s\n    image: %s\n' "${BACKEND}" "${node_image}"
    image_pull_secrets '    '
  } >"${work}/sensor.yaml"
elif [[ "${REGISTRY}" == "crowdstrike" ]]; then
  # The injector adds the sensor to pods of every namespace; only the operator, with the API, can give each of
  # them a pull secret as it appears. It reads the installer client from this secret (falconSecret).
  namespace "${CLIENT_SECRET_NAMESPACE}"
  printf 'falcon-client-id=%s\nfalcon-client-secret=%s\n' "${FALCON_CLIENT_ID}" "${FALCON_CLIENT_SECRET}" >"${work}/client.env"
  kubectl -n "${CLIENT_SECRET_NAMESPACE}" create secret generic "${CLIENT_SECRET_NAME}" --from-env-file="${work}/client.env" \
    --dry-run=client -o yaml >"${work}/client-secret.yaml"
  rm -f "${work}/client.env"
  kubectl apply -f "${work}/client-secret.yaml" >/dev/null
  rm -f "${work}/client-secret.yaml"
  {
    printf 'apiVersion: falcon.crowdstrike.com/v1alpha1\nkind: FalconContainer\nmetadata:\n  name: falcon-sidecar-sensor\nspec:\n'
    printf '  falcon_api:\n    cloud_region: %s\n' "${FALCON_CLOUD}"
    printf '  falconSecret:\n    enabled: true\n    namespace: %s\n    secretName: %s\n' "${CLIENT_SECRET_NAMESPACE}" "${CLIENT_SECRET_NAME}"
    printf '  registry:\n    type: crowdstrike\n'
    [[ -z "${SENSOR_VERSION:-}" ]] || printf '  version: "%s"\n' "${SENSOR_VERSION}"
  } >"${work}/sensor.yaml"
else
  {
    printf 'apiVersion: falcon.crowdstrike.com/v1alpha1\nkind: FalconContainer\nmetadata:\n  name: falcon-sidecar-sensor\nspec:\n'
    printf '  falcon:\n    cid: %s\n' "${cid}"
    printf '  image: %s\n  registry:\n    type: ecr\n' "${container_image}"
  } >"${work}/sensor.yaml"
fi
kubectl apply -f "${work}/sensor.yaml" >/dev/null
log "sensor applied (${NODE_TYPE}, ${REGISTRY} registry)"

# --- admission controller (optional) ----------------------------------------------------------------------
if [[ "${ENABLE_KAC}" == "true" ]]; then
  [[ "${REGISTRY}" == "crowdstrike" ]] && pull_secret_in falcon-kac
  {
    printf 'apiVersion: falcon.crowdstrike.com/v1alpha1\nkind: FalconAdmission\nmetadata:\n  name: falcon-admission\nspec:\n'
    printf '  falcon:\n    cid: %s\n' "${cid}"
    printf '  image: %s\n  registry:\n    type: %s\n' "${kac_image}" "${REGISTRY}"
    [[ "${REGISTRY}" == "crowdstrike" ]] && printf '  admissionConfig:\n' && image_pull_secrets '    '
  } >"${work}/kac.yaml"
  kubectl apply -f "${work}/kac.yaml" >/dev/null
  log "admission controller applied"
fi

# --- Kubernetes protection agent: past end of support, only when explicitly enabled -----------------------
if [[ "${ENABLE_KPA}" == "true" ]]; then
  CID="${cid}" WORK="${work}" bash "$(dirname "$0")/install-protection-agent.sh"
fi
log "done: ${CLUSTER_ARN}"
