"""
Export a quantaTinyLLM checkpoint as one GGUF file, the format of llama.cpp and of the apps built on it
(llama-cpp-python, Ollama, LM Studio).

    python export_gguf.py                                    # checkpoints/best.pth -> checkpoints/best.gguf
    python export_gguf.py --type q8_0 --out-file chat.gguf   # 8-bit weights: about a quarter of f32's size
    python export_gguf.py --help

A GGUF file is a header of named values (the architecture, its sizes, the tokenizer's vocabulary and
merges, the chat template) followed by the tensors, each under the name llama.cpp looks for. llama.cpp
has run GPT-2 for years (its `gpt2` architecture) and TinyTransformerLM makes GPT-2's choices, so the
file simply says "this is a GPT-2" and llama.cpp needs no new code. The file is written directly with
the `gguf` package, llama.cpp's own Python writer (pip install gguf). llama.cpp's converter script is
not used: it recognises tokenizers by a hash of known ones and stops at any tokenizer trained here.

--type says how each weight matrix is stored:
    f32    4 bytes a weight: the checkpoint's numbers exactly
    f16    2 bytes: each weight rounded to 11 significant bits (llama.cpp's converter's default)
    q8_0   8.5 bits: each block of 32 weights is one f16 scale plus 32 signed 8-bit integers
LayerNorm weights and biases stay f32 in every type, as llama.cpp's own quantizer keeps them: they are
a tiny part of the file and every value of the residual stream passes through them.

Even in f32 llama.cpp does not compute exactly our numbers: its GELU is the tanh approximation (read
from a table indexed by the input rounded to f16), where ours is the exact erf one, and it keeps the
attention keys and values in f16. tests/test_gguf.py measures what that changes: llama.cpp's greedy
replies are token for token ours, and its logits stay within a stated tolerance of ours in every type.
"""

import json
import os
import sys

import numpy as np

from export_hf import CHAT_TEMPLATE, check_gpt2_layout, load_for_export
from flags import UserError, atomic_write, parse_flags
from tokenizer import EOT, PAD, SPECIAL_TOKENS

CHECKPOINT_PATH = "checkpoints/best.pth"  # checkpoint to export (best.pth or latest.pth of a run)
OUT_FILE = ""  # GGUF file to write ('' = beside the checkpoint, its name ending in .gguf)
TYPE = "f16"  # how weight matrices are stored: f32 (exact), f16 (half the size) or q8_0 (about a quarter)
OVERWRITE = False  # replace an existing file at OUT_FILE

TYPES = ("f32", "f16", "q8_0")
# llama.cpp's name for the way our tokenizer splits text before merging: GPT-2's regular expression.
PRE_TOKENIZER = "gpt-2"
# llama.cpp sizes every context in steps of this many tokens, whatever it is asked for; a model whose
# learned positions end earlier is not stopped there, and fails at the first position past its table.
LLAMA_CPP_CONTEXT_STEP = 256


def import_gguf():
    try:
        import gguf
    except ImportError:
        raise UserError("exporting to GGUF needs the gguf package: pip install gguf") from None
    return gguf


def check_tokenizer_fits_llama_cpp(tokenizer):
    """llama.cpp re-implements byte-level BPE rather than running ours, so the rules must be the same ones.

    It splits text with GPT-2's regular expression, maps every byte to a printable character as GPT-2
    does, then applies the merges in rank order. tokenizer.py builds exactly that tokenizer; one changed
    by hand (another pre-tokenizer, a normalizer, a space added in front) would give other ids in
    llama.cpp than in our chat, without any error, so it is refused here.
    """
    spec = json.loads(tokenizer.to_str())
    model, pre = spec.get("model") or {}, spec.get("pre_tokenizer") or {}
    problems = []
    if model.get("type") != "BPE":
        problems.append(f"its model is {model.get('type')}, not BPE")
    if pre.get("type") != "ByteLevel" or pre.get("add_prefix_space") or not pre.get("use_regex", True):
        problems.append("it does not split text as GPT-2 does (a ByteLevel pre-tokenizer with GPT-2's "
                        "regular expression and no added space)")
    if spec.get("normalizer"):
        problems.append("it normalizes text first, which llama.cpp's gpt2 tokenizer does not")
    if model.get("continuing_subword_prefix") or model.get("end_of_word_suffix") or model.get("byte_fallback") \
            or model.get("dropout"):
        problems.append("its BPE has options GPT-2's has not (subword prefix or suffix, byte fallback, dropout)")
    if problems:
        raise UserError("this tokenizer cannot be written for llama.cpp: " + "; ".join(problems))
    return spec


def gguf_vocabulary(tokenizer, gguf):
    """(tokens in id order, their types, merges in rank order), as llama.cpp's `gpt2` tokenizer reads them.

    Tokens are stored as the tokenizer spells them: byte-level strings, where "Ġ" stands for a space.
    The four chat tokens are control tokens: llama.cpp then matches their text only in templates and
    prompts it is told hold special tokens, and never prints them in replies.
    """
    spec = check_tokenizer_fits_llama_cpp(tokenizer)
    tokens = [None] * tokenizer.vocab_size
    for token, token_id in spec["model"]["vocab"].items():
        tokens[token_id] = token
    for added in spec.get("added_tokens", []):
        tokens[added["id"]] = added["content"]
    if None in tokens:
        raise UserError(f"the tokenizer has no token for ids {[i for i, t in enumerate(tokens) if t is None][:5]}: "
                        f"llama.cpp needs one for every id")
    special_ids = {tokenizer.tokenizer.token_to_id(token) for token in SPECIAL_TOKENS}
    types = [gguf.TokenType.CONTROL if i in special_ids else gguf.TokenType.NORMAL for i in range(len(tokens))]
    # A merge is stored as "left right": byte-level tokens never contain a space, so it splits unambiguously.
    merges = [merge if isinstance(merge, str) else " ".join(merge) for merge in spec["model"]["merges"]]
    return tokens, types, merges


def gguf_tensors(model, gguf):
    """(llama.cpp's name, float32 array) for every weight, in the order llama.cpp lists them.

    The tied head is stored once, as the token embedding: llama.cpp's gpt2 model reads its output layer
    from token_embd when the file has no output.weight. nn.Linear keeps its weight as (out, in), row
    after row; ggml lists a tensor's dimensions innermost first, so the same numbers are the (in, out)
    shape llama.cpp asks for, and no transpose is needed (unlike transformers' Conv1D in export_hf.py).
    """
    name, kind = gguf.TENSOR_NAMES, gguf.MODEL_TENSOR
    pairs = [(name[kind.TOKEN_EMBD] + ".weight", model.token_embedding()),  # without the padding rows
             (name[kind.POS_EMBD] + ".weight", model.wpe.weight)]
    for i, block in enumerate(model.blocks):
        for tensor_kind, module in ((kind.ATTN_NORM, block.ln_1), (kind.ATTN_QKV, block.attn.c_attn),
                                    (kind.ATTN_OUT, block.attn.c_proj), (kind.FFN_NORM, block.ln_2),
                                    (kind.FFN_UP, block.mlp.c_fc), (kind.FFN_DOWN, block.mlp.c_proj)):
            pairs.append((name[tensor_kind].format(bid=i) + ".weight", module.weight))
            pairs.append((name[tensor_kind].format(bid=i) + ".bias", module.bias))
    pairs += [(name[kind.OUTPUT_NORM] + ".weight", model.ln_f.weight),
              (name[kind.OUTPUT_NORM] + ".bias", model.ln_f.bias)]
    return [(n, tensor.detach().float().cpu().numpy()) for n, tensor in pairs]


def stored(array, weight_type, gguf):
    """An f32 array -> (the array to write, its GGML type) for --type weight_type."""
    kinds = gguf.GGMLQuantizationType
    if array.ndim == 1 or weight_type == "f32":
        return array, kinds.F32
    block = gguf.GGML_QUANT_SIZES[kinds.Q8_0][0]  # 32 weights share one scale
    if weight_type == "q8_0" and array.shape[-1] % block == 0:
        return gguf.quants.quantize(array, kinds.Q8_0), kinds.Q8_0
    # q8_0 blocks run along a row; a row whose length is not a multiple of 32 stays f16, as llama.cpp's
    # quantizer does it
    return array.astype(np.float16), kinds.F16


def build_writer(model, tokenizer, weight_type, name, gguf):
    """A GGUFWriter holding every value and tensor of the file, ready to write."""
    _, epsilon = check_gpt2_layout(model)  # the transformers export's checks: every GPT-2 choice holds
    c = model.config
    tokens, token_types, merges = gguf_vocabulary(tokenizer, gguf)
    if len(tokens) != c["vocab_size"]:
        raise UserError(f"the tokenizer has {len(tokens)} tokens but the model's embedding has {c['vocab_size']} "
                        f"rows: llama.cpp would refuse the file")
    writer = gguf.GGUFWriter(path=None, arch=gguf.MODEL_ARCH_NAMES[gguf.MODEL_ARCH.GPT2])
    writer.add_name(name)
    writer.add_file_type({"f32": gguf.LlamaFileType.ALL_F32, "f16": gguf.LlamaFileType.MOSTLY_F16,
                          "q8_0": gguf.LlamaFileType.MOSTLY_Q8_0}[weight_type])
    if weight_type == "q8_0":
        writer.add_quantization_version(gguf.GGML_QUANT_VERSION)
    # learned positions: llama.cpp has a row for each of block_size positions and no more
    writer.add_context_length(c["block_size"])
    writer.add_embedding_length(c["n_embd"])
    writer.add_feed_forward_length(4 * c["n_embd"])
    writer.add_block_count(c["n_layer"])
    writer.add_head_count(c["n_head"])
    writer.add_layer_norm_eps(epsilon)

    writer.add_tokenizer_model("gpt2")  # llama.cpp's name for byte-level BPE
    writer.add_tokenizer_pre(PRE_TOKENIZER)
    writer.add_token_list(tokens)
    writer.add_token_types(token_types)
    writer.add_token_merges(merges)
    eot, pad = tokens.index(EOT), tokens.index(PAD)
    # <EOT> ends a reply (eos, and llama.cpp's end-of-turn); as in GPT-2 and export_hf.py it is also the
    # beginning-of-text token, never added in front of a prompt: our prompts begin with <USR>.
    writer.add_eos_token_id(eot)
    writer.add_eot_token_id(eot)
    writer.add_bos_token_id(eot)
    writer.add_add_bos_token(False)
    writer.add_add_eos_token(False)
    writer.add_pad_token_id(pad)
    writer.add_chat_template(CHAT_TEMPLATE)

    for tensor_name, array in gguf_tensors(model, gguf):
        data, data_type = stored(array, weight_type, gguf)
        writer.add_tensor(tensor_name, data, raw_dtype=data_type)
    return writer


def write_gguf(writer, f):
    # GGUFWriter opens its file by name: it writes atomic_write's temporary file, which atomic_write then
    # flushes to disk and renames over the destination.
    writer.write_header_to_file(path=f.name)
    writer.write_kv_data_to_file()
    writer.write_tensors_to_file()
    writer.close()


def check_out_file(out_file, overwrite):
    folder = os.path.dirname(os.path.abspath(out_file))
    if not os.path.isdir(folder):
        raise UserError(f"the folder of --out-file {out_file} does not exist: create it or choose another path")
    if os.path.isdir(out_file):
        raise UserError(f"--out-file {out_file} is a folder: give a file path ending in .gguf")
    if os.path.exists(out_file) and not overwrite:
        raise UserError(f"{out_file} already exists: replace it with --overwrite true, or choose another --out-file")


def export(checkpoint_path, out_file, weight_type="f16", overwrite=False):
    """Write the GGUF file for a checkpoint; returns (our model, our tokenizer) for checking."""
    if weight_type not in TYPES:
        raise UserError(f"unknown --type {weight_type!r}: use one of {', '.join(TYPES)}")
    model, tokenizer, _ = load_for_export(checkpoint_path)
    check_out_file(out_file, overwrite)
    gguf = import_gguf()
    name = os.path.splitext(os.path.basename(out_file))[0]
    writer = build_writer(model, tokenizer, weight_type, name, gguf)  # every check passed before a byte is written
    atomic_write(out_file, lambda f: write_gguf(writer, f))
    return model, tokenizer


def main(argv=None):
    cfg = parse_flags(globals(), __file__, argv, description=__doc__)
    out_file = cfg.out_file or os.path.splitext(cfg.checkpoint_path)[0] + ".gguf"
    try:
        model, _ = export(cfg.checkpoint_path, out_file, cfg.type, cfg.overwrite)
    except UserError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    print(f"wrote {out_file} ({os.path.getsize(out_file) / 1e6:.1f} MB, {cfg.type})")
    print(f"chat with it: llama-cli -m {out_file} --jinja -c {model.block_size} (README: Export to GGUF)")
    if model.block_size % LLAMA_CPP_CONTEXT_STEP:
        print(f"note: llama.cpp rounds its context up to a multiple of {LLAMA_CPP_CONTEXT_STEP} tokens, but this model "
              f"has positions for {model.block_size}: keep prompt plus reply within {model.block_size} tokens, or "
              f"llama.cpp stops with GGML_ASSERT(i01 >= 0 && i01 < ne01)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
