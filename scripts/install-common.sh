# shellcheck shell=bash disable=SC2034,SC2154 # the sourcing scripts use these and set script_name
# What scripts/install.sh and scripts/uninstall.sh share: the layout and the command line.
# Sourced, not run.

readonly EXIT_OK=0 EXIT_FAILURE=1 EXIT_USAGE=2
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
readonly repo
readonly programs=(qagent qmaster)
readonly units=(qulo-master qulo-agent)
# OpenRC also gets `qulo`, the whole system as one service (the seed asked for it).
readonly openrc_scripts=(qulo "${units[@]}")
# The installed layout, as seen from the target system (install_root is prepended when writing).
readonly opt_dir=/opt/qulo config_dir=/etc/qulo log_dir=/var/log/qulo conf_d=/etc/conf.d
readonly systemd_dir=/etc/systemd/system openrc_dir=/etc/init.d

prefix=/usr/local
install_root=""
with_units=yes

fail() {
  echo "$script_name: $*" >&2
  exit "$EXIT_FAILURE"
}

fail_usage() {
  echo "$script_name: $*" >&2
  echo "Try '$script_name --help'." >&2
  exit "$EXIT_USAGE"
}

# parse_arguments USAGE-TEXT "$@": --prefix, --root, --no-units and --help.
parse_arguments() {
  local usage=$1
  shift
  while (($#)); do
    case $1 in
      -h | --help) echo "$usage"; exit "$EXIT_OK" ;;
      --prefix) (($# >= 2)) || fail_usage "--prefix needs a folder"; prefix=$2; shift ;;
      --prefix=*) prefix=${1#*=} ;;
      --root) (($# >= 2)) || fail_usage "--root needs a folder"; install_root=$2; shift ;;
      --root=*) install_root=${1#*=} ;;
      --no-units) with_units=no ;;
      *) fail_usage "unknown argument '$1'" ;;
    esac
    shift
  done
  [[ $prefix == /* ]] || fail_usage "--prefix must be an absolute path, not '$prefix'"
  prefix=${prefix%/}
  if [ -n "$install_root" ]; then
    [ -d "$install_root" ] || fail_usage "--root $install_root is not a folder"
    install_root=$(cd "$install_root" && pwd)
    [ "$install_root" != / ] || install_root=""
  elif [ "$(id -u)" -ne 0 ]; then
    fail "installing into the system needs root (or give --root DIR to install into a folder)"
  fi
}

# The path a target-system path is written at.
at() { echo "$install_root$1"; }

# systemd when it runs on the target, else OpenRC when openrc-run is there, else none.
init_system() {
  if [ -d "$(at /run/systemd/system)" ]; then
    echo systemd
  elif [ -x "$(at /sbin/openrc-run)" ]; then
    echo openrc
  else
    echo none
  fi
}

# True when installing into the running system, where systemctl/rc-update/useradd may act.
into_this_system() { [ -z "$install_root" ]; }
