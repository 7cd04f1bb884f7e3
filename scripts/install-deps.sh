#!/usr/bin/env bash
# Installs the Debian packages the build needs, only those missing (idempotent).
set -euo pipefail
packages=(
  cmake g++ make pkg-config
  libsystemc-dev libeigen3-dev libhwy-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  libpng-dev zlib1g-dev libtiff-dev libopenexr-dev
  nlohmann-json3-dev libcli11-dev
  libraw-dev dcraw
)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
echo "install-deps: installing ${missing[*]}"
if [ "$(id -u)" -ne 0 ]; then
  SUDO=sudo
else
  SUDO=
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
