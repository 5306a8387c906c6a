#!/usr/bin/env bash
# Installs the Debian packages named as arguments when any is missing: as root with apt-get,
# otherwise it prints the exact command to run and fails.
set -euo pipefail
if ! command -v dpkg-query >/dev/null 2>&1; then
  echo "note: not a Debian system; make sure ICU (icu4c), OpenBLAS and the Unicode data files are installed" >&2
  exit 0
fi
missing=()
for package in "$@"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -eq 0 ]; then
  echo "installing ${missing[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq "${missing[@]}" >/dev/null
else
  echo "Quill needs these Debian packages: ${missing[*]}" >&2
  echo "run:  sudo apt-get install -y ${missing[*]}" >&2
  exit 1
fi
