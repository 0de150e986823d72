"""
Generation speed: our generate() with its key/value cache, against Hugging Face transformers' generate
(with its cache) on a GPT-2 of the same shape, and against our own generate with the cache disabled.

    python bench/bench_generate.py                      # 1 thread, median of 5 runs (about 2 minutes)
    python bench/bench_generate.py --threads 2          # the same with two CPU threads for every contender
    python bench/bench_generate.py --repeats 9 --skip-no-cache

The shape is the training benchmark's (vocab 8192, context 256, 4 layers, 4 heads, width 256) with
random weights; batch 1, a 16-token prompt, 240 new tokens, greedy, no early stop. The GPT-2 gets our
model's weights, so both compute the same function and should produce the same tokens (printed as a
check). Every contender is warmed up, then they take turns, round-robin, and each figure is the median
over the repeats: on a shared machine a slow spell then hits every contender rather than one.
All contenders run with the same number of CPU threads (--threads).

"matrix products alone" times only the 17 matrix products of each step, in our layout: at batch 1 a
step reads every weight once (about 21 MB here), so this is the floor for any fp32 implementation,
and what a generate() spends above it is per-token overhead.
"""

import argparse
import os
import platform
import statistics
import sys
import time

import torch

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from model import TinyTransformerLM  # noqa: E402

VOCAB_SIZE, BLOCK_SIZE, N_LAYER, N_HEAD, N_EMBD = 8192, 256, 4, 4, 256
PROMPT_TOKENS = 16
NEW_TOKENS = 240
REPEATS = 5
THREADS = 1  # batch-1 decoding is fastest on one thread here, and a busy machine makes more threads far slower
SEED = 0


def hf_twin(model):
    """A transformers GPT2LMHeadModel of the same shape carrying our model's weights (None without transformers)."""
    try:
        import transformers
    except ImportError:
        return None
    transformers.logging.set_verbosity_error()
    config = transformers.GPT2Config(n_positions=BLOCK_SIZE, n_embd=N_EMBD, n_layer=N_LAYER, n_head=N_HEAD,
                                     vocab_size=VOCAB_SIZE, activation_function="gelu", resid_pdrop=0.0,
                                     embd_pdrop=0.0, attn_pdrop=0.0, layer_norm_epsilon=model.ln_f.eps,
                                     bos_token_id=None, eos_token_id=None)
    hf = transformers.GPT2LMHeadModel(config).eval()
    # GPT-2's Conv1D stores matrices as (in, out): ours transposed. The head stays tied to wte.
    ours = {"transformer.wte.weight": model.wte.weight, "transformer.wpe.weight": model.wpe.weight,
            "transformer.ln_f.weight": model.ln_f.weight, "transformer.ln_f.bias": model.ln_f.bias}
    for i, block in enumerate(model.blocks):
        for hf_name, module in (("ln_1", block.ln_1), ("ln_2", block.ln_2)):
            ours[f"transformer.h.{i}.{hf_name}.weight"] = module.weight
            ours[f"transformer.h.{i}.{hf_name}.bias"] = module.bias
        for hf_name, module in (("attn.c_attn", block.attn.c_attn), ("attn.c_proj", block.attn.c_proj),
                                ("mlp.c_fc", block.mlp.c_fc), ("mlp.c_proj", block.mlp.c_proj)):
            ours[f"transformer.h.{i}.{hf_name}.weight"] = module.weight.t()
            ours[f"transformer.h.{i}.{hf_name}.bias"] = module.bias
    with torch.no_grad():
        for name, param in hf.named_parameters():
            param.copy_(ours[name])
    return hf


def matmuls_only(model, n):
    """Just the matrix products of n decoding steps, in decode_step's order and layout: the floor.

    Each step reads every weight once (about 21 MB here), which any implementation has to do; what
    a generate() spends beyond this is its per-token overhead.
    """
    with torch.inference_mode():
        layers, head = model.decode_weights()
        x, wide = torch.randn(1, N_EMBD), torch.randn(1, 4 * N_EMBD)
        for _ in range(n):
            for layer in layers:
                torch.addmm(layer.attn_bias, x, layer.attn_weight)
                torch.addmm(layer.proj_bias, x, layer.proj_weight)
                torch.addmm(layer.fc_bias, x, layer.fc_weight)
                torch.addmm(layer.fc_proj_bias, wide, layer.fc_proj_weight)
            x @ head
    return torch.zeros(1, PROMPT_TOKENS + n, dtype=torch.long)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--threads", type=int, default=THREADS, help="CPU threads for every contender")
    parser.add_argument("--repeats", type=int, default=REPEATS, help="timed runs of each contender")
    parser.add_argument("--new-tokens", type=int, default=NEW_TOKENS, help="tokens generated per run")
    parser.add_argument("--skip-no-cache", action="store_true", help="leave out our generate without the cache")
    args = parser.parse_args(argv)
    if args.threads < 1 or args.repeats < 1 or not 0 < args.new_tokens <= BLOCK_SIZE - PROMPT_TOKENS:
        parser.error(f"--threads and --repeats must be >= 1 and --new-tokens in 1..{BLOCK_SIZE - PROMPT_TOKENS}")
    torch.set_num_threads(args.threads)

    torch.manual_seed(SEED)
    model = TinyTransformerLM(VOCAB_SIZE, BLOCK_SIZE, N_LAYER, N_HEAD, N_EMBD).eval()
    hf = hf_twin(model)
    prompt = torch.randint(0, VOCAB_SIZE, (1, PROMPT_TOKENS))
    n = args.new_tokens

    contenders = {"ours (KV cache)": lambda k: model.generate(prompt, k, temperature=0.0)}
    if hf is not None:
        contenders["transformers generate"] = lambda k: hf.generate(
            prompt, attention_mask=torch.ones_like(prompt), max_new_tokens=k, min_new_tokens=k, do_sample=False,
            use_cache=True, pad_token_id=0)
    contenders["matrix products alone"] = lambda k: matmuls_only(model, k)
    if not args.skip_no_cache:
        contenders["ours, no cache"] = lambda k: model.generate(prompt, k, temperature=0.0, use_cache=False)

    print(f"torch {torch.__version__}, {platform.processor() or platform.machine()}, "
          f"{args.threads} thread(s), CPU capability {torch.backends.cpu.get_cpu_capability()}")
    print(f"model: vocab {VOCAB_SIZE}, context {BLOCK_SIZE}, {N_LAYER} layers, {N_HEAD} heads, width {N_EMBD} "
          f"({model.num_params() / 1e6:.2f}M parameters); batch 1, {PROMPT_TOKENS}-token prompt, {n} new tokens, "
          f"greedy; median of {args.repeats} runs")
    outputs = {name: run(n) for name, run in contenders.items()}  # warm-up, and the tokens for the check
    seconds, cpu_seconds = {name: [] for name in contenders}, {name: [] for name in contenders}
    for _ in range(args.repeats):
        for name, run in contenders.items():
            start, cpu_start = time.perf_counter(), time.process_time()
            out = run(n)
            seconds[name].append(time.perf_counter() - start)
            cpu_seconds[name].append(time.process_time() - cpu_start)
            assert out.shape == (1, PROMPT_TOKENS + n), f"{name} stopped early: {tuple(out.shape)}"

    # CPU time leaves out the time spent waiting for a core, which a shared machine adds to wall time
    print(f"\n{'':24s}{'ms/token':>10s}{'tokens/s':>10s}   (min-max ms/token)   CPU ms/token")
    ms = {}
    for name, times in seconds.items():
        ms[name] = statistics.median(times) / n * 1e3
        cpu_ms = statistics.median(cpu_seconds[name]) / n * 1e3
        print(f"{name:24s}{ms[name]:10.3f}{1e3 / ms[name]:10.0f}   "
              f"({min(times) / n * 1e3:.3f}-{max(times) / n * 1e3:.3f}){cpu_ms:16.3f}")
    print()
    ours = ms["ours (KV cache)"]
    if "transformers generate" in ms:
        print(f"ours vs transformers generate: {ms['transformers generate'] / ours:5.2f}x the tokens/s")
    if "ours, no cache" in ms:
        print(f"ours vs ours without cache:    {ms['ours, no cache'] / ours:5.2f}x the tokens/s")
    floor = ms["matrix products alone"]
    print(f"of our {ours:.3f} ms/token, {floor:.3f} are the matrix products alone (reading every weight once) "
          f"and {ours - floor:.3f} the rest")
    for name, out in outputs.items():
        if name not in ("ours (KV cache)", "matrix products alone"):
            same = (out == outputs["ours (KV cache)"])[0, PROMPT_TOKENS:]
            first = "all" if bool(same.all()) else f"the first {int(same.long().cumprod(0).sum())}"
            print(f"tokens identical to ours ({name}): {first} of {n}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
