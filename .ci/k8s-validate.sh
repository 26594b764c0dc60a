#!/usr/bin/env bash
# Offline validation of deploy/k8s and the GitHub workflow; installs its npm packages itself, needs kustomize v5.
#  1. renders every overlay under deploy/k8s/overlays with kustomize v5 and refuses any warning (deprecated fields);
#  2. validates every rendered object against the Kubernetes schemas (kubernetes-models), rejecting unknown fields,
#     and against our deployment policy (hardened securityContext, probes, resources, pinned image, no Secret, more
#     than one replica only on the Redis store, no PodDisruptionBudget that blocks node drains);
#  3. proves the validator bites (self-test on broken copies) and checks .github/workflows/*.yml parse.
# Any problem exits non-zero.
set -euo pipefail
cd "$(dirname "$0")/.."
here=.ci/k8s-validate
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

npm ci --prefix "$here" --no-audit --no-fund --loglevel=error >/dev/null

# kustomize v5 (kubectl 1.27 and later embed it; a standalone `kustomize` binary works too). The overlays use
# `resources` and `patches`, which the kustomize v2.0.3 of Debian's kubectl 1.20 cannot read; any warning kustomize
# prints (a deprecated field, for one) fails the check.
if command -v kustomize >/dev/null && kustomize version 2>/dev/null | grep -Eq 'v([5-9]|[1-9][0-9])\.'; then
  render=(kustomize build)
elif command -v kubectl >/dev/null && kubectl version --client 2>/dev/null | grep -Eq 'Kustomize Version: v([5-9]|[1-9][0-9])\.'; then
  render=(kubectl kustomize)
else
  echo "no kustomize v5: install a kubectl of 1.27 or later, or kustomize v5, on PATH" >&2; exit 1
fi

overlays=$(find deploy/k8s/overlays -mindepth 2 -maxdepth 2 -name kustomization.yaml -printf '%h\n' | sort)
[ -n "$overlays" ] || { echo "no overlays under deploy/k8s/overlays" >&2; exit 1; }
rendered=()
for overlay in $overlays; do
  name=$(basename "$overlay")
  "${render[@]}" "$overlay" >"$out/$name.yaml" 2>"$out/$name.err" \
    || { echo "kustomize failed on $overlay:" >&2; cat "$out/$name.err" >&2; exit 1; }
  if [ -s "$out/$name.err" ]; then
    echo "kustomize warns on $overlay (deprecated fields are refused):" >&2; cat "$out/$name.err" >&2; exit 1
  fi
  rendered+=("$out/$name.yaml")
done

node "$here/validate.mjs" manifests "${rendered[@]}"
node "$here/validate.mjs" self-test "${rendered[0]}"
node "$here/validate.mjs" workflow .github/workflows/*.yml
echo "k8s-validate: ${#rendered[@]} overlays valid"
