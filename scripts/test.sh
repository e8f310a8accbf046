#!/usr/bin/env bash
# Install what the tests need, then run them. Used by the README and by .ci/run.
#   Debian: chromium + a CJK font (browser tests of the HTML explorer),
#           virtuoso-opensource (a real triple store), raptor2-utils (rapper, an independent RDF checker).
#   Python: the package with its test extras.
set -euo pipefail
cd "$(dirname "$0")/.."
packages=(chromium fonts-wqy-microhei virtuoso-opensource raptor2-utils)
missing=()
for package in "${packages[@]}"; do
  dpkg -s "$package" >/dev/null 2>&1 || missing+=("$package")
done
if [ "${#missing[@]}" -gt 0 ]; then
  SUDO=""
  [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
python3 -m pip install --quiet --disable-pip-version-check -e ".[test]"
set +e
python3 -m pytest "$@"
status=$?
set -e
if [ "$status" -eq 5 ]; then
  echo "pytest collected no tests: treating as a failure" >&2
  exit 1
fi
exit "$status"
