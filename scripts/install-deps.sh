#!/usr/bin/env bash
# Installs what QULo's tests and demo use from Debian: psutil (the reference for sensor values),
# carbon-cache, graphite-web and whisper (the real Graphite), munge and Slurm (a private one-node cluster for
# the SlurmJobs end-to-end test), gcc (builds the stand-in NVML library of the GPU end-to-end test), iproute2
# (ip: a test adds an address to lo and removes it).
# Only what is missing is installed.
set -euo pipefail
packages=(python3-psutil python3-whisper graphite-carbon graphite-web munge slurmctld slurmd slurm-client gcc iproute2)
missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if ((${#missing[@]})); then
  echo "installing ${missing[*]}"
  sudo_cmd=(); [ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
  "${sudo_cmd[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
# Debian starts carbon-cache as a system service on install; the tests run their own on other ports.
