"""
Generation speed: our generate() with its key/value cache, against Hugging Face transformers' generate
(with its cache) on a GPT-2 of the same shape, and against our own generate with the cache disabled.

    python bench/bench_generate.py                      # 1 thread, median of 5 runs (about 2 minutes)
    python bench/bench_generate.py --threads 2          # the same with two CPU threads for every contender
    python bench/bench_generate.py --repeats 9 --skip-no-cache
    git worktree add /tmp/old 87223cb && python bench/bench_generate.py --baseline /tmp/old   # before/after

--baseline DIR adds the model.py of another checkout (an older commit, say) as a contender with the same
weights, so a change to generation is timed against the code before it in the same run.
"ours, modules + cache" is our generate with model.FAST_DECODE off: the modules of part 1 with the
cache instead of the fused decode_step, so what decode_step gains.

The shape is the training benchmark's (vocab 8192, context 256, 4 layers, 4 heads, width 256) with
random weights; batch 1, a 16-token prompt, 240 new tokens, greedy, no early stop. The GPT-2 gets our
model's weights, so both compute the same function and should produce the same tokens (printed as a
check). Every contender is warmed up, then they take turns, round-robin (in reverse order every other
round), and each figure is the median over the repeats: on a shared machine a slow spell then hits
every contender rather than one.
All contenders run with the same number of CPU threads (--threads).

"llama.cpp f32" and "llama.cpp q8_0" run the same weights in llama.cpp, through llama-cpp-python (its
Python generate loop, greedy, with the same threads), from GGUF files written by export_gguf.py: the
speed of the exported model in the local chat apps. They need the gguf and llama-cpp-python packages
(requirements-dev.txt) and a tokenizer for the file, trained here on random words (a few seconds).

"matrix products alone" times only the 17 matrix products of each step, in decode_step's layout: at
batch 1 a step reads every weight once (about 21 MB here), so this is the floor for any fp32
implementation, and what a generate() spends above it is per-token overhead.
"""

import argparse
import importlib.util
import os
import platform
import random
import statistics
import string
import sys
import tempfile
import time

import torch

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
import model as model_lib  # noqa: E402
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
    ours = {"transformer.wte.weight": model.token_embedding(), "transformer.wpe.weight": model.wpe.weight,
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


def llama_cpp_twins(model, threads):
    """{name: llama_cpp.Llama} running our model's weights from GGUF files, f32 and q8_0 ({} without the packages).

    export_gguf.py writes them from a checkpoint, which needs a tokenizer of VOCAB_SIZE tokens: one is
    trained on random words. Only its size matters here; the prompt is random ids.
    """
    try:
        import gguf  # noqa: F401
        import llama_cpp
    except ImportError:
        return {}
    import export_gguf
    from tokenizer import CustomTokenizer

    rng = random.Random(SEED)  # random words have pairs enough for any vocabulary size, unlike a small corpus
    words = (" ".join("".join(rng.choices(string.ascii_lowercase, k=rng.randint(2, 9))) for _ in range(20))
             for _ in range(5000))
    tokenizer = CustomTokenizer().train(words, VOCAB_SIZE, min_frequency=1)
    assert tokenizer.vocab_size == VOCAB_SIZE, f"the words gave a {tokenizer.vocab_size}-token tokenizer"
    twins = {}
    with tempfile.TemporaryDirectory() as folder:
        checkpoint = os.path.join(folder, "bench.pth")
        model_lib.save_checkpoint(model_lib.to_checkpoint(model, tokenizer=tokenizer.to_str()), checkpoint)
        for weight_type in ("f32", "q8_0"):
            path = os.path.join(folder, f"bench-{weight_type}.gguf")
            export_gguf.export(checkpoint, path, weight_type)
            # read into memory (no mmap), so the file can go with the folder
            twins[f"llama.cpp {weight_type}"] = llama_cpp.Llama(
                model_path=path, n_ctx=BLOCK_SIZE, n_batch=BLOCK_SIZE, n_threads=threads, n_threads_batch=threads,
                use_mmap=False, verbose=False)
    return twins


def llama_cpp_generate(llm, prompt, n):
    """llama-cpp-python's greedy generate from a fresh context (no prompt reused from the last run)."""
    llm.reset()
    tokens = prompt[0].tolist()
    for token in llm.generate(tokens, temp=0.0, top_k=1, repeat_penalty=1.0, reset=True):
        tokens.append(token)
        if len(tokens) == PROMPT_TOKENS + n:
            break
    return torch.tensor([tokens])


def matmuls_only(model, n):
    """Just the matrix products of n decoding steps, in decode_step's order and layout: the floor.

    Each step reads every weight once (about 21 MB here), which any implementation has to do; what
    a generate() spends beyond this is its per-token overhead.
    """
    with torch.inference_mode():
        weights = model_lib.decode_weights(model)
        x, wide = torch.randn(1, N_EMBD), torch.randn(1, 4 * N_EMBD)
        for _ in range(n):
            for _, _, attn_w, attn_b, proj_w, proj_b, _, _, fc_w, fc_b, fc_proj_w, fc_proj_b in weights:
                torch.addmm(attn_b, x, attn_w)
                torch.addmm(proj_b, x, proj_w)
                torch.addmm(fc_b, x, fc_w)
                torch.addmm(fc_proj_b, wide, fc_proj_w)
            torch.nn.functional.linear(x, model.lm_head.weight)
    return torch.zeros(1, PROMPT_TOKENS + n, dtype=torch.long)


def with_modules(generate):
    """generate, run with FAST_DECODE off: the modules with the cache instead of decode_step."""
    def run(k):
        model_lib.FAST_DECODE = False
        try:
            return generate(k)
        finally:
            model_lib.FAST_DECODE = True
    return run


def baseline_model(folder, model):
    """TinyTransformerLM from folder/model.py (another checkout) carrying model's weights."""
    spec = importlib.util.spec_from_file_location("baseline_model", os.path.join(folder, "model.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    baseline = module.TinyTransformerLM(**model.config).eval()
    baseline.load_state_dict(model.state_dict(), strict=True)
    return baseline


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--threads", type=int, default=THREADS, help="CPU threads for every contender")
    parser.add_argument("--repeats", type=int, default=REPEATS, help="timed runs of each contender")
    parser.add_argument("--new-tokens", type=int, default=NEW_TOKENS, help="tokens generated per run")
    parser.add_argument("--skip-no-cache", action="store_true", help="leave out our generate without the cache")
    parser.add_argument("--baseline", metavar="DIR", help="also time the model.py of this checkout (same weights)")
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
    if args.baseline:
        baseline = baseline_model(args.baseline, model)
        contenders["baseline (KV cache)"] = lambda k: baseline.generate(prompt, k, temperature=0.0)
    contenders["ours, modules + cache"] = with_modules(lambda k: model.generate(prompt, k, temperature=0.0))
    if hf is not None:
        contenders["transformers generate"] = lambda k: hf.generate(
            prompt, attention_mask=torch.ones_like(prompt), max_new_tokens=k, min_new_tokens=k, do_sample=False,
            use_cache=True, pad_token_id=0)
    twins = llama_cpp_twins(model, args.threads)
    for name, llm in twins.items():
        contenders[name] = lambda k, llm=llm: llama_cpp_generate(llm, prompt, k)
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
    for round_ in range(args.repeats):
        order = list(contenders.items())
        for name, run in order if round_ % 2 == 0 else order[::-1]:  # alternate, so no one always goes first
            start, cpu_start = time.perf_counter(), time.process_time()
            out = run(n)
            seconds[name].append(time.perf_counter() - start)
            cpu_seconds[name].append(time.process_time() - cpu_start)
            assert out.shape == (1, PROMPT_TOKENS + n), f"{name} stopped early: {tuple(out.shape)}"

    # CPU time leaves out the time spent waiting for a core, which a shared machine adds to wall time
    print(f"\n{'':26s}{'ms/token':>10s}{'tokens/s':>10s}   (min-max ms/token)   CPU ms/token")
    ms = {}
    for name, times in seconds.items():
        ms[name] = statistics.median(times) / n * 1e3
        cpu_ms = statistics.median(cpu_seconds[name]) / n * 1e3
        print(f"{name:26s}{ms[name]:10.3f}{1e3 / ms[name]:10.0f}   "
              f"({min(times) / n * 1e3:.3f}-{max(times) / n * 1e3:.3f}){cpu_ms:16.3f}")
    print()
    ours = ms["ours (KV cache)"]
    if "transformers generate" in ms:
        print(f"ours vs transformers generate: {ms['transformers generate'] / ours:5.2f}x the tokens/s")
    if "baseline (KV cache)" in ms:
        # paired: each round's baseline time over ours in the same round, so a slow spell cancels out
        paired = statistics.median(b / a for a, b in zip(seconds["ours (KV cache)"], seconds["baseline (KV cache)"]))
        print(f"ours vs baseline ({args.baseline}): {ms['baseline (KV cache)'] / ours:5.2f}x the tokens/s "
              f"(median of the rounds' ratios: {paired:.2f}x)")
    for name in ("llama.cpp f32", "llama.cpp q8_0"):
        if name in ms:
            print(f"ours vs {name}: {ms[name] / ours:5.2f}x the tokens/s")
    print(f"ours vs ours through the modules: {ms['ours, modules + cache'] / ours:5.2f}x the tokens/s")
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
    for llm in twins.values():
        llm.close()  # now, not at interpreter exit, when llama-cpp-python's cleanup fails noisily
    return 0


if __name__ == "__main__":
    sys.exit(main())
