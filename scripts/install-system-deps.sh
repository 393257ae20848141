#!/usr/bin/env bash
# Installs the system packages Spinplan's tests need on Debian/Ubuntu: ngspice (the
# reference simulator the solver is checked against), chromium (headless browser for
# the end-to-end UI tests) and klayout (the layout viewer that reads the GDSII export
# back in batch mode, `klayout -b`, and renders it to PNG without a display), slurm-wlm
# and munge (a single-node Slurm, started by scripts/slurm-local.sh, that the sweep's
# Slurm test submits a job array to). Skips what is already there; needs root or sudo
# otherwise.
set -euo pipefail

need=()
command -v ngspice >/dev/null 2>&1 || need+=(ngspice)
[ -x /usr/bin/chromium ] || need+=(chromium)
command -v klayout >/dev/null 2>&1 || need+=(klayout)
command -v slurmctld >/dev/null 2>&1 || need+=(slurm-wlm)
command -v munged >/dev/null 2>&1 || need+=(munge)

if [ ${#need[@]} -eq 0 ]; then
  echo "system packages: ngspice, chromium, klayout, slurm-wlm and munge are installed"
  exit 0
fi

if [ "$(id -u)" -eq 0 ]; then
  sudo=()
elif command -v sudo >/dev/null 2>&1; then
  sudo=(sudo)
else
  echo "error: need root or sudo to install: ${need[*]} (apt-get install ${need[*]})" >&2
  exit 1
fi

echo "system packages: installing ${need[*]}"
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update -qq
"${sudo[@]}" apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
command -v ngspice >/dev/null && [ -x /usr/bin/chromium ] && command -v klayout >/dev/null &&
  command -v slurmctld >/dev/null && command -v munged >/dev/null &&
  echo "system packages: installed ${need[*]}"
