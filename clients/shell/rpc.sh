#!/usr/bin/env bash
# A JSON-RPC helper for BatchAI in plain bash: Content-Length framing over a daemon's stdio
# (`batchai serve --stdio` as a coprocess) or, with socat, over its pipe. Source it:
#
#   source clients/shell/rpc.sh
#   rpc_start_stdio batchai --data-dir ~/batchai-data     # or: rpc_start_pipe [NAME]   (needs socat)
#   rpc_call initialize '{"clientName":"shell"}'          # the result in RPC_RESULT; returns 1 on an error response
#   rpc_call listJobs && jq '.jobs[].state' <<<"$RPC_RESULT"
#   rpc_stop
#
# Notifications that arrive while rpc_call waits for its answer go to the function rpc_on_notification
# (METHOD PARAMS_JSON), which you may redefine; by default they are dropped. rpc_next reads one message.
# Nothing here is specific to an editor: any program that can frame JSON can drive the daemon.

export LC_ALL=C   # byte lengths, so Content-Length and read -N agree on non-ASCII text
RPC_NEXT_ID=0

rpc_on_notification() { :; }

# Bash hides a coprocess's descriptors from subshells: copies of them let $(rpc_call ...) and pipelines work.
_rpc_dup() {
  exec {RPC_IN}>&"${RPC[1]}" {RPC_OUT}<&"${RPC[0]}"
}

rpc_start_stdio() {
  coproc RPC { "$@" serve --stdio 2>/dev/null; }
  _rpc_dup
}

rpc_start_pipe() {
  local name=${1:-batchai-$(id -un)}
  local socket="${TMPDIR:-/tmp}"
  socket="${socket%/}/CoreFxPipe_$name"
  command -v socat >/dev/null || { echo "rpc_start_pipe needs socat; use rpc_start_stdio instead" >&2; return 1; }
  coproc RPC { socat - "UNIX-CONNECT:$socket"; }
  _rpc_dup
}

rpc_stop() {
  local pid=$RPC_PID
  exec {RPC_IN}>&- {RPC_OUT}<&-
  exec {RPC[1]}>&- 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
}

# rpc_send JSON: writes one framed message.
rpc_send() {
  printf 'Content-Length: %d\r\n\r\n%s' "${#1}" "$1" >&"$RPC_IN"
}

# rpc_next: reads one framed message into RPC_MESSAGE; returns 1 at the end of the stream.
rpc_next() {
  local line length=""
  while IFS= read -r line <&"$RPC_OUT"; do
    line=${line%$'\r'}
    [[ -z $line ]] && break
    [[ ${line,,} =~ ^content-length:\ *([0-9]+) ]] && length=${BASH_REMATCH[1]}
  done
  [[ -n $length ]] || return 1
  IFS= read -r -N "$length" RPC_MESSAGE <&"$RPC_OUT"
}

# rpc_call METHOD [PARAMS_JSON]: sends a request and puts its result in RPC_RESULT (or prints the error and returns 1).
# Call it in the main shell, not in $(...): the notifications it reads on the way run rpc_on_notification here.
rpc_call() {
  local id=$((++RPC_NEXT_ID)) request
  if [[ -n ${2:-} ]]; then
    request=$(printf '{"jsonrpc":"2.0","id":%d,"method":"%s","params":%s}' "$id" "$1" "$2")
  else
    request=$(printf '{"jsonrpc":"2.0","id":%d,"method":"%s"}' "$id" "$1")
  fi
  rpc_send "$request"
  while rpc_next; do
    if [[ $(jq -r '.id // empty' <<<"$RPC_MESSAGE") == "$id" ]]; then
      if jq -e 'has("error")' <<<"$RPC_MESSAGE" >/dev/null; then
        jq -c '.error' <<<"$RPC_MESSAGE" >&2
        return 1
      fi
      RPC_RESULT=$(jq -c '.result' <<<"$RPC_MESSAGE")
      return 0
    fi
    rpc_on_notification "$(jq -r '.method' <<<"$RPC_MESSAGE")" "$(jq -c '.params' <<<"$RPC_MESSAGE")"
  done
  echo "the daemon closed the connection" >&2
  return 1
}
