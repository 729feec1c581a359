#!/bin/sh
# Replays a recorded run of a command-line tool (nvidia-smi, squeue) for the tests: installed under the tool's
# name, it records its arguments in $0.args, hangs for the seconds in $0.hang (a wedged GPU makes nvidia-smi hang),
# prints $0.stdout and $0.stderr, and exits with the code in $0.exit.
printf '%s\n' "$@" > "$0.args"
if [ -f "$0.hang" ]; then sleep "$(cat "$0.hang")"; fi
if [ -f "$0.stdout" ]; then cat "$0.stdout"; fi
if [ -f "$0.stderr" ]; then cat "$0.stderr" >&2; fi
if [ -f "$0.exit" ]; then exit "$(cat "$0.exit")"; fi
exit 0
