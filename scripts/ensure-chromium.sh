#!/usr/bin/env bash
# Makes sure Chromium is installed at /usr/bin/chromium, where the browser tests and the review
# client benchmark launch it through playwright-core (which downloads no browser of its own).
# Installs the Debian package `chromium` with apt when it is missing (root only; about 20 s and
# 110 MB). Without root it fails, naming what to install, rather than letting the browser tests
# be skipped. This script starts nothing.
set -euo pipefail

CHROMIUM=/usr/bin/chromium
if [ -x "$CHROMIUM" ]; then exit 0; fi

if [ "$(id -u)" != 0 ]; then
  echo "ensure-chromium: $CHROMIUM is missing and this is not root; install the Debian package chromium (apt-get install chromium)" >&2
  exit 1
fi
echo "ensure-chromium: installing chromium (about 110 MB)" >&2
export DEBIAN_FRONTEND=noninteractive
# Another apt run (an unattended upgrade, a benchmark installing its references) holds the dpkg lock
# for a while: wait for it rather than fail the suite.
APT=(apt-get -o DPkg::Lock::Timeout=600)
"${APT[@]}" install -y -q chromium >/dev/null 2>&1 || { "${APT[@]}" update -q >/dev/null && "${APT[@]}" install -y -q chromium >/dev/null; }
[ -x "$CHROMIUM" ] || { echo "ensure-chromium: $CHROMIUM still missing after installing chromium" >&2; exit 1; }
