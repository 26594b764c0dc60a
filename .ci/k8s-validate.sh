#!/usr/bin/env bash
# Offline validation of deploy/k8s and the GitHub workflow; installs what it needs itself (npm, Debian).
#  1. renders every overlay under deploy/k8s/overlays with Debian's kubectl 1.20 (kustomize v2.0.3), and also with a
#     current kubectl (kustomize v4+) when one is on PATH, and requires both renderings to hold the same objects;
#  2. validates every rendered object against the Kubernetes schemas (kubernetes-models), rejecting unknown fields,
#     and against our deployment policy (hardened securityContext, probes, resources, pinned image, no Secret, more
#     than one replica only on the Redis store, no PodDisruptionBudget that blocks node drains);
#  3. proves the validator bites (self-test on broken copies) and checks .github/workflows/*.yml parse.
# Any problem exits non-zero.
set -euo pipefail
cd "$(dirname "$0")/.."
here=.ci/k8s-validate
cache=${K8S_VALIDATE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/airbyte-embedded-gateway}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
mkdir -p "$cache"

npm ci --prefix "$here" --no-audit --no-fund --loglevel=error >/dev/null

# Debian's kubectl 1.20, unpacked into the cache rather than installed (it would clash with other kubectl packages).
old_kubectl="$cache/kubernetes-client/usr/bin/kubectl"
if [ ! -x "$old_kubectl" ]; then
  (cd "$cache" && { apt-get download kubernetes-client >/dev/null 2>&1 \
      || { apt-get update -qq >/dev/null 2>&1 && apt-get download kubernetes-client >/dev/null 2>&1; }; } \
    && dpkg-deb -x kubernetes-client_*.deb kubernetes-client && rm -f kubernetes-client_*.deb) || true
fi
renderers=()
if [ -x "$old_kubectl" ]; then renderers+=("old:$old_kubectl"); fi
if command -v kubectl >/dev/null && kubectl version --client 2>/dev/null | grep -Eq 'Kustomize Version: v([4-9]|[1-9][0-9])'; then
  renderers+=("new:$(command -v kubectl)")
fi
case "${#renderers[@]}" in
  0) echo "no kustomize: Debian's kubernetes-client could not be fetched and no kubectl with kustomize v4+ is on PATH" >&2; exit 1 ;;
  1) echo "note: rendering with ${renderers[0]#*:} only (the other kustomize generation is not available here)" ;;
esac
first=${renderers[0]%%:*}

overlays=$(find deploy/k8s/overlays -mindepth 2 -maxdepth 2 -name kustomization.yaml -printf '%h\n' | sort)
[ -n "$overlays" ] || { echo "no overlays under deploy/k8s/overlays" >&2; exit 1; }
rendered=()
for overlay in $overlays; do
  name=$(basename "$overlay")
  for r in "${renderers[@]}"; do
    label=${r%%:*}
    "${r#*:}" kustomize "$overlay" >"$out/$name.$label.yaml" 2>"$out/$name.$label.err" \
      || { echo "kustomize ($label) failed on $overlay:" >&2; cat "$out/$name.$label.err" >&2; exit 1; }
  done
  rendered+=("$out/$name.$first.yaml")
  if [ "${#renderers[@]}" -gt 1 ]; then node "$here/validate.mjs" same "$out/$name.old.yaml" "$out/$name.new.yaml"; fi
done

node "$here/validate.mjs" manifests "${rendered[@]}"
node "$here/validate.mjs" self-test "${rendered[0]}"
node "$here/validate.mjs" workflow .github/workflows/*.yml
echo "k8s-validate: ${#rendered[@]} overlays valid"
