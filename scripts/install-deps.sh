#!/usr/bin/env bash
# Installs the Debian 12 packages Strata builds with, if any are missing.
# Runs apt-get directly as root, through sudo otherwise. Safe to run again: it does nothing
# when everything is present.
set -euo pipefail

packages=(
  cmake ninja-build g++ pkg-config clang libclang-rt-14-dev
  libboost1.81-dev libboost-json1.81-dev libboost-filesystem1.81-dev
  libfmt-dev libgtest-dev libgmock-dev libbenchmark-dev zlib1g-dev
  libvulkan-dev glslc mesa-vulkan-drivers vulkan-tools
  dataset-fashion-mnist
)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -eq 0 ]; then
  apt_get=(apt-get)
elif command -v sudo >/dev/null; then
  apt_get=(sudo apt-get)
else
  echo "strata: missing packages: ${missing[*]}" >&2
  echo "strata: run as root or install sudo, or install them yourself with apt-get" >&2
  exit 1
fi

echo "strata: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
"${apt_get[@]}" update -qq
"${apt_get[@]}" install -y -qq --no-install-recommends "${missing[@]}"
