#!/usr/bin/env bash
# Installs QULo from this checkout: qagent and qmaster published self-contained into /opt/qulo,
# commands in PREFIX/bin, configurations in /etc/qulo (an admin's edited file is never
# overwritten), /var/log/qulo, and the systemd units or OpenRC scripts. See deploy/README.md.
set -euo pipefail
script_name=install.sh
# shellcheck source=scripts/install-common.sh
. "$(dirname "${BASH_SOURCE[0]}")/install-common.sh"

parse_arguments "Usage: scripts/install.sh [--prefix /usr/local] [--root DIR] [--no-units]

Publishes qagent and qmaster (self-contained, for this machine's architecture) into
/opt/qulo/{qagent,qmaster}, links qagent, qmaster and qulo into PREFIX/bin, installs
/etc/qulo/qagent.conf, /etc/qulo/qmaster.conf and /etc/conf.d/qulo unless they exist (then the
shipped file lands next to it as FILE.new), creates /var/log/qulo (0750) and the system user
qulo, and installs the systemd units (when systemd runs) or OpenRC scripts (when openrc-run is
there) unless --no-units. --root DIR installs into DIR as if it were / (packaging, tests): no
user is created and no service manager is told.

Exit codes: 0 installed; 1 failed (publish, permissions); 2 bad command line." "$@"

staging=$(mktemp -d "${TMPDIR:-/tmp}/qulo-install.XXXXXX")
trap 'rm -rf "$staging"' EXIT

runtime_identifier() {
  case $(uname -m) in
    x86_64 | amd64) echo linux-x64 ;;
    aarch64 | arm64) echo linux-arm64 ;;
    *) fail "no .NET runtime identifier for machine type $(uname -m) (linux-x64 and linux-arm64 are known)" ;;
  esac
}

# Self-contained when the runtime pack can be restored; else framework-dependent, which needs
# the .NET runtime on every machine, and says so.
publish() {
  local program=$1 project=$2 rid=$3 log="$staging/publish-$1.log"
  local common=("$repo/$project" -c Release -r "$rid" -o "$staging/$program"
    --artifacts-path "$staging/artifacts" -nologo -v quiet)
  echo "publishing $program for $rid"
  if dotnet publish "${common[@]}" --self-contained >"$log" 2>&1; then
    return
  fi
  echo "$script_name: warning: the self-contained publish of $program failed:" >&2
  grep -E "error|warn" "$log" | sort -u | tail -n 5 >&2 || tail -n 5 "$log" >&2
  echo "$script_name: warning: publishing $program framework-dependent: it needs the .NET 10 runtime installed" >&2
  rm -rf "${staging:?}/$program"
  dotnet publish "${common[@]}" --no-self-contained >"$log" 2>&1 || {
    cat "$log" >&2
    fail "dotnet publish of $project failed (see above)"
  }
}

# Replaces /opt/qulo/PROGRAM as a whole, so no file of an older version lingers.
install_program() {
  local program=$1 target
  target=$(at "$opt_dir/$program")
  rm -rf "$target.new"
  cp -R "$staging/$program" "$target.new"
  chmod -R u=rwX,go=rX "$target.new"
  rm -rf "$target"
  mv "$target.new" "$target"
  ln -sfn "$opt_dir/$program/$program" "$(at "$prefix/bin/$program")"
  echo "installed $opt_dir/$program, linked as $prefix/bin/$program"
}

install_control_script() {
  install -d -m 0755 "$(at "$opt_dir/bin")"
  install -m 0755 "$repo/bin/qulo" "$(at "$opt_dir/bin/qulo")"
  # The private Graphite (QULO_GRAPHITE_DIR); its install.sh runs scripts/install-deps.sh.
  if [ -d "$repo/scripts/graphite" ]; then
    rm -rf "$(at "$opt_dir/scripts/graphite")"
    install -d -m 0755 "$(at "$opt_dir/scripts")"
    cp -R "$repo/scripts/graphite" "$(at "$opt_dir/scripts/graphite")"
    chmod -R u=rwX,go=rX "$(at "$opt_dir/scripts/graphite")"
    install -m 0755 "$repo/scripts/install-deps.sh" "$(at "$opt_dir/scripts/install-deps.sh")"
  fi
  ln -sfn "$opt_dir/bin/qulo" "$(at "$prefix/bin/qulo")"
  echo "installed $opt_dir/bin/qulo, linked as $prefix/bin/qulo"
}

# install_config SOURCE TARGET MODE: an existing different TARGET is the admin's and stays.
install_config() {
  local source=$1 target=$2 mode=$3 written=$2
  if [ ! -e "$(at "$target")" ]; then
    echo "installed $target"
  elif cmp -s "$source" "$(at "$target")"; then
    echo "$target is up to date"
    return
  else
    written=$target.new
    echo "kept your $target; the shipped one is $written (compare: diff $target $written)"
  fi
  install -m "$mode" "$source" "$(at "$written")"
  # The daemons run as qulo and read their configuration through the group.
  if into_this_system && getent group qulo >/dev/null; then chgrp qulo "$written"; fi
}

create_user() {
  if ! into_this_system; then
    echo "not creating the system user qulo under --root (the units run as qulo: create it on the target)"
  elif id qulo >/dev/null 2>&1; then
    echo "system user qulo exists"
  else
    useradd --system --user-group --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin qulo
    echo "created the system user qulo"
  fi
}

create_log_dir() {
  install -d -m 0750 "$(at "$log_dir")"
  chmod 0750 "$(at "$log_dir")"
  if into_this_system && id qulo >/dev/null 2>&1; then
    chown qulo:qulo "$log_dir"
  fi
  echo "log folder $log_dir (0750)"
}

# The units name /usr/local/bin; another --prefix is written into them.
install_unit() {
  local source=$1 target=$2 mode=$3
  sed "s#/usr/local/bin/#$prefix/bin/#g" "$source" >"$(at "$target")"
  chmod "$mode" "$(at "$target")"
  echo "installed $target"
}

install_units() {
  local unit
  case $(init_system) in
    systemd)
      install -d -m 0755 "$(at "$systemd_dir")"
      for unit in "${units[@]}"; do
        install_unit "$repo/deploy/systemd/$unit.service" "$systemd_dir/$unit.service" 0644
      done
      if into_this_system; then systemctl daemon-reload; fi
      echo "enable them: systemctl enable --now qulo-master (head node); systemctl enable --now qulo-agent (every node)"
      ;;
    openrc)
      install -d -m 0755 "$(at "$openrc_dir")"
      for unit in "${openrc_scripts[@]}"; do
        install_unit "$repo/deploy/openrc/$unit" "$openrc_dir/$unit" 0755
      done
      echo "enable them: rc-update add qulo-master default (head node); rc-update add qulo-agent default (every node);"
      echo "or, on the head node, rc-update add qulo default for the whole system as /etc/conf.d/qulo says"
      ;;
    none) echo "neither systemd nor OpenRC found: no units installed (qulo start runs the daemons itself)" ;;
  esac
}

command -v dotnet >/dev/null || fail "dotnet is not on PATH: the .NET 10 SDK is needed to publish"
rid=$(runtime_identifier)
publish qagent Qulo.AgentNode "$rid"
publish qmaster Qulo.MasterNode "$rid"

install -d -m 0755 "$(at "$opt_dir")" "$(at "$prefix/bin")" "$(at "$config_dir")" "$(at "$conf_d")"
for program in "${programs[@]}"; do
  install_program "$program"
done
install_control_script
create_user
install_config "$repo/hocon/qagent.conf" "$config_dir/qagent.conf" 0640
install_config "$repo/hocon/qmaster.conf" "$config_dir/qmaster.conf" 0640
install_config "$repo/deploy/openrc/conf.d/qulo" "$conf_d/qulo" 0644
create_log_dir
if [ "$with_units" = yes ]; then install_units; else echo "--no-units: no units installed"; fi
echo "QULo installed${install_root:+ under $install_root}"
