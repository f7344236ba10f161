#!/usr/bin/env bash
# Builds a folder of real photographs for development, demos and benchmarks from Debian's
# lomiri wallpaper packages (Creative Commons photographs, 1.4–20 Mpx, JPEG, no camera EXIF).
# Each file name carries its photographer (<title>_by_<author>.jpg); the per-file licences
# (CC-BY-4.0, CC-BY-SA-3.0/4.0, CC0-1.0) are in the packages' usr/share/doc/lomiri-wallpapers-*/copyright.
# Usage: packages/testkit/corpus/build-samples.sh [OUT_DIR]   (default: ./samples-real)
# Needs apt-get (root) the first time; idempotent afterwards.
set -euo pipefail
OUT=${1:-./samples-real}
[ -f "$OUT/.complete" ] && { echo "$OUT"; exit 0; }
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
cd "$TMP"
apt-get download lomiri-wallpapers-16.04 lomiri-wallpapers-20.04 >/dev/null 2>&1 || {
  apt-get update >/dev/null && apt-get download lomiri-wallpapers-16.04 lomiri-wallpapers-20.04 >/dev/null; }
for f in *.deb; do dpkg -x "$f" x; done
cd - >/dev/null
mkdir -p "$OUT/landscapes" "$OUT/nature" "$OUT/city"
B="$TMP/x/usr/share/backgrounds"
cp "$B"/aitzgorri_by_*.jpg "$B"/picosdeeuropa_by_*.jpg "$B"/sunset_by_*.jpg "$B"/life_by_*.jpg "$B"/Fossa_by_*.jpg "$OUT/landscapes/"
cp "$B"/Dragonfly_by_*.jpg "$B"/Kleiber_by_*.jpg "$B"/seeding_by_*.jpg "$B"/greentock_by_*.jpg "$B"/free_by_*.jpg "$OUT/nature/"
cp "$B"/Bridge_by_*.jpg "$B"/Wine_by_*.jpg "$B"/friends_by_*.jpg "$B"/umang_by_*.jpg "$OUT/city/"
touch "$OUT/.complete"
echo "$OUT"
