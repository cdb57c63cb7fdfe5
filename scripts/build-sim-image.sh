#!/usr/bin/env bash
# Builds the simulator image from a checkout: `npm run build`, then `contract-kit image build`
# (the same command an installed package runs; see docker/sim.Dockerfile and
# docker/stage-sim-image.mjs), with a fast path for the test suite when nothing changed.
#
#   scripts/build-sim-image.sh [--skip-compile] [--force] [--tag <image>]
#
#   --skip-compile  use dist/ as it is instead of running `npm run build` first
#   --force         build even when the image was built from the same inputs
#   --tag           image name (default: $CONTRACT_KIT_SIM_IMAGE or contract-kit-sim:<package version>)
#
# Skipped when nothing changed: first here, by a fingerprint of the inputs' sizes and mtimes (no
# staging at all), then by `image build` itself, by the hash of the staged context stored as an
# image label. Otherwise the layer cache keeps node and node_modules when only code changed.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
version=$(node -p "require('$root/package.json').version")
tag="${CONTRACT_KIT_SIM_IMAGE:-contract-kit-sim:$version}"
compile=1
force=0
while [ $# -gt 0 ]; do
  case "$1" in
    --skip-compile) compile=0 ;;
    --force) force=1 ;;
    --tag) tag="${2:?--tag needs an image name}"; shift ;;
    -h|--help) sed -n '2,14p' "$0"; exit 0 ;;
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
mkdir -p "$(dirname "$stamp")"
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

force_flag=()
if [ "$force" -eq 1 ]; then force_flag=(--force); fi
node dist/src/cli/main.js image build --tag "$tag" "${force_flag[@]}"
echo "$fingerprint $(docker image inspect --format '{{.Id}}' "$tag")" >"$stamp"
say "total $(( $(now_ms) - started )) ms"
