#!/usr/bin/env bash
# nanomech: set up a Debian 12 machine, build, and run.
#   ./build.sh example   install what is missing, build, run params/default.prm
#                        on all local cores
#   ./build.sh test      install what is missing, build, run the test suite
#   ./build.sh build     install what is missing and build only
# The program is build/nanomech; the build directory is build/. The Python,
# ParaView and SLURM packages serve postprocess/, jobs/ and their tests.
set -euo pipefail
cd "$(dirname "$0")"

mode=${1:-}
case "$mode" in
  example|test|build) ;;
  *) echo "usage: ./build.sh example|test|build" >&2; exit 2 ;;
esac

packages=(cmake ninja-build g++ ccache git python3 clang-format
          libdeal.ii-dev petsc-dev libopenmpi-dev openmpi-bin
          googletest libgtest-dev
          python3-numpy python3-pandas python3-scipy python3-matplotlib python3-pil
          python3-paraview paraview xvfb
          slurm-wlm munge)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" \
    || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "== Installing Debian packages: ${missing[*]}"
  sudo=()
  [ "$(id -u)" = 0 ] || sudo=(sudo)
  "${sudo[@]}" apt-get update -q
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -q \
    --no-install-recommends "${missing[@]}"
fi

jobs=$(nproc)
# deal.II translation units need ~1.5 GB each; keep the build within memory.
mem_jobs=$(( $(awk '/MemAvailable/ {print $2}' /proc/meminfo) / 1500000 ))
[ "$mem_jobs" -ge 1 ] && [ "$mem_jobs" -lt "$jobs" ] && jobs=$mem_jobs

echo "== Building in build/ with $jobs jobs"
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build -j "$jobs"

if [ "$(id -u)" = 0 ]; then
  export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
fi

case "$mode" in
  example)
    echo "== Running params/default.prm on $(nproc) MPI ranks"
    mpirun --bind-to none -np "$(nproc)" build/nanomech params/default.prm
    ;;
  test)
    echo "== Running the test suite"
    cd build
    ctest -j "$(nproc)" --output-on-failure
    ;;
esac
