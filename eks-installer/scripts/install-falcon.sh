#!/usr/bin/env bash
# Installs, idempotently: the Falcon operator (pinned release manifest, verified by SHA-256), the API credential
# as a Kubernetes secret the operator reads, then the node sensor (kernel or bpf backend) or the Fargate sidecar
# injector, the admission controller when enabled, and the Kubernetes protection agent chart (pinned, verified).
# Images come from CrowdStrike's registry (the operator pulls them with the API credential) or the ECR mirror.
source "$(dirname "$0")/common.sh"
require CLUSTER_NAME CLUSTER_ARN NODE_TYPE REGISTRY BACKEND ENABLE_KAC ENABLE_KPA FALCON_OPERATOR_VERSION FALCON_OPERATOR_SHA256

SECRET_NAMESPACE="falcon-secrets"
SECRET_NAME="falcon-api-credentials"
work="$(mktemp -d)"
trap 'rm -rf "${work}"' EXIT

# --- operator ---------------------------------------------------------------------------------------------
fetch_verified \
  "https://github.com/CrowdStrike/falcon-operator/releases/download/v${FALCON_OPERATOR_VERSION}/falcon-operator.yaml" \
  "${FALCON_OPERATOR_SHA256}" "${work}/falcon-operator.yaml"
kubectl apply --server-side --force-conflicts -f "${work}/falcon-operator.yaml" >/dev/null
kubectl -n falcon-operator rollout status deployment/falcon-operator-controller-manager --timeout=300s

# --- API credential, as a Kubernetes secret (never in a custom resource, never on a command line) ---------
kubectl create namespace "${SECRET_NAMESPACE}" --dry-run=client -o yaml | kubectl apply -f - >/dev/null
require FALCON_CLIENT_ID FALCON_CLIENT_SECRET
printf 'falcon-client-id=%s\nfalcon-client-secret=%s\n' "${FALCON_CLIENT_ID}" "${FALCON_CLIENT_SECRET}" >"${work}/falcon.env"
kubectl -n "${SECRET_NAMESPACE}" create secret generic "${SECRET_NAME}" --from-env-file="${work}/falcon.env" \
  --dry-run=client -o yaml >"${work}/secret.yaml"
rm -f "${work}/falcon.env"
kubectl apply -f "${work}/secret.yaml" >/dev/null
rm -f "${work}/secret.yaml"

falcon_api_block() {
  cat <<YAML
  falcon_api:
    cloud_region: autodiscover
  falconSecret:
    enabled: true
    namespace: ${SECRET_NAMESPACE}
    secretName: ${SECRET_NAME}
YAML
}

image_line() {
  # $1: indentation, $2: variable holding the mirrored image (ECR registry only).
  if [[ "${REGISTRY}" == "ecr" ]]; then
    require "$2"
    printf '%simage: %s\n' "$1" "${!2}"
  fi
}

# --- sensor -----------------------------------------------------------------------------------------------
case "${NODE_TYPE}" in
  nodegroup)
    [[ "${BACKEND}" == "kernel" || "${BACKEND}" == "bpf" ]] || fail "BACKEND must be kernel or bpf"
    {
      printf 'apiVersion: falcon.crowdstrike.com/v1alpha1\nkind: FalconNodeSensor\nmetadata:\n  name: falcon-node-sensor\nspec:\n'
      falcon_api_block
      printf '  node:\n    backend: %s\n' "${BACKEND}"
      image_line '    ' NODE_SENSOR_IMAGE
    } >"${work}/sensor.yaml"
    ;;
  fargate)
    {
      printf 'apiVersion: falcon.crowdstrike.com/v1alpha1\nkind: FalconContainer\nmetadata:\n  name: falcon-sidecar-sensor\nspec:\n'
      falcon_api_block
      printf '  registry:\n    type: %s\n' "$([[ "${REGISTRY}" == "ecr" ]] && echo ecr || echo crowdstrike)"
      image_line '  ' CONTAINER_SENSOR_IMAGE
    } >"${work}/sensor.yaml"
    ;;
  *) fail "NODE_TYPE must be nodegroup or fargate, got ${NODE_TYPE}" ;;
esac
kubectl apply -f "${work}/sensor.yaml" >/dev/null
log "sensor applied (${NODE_TYPE})"

# --- admission controller (optional) ----------------------------------------------------------------------
if [[ "${ENABLE_KAC}" == "true" ]]; then
  {
    printf 'apiVersion: falcon.crowdstrike.com/v1alpha1\nkind: FalconAdmission\nmetadata:\n  name: falcon-admission\nspec:\n'
    falcon_api_block
    printf '  registry:\n    type: %s\n' "$([[ "${REGISTRY}" == "ecr" ]] && echo ecr || echo crowdstrike)"
    image_line '  ' KAC_IMAGE
  } >"${work}/kac.yaml"
  kubectl apply -f "${work}/kac.yaml" >/dev/null
  log "admission controller applied"
fi

# --- Kubernetes protection agent (pinned chart, verified) -------------------------------------------------
if [[ "${ENABLE_KPA}" == "true" ]]; then
  bash "$(dirname "$0")/install-protection-agent.sh"
fi
log "done: ${CLUSTER_ARN}"
