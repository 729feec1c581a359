#!/usr/bin/env bash
# Removes what scripts/install.sh installed: the units, /opt/qulo and the commands in PREFIX/bin.
# Keeps /etc/qulo, /etc/conf.d/qulo, /var/log/qulo and the user qulo: they hold the admin's
# settings and the history, and go only by hand.
set -euo pipefail
script_name=uninstall.sh
# shellcheck source=scripts/install-common.sh
. "$(dirname "${BASH_SOURCE[0]}")/install-common.sh"

parse_arguments "Usage: scripts/uninstall.sh [--prefix /usr/local] [--root DIR]

Stops and removes the qulo-master and qulo-agent units (systemd or OpenRC), /opt/qulo and the
qagent, qmaster and qulo links in PREFIX/bin. Keeps /etc/qulo, /etc/conf.d/qulo, /var/log/qulo
and the system user qulo. --root DIR removes from DIR as if it were / (no service is stopped).

Exit codes: 0 removed (or nothing was installed); 1 failed; 2 bad command line." "$@"

stop_services() {
  into_this_system || return 0
  local unit
  case $(init_system) in
    systemd)
      for unit in "${units[@]}"; do
        systemctl disable --now "$unit.service" 2>/dev/null || true
      done
      ;;
    openrc)
      for unit in "${openrc_scripts[@]}"; do
        if [ -x "$openrc_dir/$unit" ]; then
          rc-service "$unit" stop || true
          rc-update del "$unit" 2>/dev/null || true
        fi
      done
      ;;
  esac
}

remove() {
  if [ -e "$(at "$1")" ] || [ -L "$(at "$1")" ]; then
    rm -rf "$(at "$1")"
    echo "removed $1"
  fi
}

stop_services
for unit in "${units[@]}"; do
  remove "$systemd_dir/$unit.service"
done
for unit in "${openrc_scripts[@]}"; do
  remove "$openrc_dir/$unit"
done
if into_this_system && [ "$(init_system)" = systemd ]; then systemctl daemon-reload; fi
# Only links that point into /opt/qulo are ours.
for command in "${programs[@]}" qulo; do
  link=$(at "$prefix/bin/$command")
  if [ -L "$link" ] && [[ $(readlink "$link") == "$opt_dir/"* ]]; then
    remove "$prefix/bin/$command"
  fi
done
remove "$opt_dir"
echo "kept $config_dir, $conf_d/qulo, $log_dir and the user qulo (remove them by hand if wanted)"
