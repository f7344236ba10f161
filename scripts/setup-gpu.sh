#!/usr/bin/env bash
# GPU setup for quality scoring on an NVIDIA machine (see docs/gpu.md):
#  - CUDA: fetches onnxruntime-node's CUDA 12 execution-provider libraries, which its install script
#    downloads from outside the npm registry (that script is skipped by a normal `npm ci` here).
#  - WebGPU: makes sure the Vulkan loader is installed (the NVIDIA driver supplies the Vulkan driver).
# Then `proofsheet doctor` shows which providers load.
set -euo pipefail
cd "$(dirname "$0")/.."
echo "== CUDA execution provider (onnxruntime-node, CUDA 12)"
if ONNXRUNTIME_NODE_INSTALL=cuda12 node node_modules/onnxruntime-node/script/install.js; then
  echo "CUDA provider libraries installed."
else
  echo "Could not fetch the CUDA provider libraries (no access to their download site?); WebGPU or CPU will be used." >&2
fi
echo "== WebGPU execution provider (needs the Vulkan loader)"
if ldconfig -p 2>/dev/null | grep -q 'libvulkan.so.1'; then
  echo "Vulkan loader present."
elif [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  apt-get install -y libvulkan1 libglvnd0 libglx0 libegl1 || { apt-get update && apt-get install -y libvulkan1 libglvnd0 libglx0 libegl1; }
else
  echo "Install the Vulkan loader as root: apt-get install -y libvulkan1 libglvnd0 libglx0 libegl1" >&2
fi
