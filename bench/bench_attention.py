"""
Which attention trains faster here: PyTorch's fused kernel or the arithmetic written out in model.attention()?

    python bench/bench_attention.py                              # bf16 and fp32, contexts 64 to 512
    python bench/bench_attention.py --dtypes bfloat16 --contexts 128 --width 256

model.py picks for itself: the fused kernel (F.scaled_dot_product_attention) everywhere, except when training
on the CPU in bfloat16 with contexts up to CPU_BF16_WRITTEN_OUT_UP_TO, where the written-out arithmetic
measured faster. This script is that measurement, to repeat on another CPU or PyTorch. For each dtype and
context it times one whole training step of the default model (forward, backward, clipping, the Muon and
AdamW update, as train_llm.py does), once with each path forced, and prints the median step and the ratio.

The two contenders hold the same weights and batch and take turns step by step, in reverse order every other
round, so a slow spell on a shared machine falls on both alike.
"""

import argparse
import os
import sys

import torch

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
import model as model_lib  # noqa: E402
from model import TinyTransformerLM  # noqa: E402

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from bench_train import time_contenders  # noqa: E402  (the one timing loop of the benches)

VOCAB_SIZE, N_LAYER, N_HEAD, BATCH = 2048, 4, 4, 16  # train_llm.py's defaults
DTYPES = {"bfloat16": torch.bfloat16, "float32": torch.float32}


def training_step(n_embd, context, dtype, written_out):
    """A function running one training step of a fresh default-shaped model with one attention path forced."""
    torch.manual_seed(0)
    model = TinyTransformerLM(VOCAB_SIZE, context, N_LAYER, N_HEAD, n_embd)
    optimizers = model.configure_optimizers("muon", weight_decay=0.1, learning_rate=4e-3,
                                            dtype=str(dtype).removeprefix("torch."))  # the run's precision
    x, y = torch.randint(0, VOCAB_SIZE, (2, BATCH, context)).unbind(0)

    def step():
        model_lib.USE_SDPA = not written_out
        model_lib.CPU_BF16_WRITTEN_OUT_UP_TO = -1  # the choice above, not model.py's own, decides
        with torch.autocast("cpu", dtype=dtype, enabled=dtype != torch.float32):
            _, loss = model(x, y)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        for optimizer in optimizers:
            optimizer.step()
            optimizer.zero_grad(set_to_none=True)
    return step


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.strip().splitlines()[0])
    parser.add_argument("--dtypes", default="bfloat16,float32", help="comma-separated: bfloat16, float32")
    parser.add_argument("--contexts", default="64,128,256,512", help="comma-separated context lengths")
    parser.add_argument("--width", type=int, default=128, help="N_EMBD of the model")
    parser.add_argument("--rounds", type=int, default=20, help="timed steps of each contender")
    parser.add_argument("--warmup", type=int, default=5)
    parser.add_argument("--threads", type=int, default=0, help="CPU threads (0 = PyTorch's default)")
    args = parser.parse_args(argv)
    if args.threads:
        torch.set_num_threads(args.threads)
    dtypes = args.dtypes.split(",")
    unknown = [d for d in dtypes if d not in DTYPES]
    if unknown:
        sys.exit(f"error: unknown dtype {unknown[0]!r}: use bfloat16 or float32")
    saved = model_lib.USE_SDPA, model_lib.CPU_BF16_WRITTEN_OUT_UP_TO
    print(f"training step, width {args.width}, batch {BATCH}, {torch.get_num_threads()} threads, "
          f"torch {torch.__version__}")
    print(f"{'dtype':<9} {'context':>7} {'fused ms':>9} {'written-out ms':>15} {'written-out speed':>18}")
    try:
        for name in dtypes:
            for context in (int(c) for c in args.contexts.split(",")):
                steps = {path: training_step(args.width, context, DTYPES[name], path == "written-out")
                         for path in ("fused", "written-out")}
                timed = time_contenders(steps, "cpu", args.warmup, args.rounds, log=lambda line: None)
                fused, written = (1000 * timed[path][0] for path in ("fused", "written-out"))
                print(f"{name:<9} {context:>7} {fused:>9.1f} {written:>15.1f} {fused / written:>17.2f}x", flush=True)
    finally:
        model_lib.USE_SDPA, model_lib.CPU_BF16_WRITTEN_OUT_UP_TO = saved
    return 0


if __name__ == "__main__":
    sys.exit(main())
