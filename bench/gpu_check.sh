#!/usr/bin/env bash
# Every GPU measurement in one run, in about 8 minutes on one H100/H200: the CUDA tests, our model against
# GPT2LMHeadModel at the GPT-2-small shape (bf16, compiled, MFU, loss parity with float32 eager), the
# README's bigger-model rows, and the real trainer at the GPT-2-small shape for half a minute.
#
#   bash bench/gpu_check.sh OUT_DIR            # on the GPU machine; logs go to OUT_DIR
#   bash bench/gpu_check.sh OUT_DIR --cpu      # the same steps at tiny shapes on the CPU: checks the script
#
# Each step has its own time limit, so one that hangs cannot take the others' time.
set -u
out=${1:?give a folder for the logs}
mkdir -p "$out"
cd "$(dirname "$0")/.."
if [ "${2:-}" = "--cpu" ]; then
    shapes=tiny; device=cpu; dtype=float32; compile=false; tests="tests/test_bench_train.py"
    train_shape="--n-layer 2 --n-head 2 --n-embd 64 --block-size 64 --vocab-size 512 --batch-size 4"
    minutes=0.1; parity_steps=20; big_shapes=tiny
else
    shapes=gpt2-small; device=cuda; dtype=bfloat16; compile=true; tests="tests/test_cuda.py"
    train_shape="--n-layer 12 --n-head 12 --n-embd 768 --block-size 1024 --vocab-size 32768 --batch-size 16"
    minutes=0.5; parity_steps=100; big_shapes=medium,large
fi

step() {  # step NAME SECONDS COMMAND...: run it with a limit, log to OUT_DIR/NAME.log, report how it went
    local name=$1 limit=$2; shift 2
    local start=$SECONDS
    timeout "$limit" "$@" > "$out/$name.log" 2>&1
    echo "$name: exit $? after $((SECONDS - start)) s (log: $out/$name.log)" | tee -a "$out/summary.txt"
}

{ python -c "import torch; print('torch', torch.__version__, 'cuda', torch.version.cuda)"
  nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv 2>/dev/null || true; } > "$out/machine.txt" 2>&1
step tests 120 python -m pytest -q "$tests"
step gpt2_small 180 python bench/bench_train.py --shapes "$shapes" --device "$device" --dtype "$dtype" \
    --compile "$compile" --steps 10 --parity-steps "$parity_steps" --parity-batch 8 --no-fp32-eager --profile
step bigger_rows 100 python bench/bench_train.py --shapes "$big_shapes" --device "$device" --dtype "$dtype" \
    --compile "$compile" --steps 10 --parity-steps 0 --no-fp32-eager
# shellcheck disable=SC2086  # the shape flags are meant to split
step trainer 80 python train_llm.py $train_shape --device "$device" --time-budget-minutes "$minutes" \
    --checkpoint-dir "$out/trainer_run" --overwrite true
rm -f "$out"/trainer_run/*.pth  # the weights are large and not needed; the log and metrics.csv are
cat "$out/summary.txt"
