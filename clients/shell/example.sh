#!/usr/bin/env bash
# Answers a CSV through the BatchAI daemon from bash (jq for JSON), prints progress, and exports the answers.
#   clients/shell/example.sh QUESTIONS.csv BASE_URL MODEL OUTPUT [BATCHAI_COMMAND...]
# BATCHAI_COMMAND defaults to `batchai` (e.g. `dotnet /path/batchai.dll`); $BATCHAI_DATA_DIR picks the data directory.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
source "$here/rpc.sh"

input=$(realpath "$1"); base_url=$2; model=$3; output=$(realpath -m "$4"); shift 4
(( $# )) || set -- batchai

rpc_start_stdio "$@"
rpc_call initialize '{"clientName":"shell-example"}'
jq -r '"daemon \(.daemonVersion), protocol \(.protocolVersion)"' <<<"$RPC_RESULT"

job_state=""
rpc_on_notification() {
  case $1 in
    job/progress) jq -r '"progress: \(.counts.done + .counts.failed + .counts.skipped)/\(.counts.total)"' <<<"$2" ;;
    job/stateChanged) job_state=$(jq -r '.state' <<<"$2"); echo "state: $job_state" ;;
  esac
}

params=$(jq -cn --arg input "$input" --arg url "$base_url" --arg model "$model" '{input: $input, provider: {baseUrl: $url, model: $model}}')
rpc_call startJob "$params"
job=$(jq -r '.jobId' <<<"$RPC_RESULT")
echo "job $job started"

# Wait on the notifications; the job may have stopped before startJob answered, so ask once too.
rpc_call getJob "{\"jobId\":\"$job\"}"
state=$(jq -r '.state' <<<"$RPC_RESULT")
while [[ ! $state =~ ^(completed|failed|cancelled|paused|interrupted)$ ]] && rpc_next; do
  rpc_on_notification "$(jq -r '.method' <<<"$RPC_MESSAGE")" "$(jq -c '.params' <<<"$RPC_MESSAGE")"
  [[ $(jq -r '.params.jobId // empty' <<<"$RPC_MESSAGE") == "$job" ]] && state=${job_state:-$state}
done

echo "job $job $state"
rpc_call exportJob "$(jq -cn --arg job "$job" --arg output "$output" '{jobId: $job, output: $output}')"
jq -r '"exported \(.rows) rows as \(.format) to \(.output)"' <<<"$RPC_RESULT"
rpc_stop
[[ $state == completed ]]
