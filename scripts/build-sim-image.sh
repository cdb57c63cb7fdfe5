#!/usr/bin/env bash
# Builds `contract-kit-sim:local`, the four simulators in one image, with no registry access:
# FROM scratch plus node, its libraries, the production packages and the built app copied from
# this machine (see docker/sim.Dockerfile and docker/stage-sim-image.mjs).
#
#   scripts/build-sim-image.sh [--skip-compile] [--force] [--tag <image>]
#
#   --skip-compile  use dist/ as it is instead of running `npm run build` first
#   --force         build even when the image was built from the same inputs
#   --tag           image name (default: $CONTRACT_KIT_SIM_IMAGE or contract-kit-sim:local)
#
# Skipped when nothing changed: first by a fingerprint of the inputs' sizes and mtimes, then by
# the hash of the staged context, stored as an image label. Otherwise the layer cache keeps node
# and node_modules when only code changed.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
tag="${CONTRACT_KIT_SIM_IMAGE:-contract-kit-sim:local}"
compile=1
force=0
while [ $# -gt 0 ]; do
  case "$1" in
    --skip-compile) compile=0 ;;
    --force) force=1 ;;
    --tag) tag="${2:?--tag needs an image name}"; shift ;;
    -h|--help) sed -n '2,13p' "$0"; exit 0 ;;
    *) echo "build-sim-image: unknown argument $1" >&2; exit 2 ;;
  esac
  shift
done

say() { printf 'build-sim-image: %s\n' "$*" >&2; }
now_ms() { date +%s%3N; }

if ! docker info >/dev/null 2>&1; then
  say "no Docker engine answers; run scripts/docker-engine.sh first"
  exit 1
fi

started=$(now_ms)
cd "$root"
if [ "$compile" -eq 1 ]; then
  say "compiling (npm run build)"
  npm run --silent build
fi

# Cheap first check, before staging copies ~150 MB: sizes and mtimes of every input, stored
# with the id of the image built from them.
stamp="$root/.cache/sim-image/fingerprint"
fingerprint=$( {
  node --version
  stat -L -c '%n %s %Y' "$(command -v node)"
  find dist specs docker package.json package-lock.json -type f -printf '%p %s %T@\n' | LC_ALL=C sort
} | sha256sum | cut -c1-32)
image_id=$(docker image inspect --format '{{.Id}}' "$tag" 2>/dev/null || true)
if [ "$force" -eq 0 ] && [ -n "$image_id" ] && [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$fingerprint $image_id" ]; then
  say "$tag is up to date (inputs unchanged since it was built), $(( $(now_ms) - started )) ms"
  exit 0
fi

context="$root/.cache/sim-image/context"
node docker/stage-sim-image.mjs "$context" >&2

inputs_hash=$(cd "$context" && find . -type f -print0 | LC_ALL=C sort -z | xargs -0 sha256sum | sha256sum | cut -c1-32)
current_hash=$(docker image inspect --format '{{ index .Config.Labels "io.contract-kit.inputs" }}' "$tag" 2>/dev/null || true)
if [ "$force" -eq 0 ] && [ "$current_hash" = "$inputs_hash" ]; then
  echo "$fingerprint $image_id" >"$stamp"
  say "$tag is up to date (inputs $inputs_hash), $(( $(now_ms) - started )) ms"
  exit 0
fi

# The engine's legacy builder needs no buildx plugin (Debian's docker.io has none); BuildKit is
# used when the plugin is there.
if docker buildx version >/dev/null 2>&1; then builder=1; else builder=0; fi
build_started=$(now_ms)
# Output only on failure: the legacy builder's deprecation notice is noise otherwise.
if ! output=$(DOCKER_BUILDKIT=$builder docker build --quiet \
  --label "io.contract-kit.inputs=$inputs_hash" \
  --tag "$tag" "$context" 2>&1); then
  printf '%s\n' "$output" >&2
  say "docker build failed"
  exit 1
fi
new_id=$(docker image inspect --format '{{.Id}}' "$tag")
echo "$fingerprint $new_id" >"$stamp"
# The image this one replaces is left untagged; remove it unless a container still uses it.
if [ -n "$image_id" ] && [ "$image_id" != "$new_id" ]; then
  docker image rm "$image_id" >/dev/null 2>&1 || true
fi
size=$(docker image inspect --format '{{.Size}}' "$tag")
say "built $tag in $(( $(now_ms) - build_started )) ms (total $(( $(now_ms) - started )) ms), $(( size / 1024 / 1024 )) MiB, inputs $inputs_hash"
