#!/usr/bin/env bash
# The three RTX PRO 6000 bench deployments of LLMServingSim (vLLM 0.19.0, 300 ShareGPT requests at 10 req/s)
# simulated from two independent sources of operator timings, both measured under vLLM 0.19.0:
#   lss: LLMServingSim's RTX PRO 6000 profile bundles (operators timed inside a forward pass)
#   aic: NVIDIA AIConfigurator's rtx_pro_6000_server kernel database (kernels timed one by one)
# and printed side by side (docs/aiconfigurator.md discusses the result). Needs ../shared/data beside the repo.
# Run from the repository root: examples/aiconfigurator/compare-rtxpro6000.sh [OUT] (default out/compare-rtxpro6000)
set -euo pipefail
cd "$(dirname "$0")/../.."
data="$(cd .. && pwd)/shared/data"
out="${1:-out/compare-rtxpro6000}"
[ -d "$data/aiconfigurator" ] || { echo "error: $data/aiconfigurator is missing. Fix: put the shared data beside the repository." >&2; exit 2; }
bench="$data/llmservingsim/bench/RTXPRO6000"
declare -A model=([Llama-3.1-8B]=meta-llama/Llama-3.1-8B [Qwen3-32B]=Qwen/Qwen3-32B
                  [Qwen3-30B-A3B-Instruct-2507]=Qwen/Qwen3-30B-A3B-Instruct-2507)
declare -A trace=([Llama-3.1-8B]=llama-3.1-8b [Qwen3-32B]=qwen3-32b [Qwen3-30B-A3B-Instruct-2507]=qwen3-30b-a3b)
declare -A tps=([Llama-3.1-8B]=1 [Qwen3-32B]=2 [Qwen3-30B-A3B-Instruct-2507]=1)
for b in Llama-3.1-8B Qwen3-32B Qwen3-30B-A3B-Instruct-2507; do
  m="${model[$b]}"
  ./servesim import aiconfigurator "$data/aiconfigurator" --system rtx_pro_6000_server --model "$m" \
      --tp "${tps[$b]}" --out "$out/profiles/aic" --force >/dev/null
  ./servesim import llmservingsim "$data/llmservingsim/perf/RTXPRO6000/$m/bf16" --tp "${tps[$b]}" \
      --out "$out/profiles/lss/RTXPRO6000/$m/bf16" --force >/dev/null
done
printf '%-28s %-4s %9s %9s %9s %9s %10s %9s\n' deployment src "TTFT p50" "TTFT p99" "TPOT p50" "ITL p50" "out tok/s" "makespan"
for b in Llama-3.1-8B Qwen3-32B Qwen3-30B-A3B-Instruct-2507; do
  for src in lss aic; do
    extra=()
    [ "$src" = aic ] && extra=(--collectives "$out/profiles/aic/RTXPRO6000/collectives")
    ./servesim simulate --cluster "$bench/$b/cluster.json" --engine "$bench/$b/engine.json" \
        --workload "$data/llmservingsim/workloads/sharegpt-${trace[$b]}-300-sps10.jsonl" \
        --profiles "$out/profiles/$src" "${extra[@]}" --out "$out/$b/$src" >/dev/null
    python3 - "$out/$b/$src/summary.json" "$b" "$src" <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))
print('%-28s %-4s %9.1f %9.1f %9.2f %9.2f %10.1f %9.1f' % (sys.argv[2], sys.argv[3], s['median_ttft_ms'],
      s['p99_ttft_ms'], s['median_tpot_ms'], s['median_itl_ms'], s['output_throughput'], s['duration']))
PY
  done
done
