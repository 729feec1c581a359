#!/usr/bin/env bash
# Starts a private Graphite on 127.0.0.1: carbon-cache and graphite-web (Django's runserver), with
# their configuration, whisper files, database and logs all under DIR. Stop it with stop.sh DIR.
# Ports come from the environment (defaults in brackets): CARBON_PICKLE_PORT [2004],
# CARBON_LINE_PORT [2003], CARBON_QUERY_PORT [7002], GRAPHITE_WEB_PORT [8080];
# CARBON_RETENTIONS [10s:6h,1m:7d] is the whisper retention of every series.
set -euo pipefail
[ $# -eq 1 ] || { echo "usage: $0 DIR" >&2; exit 2; }
mkdir -p "$1"
dir=$(cd "$1" && pwd)
pickle=${CARBON_PICKLE_PORT:-2004}
line=${CARBON_LINE_PORT:-2003}
query=${CARBON_QUERY_PORT:-7002}
web=${GRAPHITE_WEB_PORT:-8080}
retentions=${CARBON_RETENTIONS:-10s:6h,1m:7d}

"$(dirname "$0")/install.sh"

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
for port in "$pickle" "$line" "$query" "$web"; do
  if port_open "$port"; then
    echo "port $port on 127.0.0.1 is taken (a running carbon or graphite-web?); stop it or choose other ports with CARBON_PICKLE_PORT, CARBON_LINE_PORT, CARBON_QUERY_PORT, GRAPHITE_WEB_PORT" >&2
    exit 1
  fi
done

mkdir -p "$dir"/{conf,storage/whisper,storage/lists,log/webapp,run}
cat > "$dir/conf/carbon.conf" <<CONF
[cache]
STORAGE_DIR = $dir/storage/
LOCAL_DATA_DIR = $dir/storage/whisper/
WHITELISTS_DIR = $dir/storage/lists/
CONF_DIR = $dir/conf/
LOG_DIR = $dir/log/
PID_DIR = $dir/run/
ENABLE_LOGROTATION = False
USER =
ENABLE_TAGS = False
MAX_CACHE_SIZE = inf
MAX_UPDATES_PER_SECOND = 500
# carbon's default (50) silently drops the new series beyond it in a minute: a new cluster has hundreds.
MAX_CREATES_PER_MINUTE = inf
LINE_RECEIVER_INTERFACE = 127.0.0.1
LINE_RECEIVER_PORT = $line
ENABLE_UDP_LISTENER = False
PICKLE_RECEIVER_INTERFACE = 127.0.0.1
PICKLE_RECEIVER_PORT = $pickle
CACHE_QUERY_INTERFACE = 127.0.0.1
CACHE_QUERY_PORT = $query
USE_FLOW_CONTROL = True
WHISPER_FALLOCATE_CREATE = False
CONF
printf '[everything]\npattern = .*\nretentions = %s\n' "$retentions" > "$dir/conf/storage-schemas.conf"

# graphite-web reads its overrides from the module named by GRAPHITE_SETTINGS_MODULE.
[ -s "$dir/conf/secret_key" ] || head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n' > "$dir/conf/secret_key"
cat > "$dir/conf/qulo_graphite_settings.py" <<CONF
SECRET_KEY = open('$dir/conf/secret_key').read()
TIME_ZONE = 'UTC'
STORAGE_DIR = '$dir/storage/'
WHISPER_DIR = '$dir/storage/whisper/'
LOG_DIR = '$dir/log/webapp/'
INDEX_FILE = '$dir/storage/index'
CARBONLINK_HOSTS = ['127.0.0.1:$query:a']
DATABASES = {'default': {'NAME': '$dir/storage/graphite.db', 'ENGINE': 'django.db.backends.sqlite3'}}
CONF
export PYTHONPATH="$dir/conf" GRAPHITE_SETTINGS_MODULE=qulo_graphite_settings DJANGO_SETTINGS_MODULE=graphite.settings

carbon-cache --config="$dir/conf/carbon.conf" start >"$dir/log/carbon-start.log" 2>&1 \
  || { cat "$dir/log/carbon-start.log" >&2; exit 1; }
graphite-manage migrate --noinput >"$dir/log/graphite-migrate.log" 2>&1 \
  || { cat "$dir/log/graphite-migrate.log" >&2; exit 1; }
nohup graphite-manage runserver "127.0.0.1:$web" --noreload >"$dir/log/graphite-web.log" 2>&1 &
echo $! > "$dir/run/graphite-web.pid"

wait_for() {
  local port=$1 what=$2
  for _ in $(seq 1 120); do port_open "$port" && return 0; sleep 0.5; done
  echo "$what did not open port $port; see $dir/log" >&2
  exit 1
}
wait_for "$pickle" carbon-cache
wait_for "$web" graphite-web

cat <<EOT
carbon-cache pickle receiver: 127.0.0.1:$pickle (qmaster's [Graphite] host/port), plaintext: 127.0.0.1:$line
whisper files:  $dir/storage/whisper
graphite-web:   http://127.0.0.1:$web/
a graph:        http://127.0.0.1:$web/render?target=*.CPUPercent.*&from=-15min&format=png
stop with:      $(dirname "$0")/stop.sh $dir
EOT
