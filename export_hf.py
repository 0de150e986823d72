"""
Export a quantaTinyLLM checkpoint as a Hugging Face transformers model folder (GPT-2 architecture).

    python export_hf.py                                          # checkpoints/best.pth -> checkpoints/hf
    python export_hf.py --checkpoint-path runs/x/best.pth --out-dir runs/x/hf
    python export_hf.py --help

The folder holds config.json, generation_config.json and model.safetensors (a GPT2LMHeadModel) plus
tokenizer.json and tokenizer_config.json (a fast tokenizer with our <USR>/<ASSIST>/<EOT> chat
template), so it loads anywhere transformers runs, offline:

    from transformers import AutoModelForCausalLM, AutoTokenizer
    model = AutoModelForCausalLM.from_pretrained("checkpoints/hf")
    tokenizer = AutoTokenizer.from_pretrained("checkpoints/hf")
    inputs = tokenizer.apply_chat_template([{"role": "user", "content": "Hi"}], add_generation_prompt=True,
                                           return_tensors="pt", return_dict=True)
    out = model.generate(**inputs, max_new_tokens=40)
    print(tokenizer.decode(out[0, inputs["input_ids"].shape[1]:], skip_special_tokens=True))

TinyTransformerLM was written to be GPT-2 in every choice that changes the numbers (learned position
embedding, pre-LayerNorm blocks, fused QKV, exact-erf GELU, 4x-wide feed-forward, biases, tied head), so the export
only renames and transposes weights; it then reloads the folder and checks that both models give the
same logits. It needs `transformers` (pip install transformers); training and chat do not.
"""

import json
import os
import sys

import torch
import torch.nn as nn

from flags import UserError, parse_flags
from inference import load_model
from tokenizer import EOT, PAD

CHECKPOINT_PATH = "checkpoints/best.pth"  # checkpoint to export (best.pth or latest.pth of a run)
OUT_DIR = ""  # folder to write ('' = a folder named hf beside the checkpoint)
OVERWRITE = False  # replace an earlier export in the same folder
VERIFY = True  # reload the exported folder and compare its logits with the checkpoint's
VERIFY_TOLERANCE = 1e-4  # largest logit difference the check accepts (float32 rounding stays far below it)

# Renders a conversation exactly as CustomTokenizer.encode_chat does: control tokens with no spaces
# around them, system messages folded into the next user turn (joined by newlines), and <ASSIST> at
# the end when a reply is wanted. Jinja, as transformers expects; tests/test_export_hf.py checks it
# against encode_chat.
CHAT_TEMPLATE = """\
{%- set ns = namespace(system='') -%}
{%- for message in messages -%}
    {%- if message['role'] == 'system' -%}
        {%- set ns.system = ns.system + message['content'] + '\\n' -%}
    {%- elif message['role'] == 'user' -%}
        {{- '<USR>' + ns.system + message['content'] -}}
        {%- set ns.system = '' -%}
    {%- elif message['role'] == 'assistant' -%}
        {{- '<ASSIST>' + message['content'] + '<EOT>' -}}
    {%- else -%}
        {{- raise_exception('unknown chat role ' + message['role'] + ': expected system, user or assistant') -}}
    {%- endif -%}
{%- endfor -%}
{%- if add_generation_prompt -%}
    {{- '<ASSIST>' -}}
{%- endif -%}
"""

# nn.GELU's `approximate` setting -> the name transformers gives the same function
GELU_NAMES = {"none": "gelu", "tanh": "gelu_pytorch_tanh"}
# weights of our Linear layers that GPT-2 implements as Conv1D, which stores them as (in, out)
# (our FeedForward is named mlp inside each Block, as in GPT-2)
CONV1D_WEIGHTS = ("attn.c_attn.weight", "attn.c_proj.weight", "mlp.c_fc.weight", "mlp.c_proj.weight")


def import_transformers():
    try:
        import transformers
    except ImportError:
        raise UserError("exporting needs the transformers package: pip install transformers") from None
    return transformers


def load_for_export(checkpoint_path):
    """(model in eval mode, tokenizer, checkpoint dict), loaded as inference.py loads them.

    Shared by both exports. A file that unpickles but is not ours (weights that do not fit its own
    model_config, a tokenizer that does not parse) is a one-line error here, not a traceback.
    """
    try:
        return load_model(checkpoint_path)
    except (AssertionError, KeyError, RuntimeError, TypeError, ValueError) as error:
        lines = [line.strip() for line in str(error).splitlines() if line.strip()] or [type(error).__name__]
        detail = lines[1] if len(lines) > 1 and lines[0].endswith(":") else lines[0]  # torch's heading, then the news
        raise UserError(f"{checkpoint_path} is not a quantaTinyLLM checkpoint that can be rebuilt "
                        f"({detail[:120]})") from None
    except Exception as error:  # tokenizers raises plain Exceptions for a malformed tokenizer.json
        raise UserError(f"{checkpoint_path} carries a tokenizer that does not load "
                        f"({str(error).splitlines()[0][:120]})") from None


def check_gpt2_layout(model):
    """Every architectural choice GPT-2 hard-codes must hold in our model, or the export would be wrong."""
    block = model.blocks[0]
    problems = []
    if model.lm_head.weight is not model.wte.weight or model.lm_head.bias is not None:
        problems.append("the LM head must be tied to the token embedding, without a bias")
    if not isinstance(block.mlp.gelu, nn.GELU):
        problems.append(f"the feed-forward activation is {type(block.mlp.gelu).__name__}, not GELU")
    if block.mlp.c_fc.out_features != 4 * block.mlp.c_fc.in_features:
        problems.append("the feed-forward layer is not 4x wide")  # n_inner could say otherwise, but keep GPT-2's shape
    linears = [m for m in model.modules() if isinstance(m, nn.Linear) and m is not model.lm_head]
    if any(m.bias is None for m in linears):
        problems.append("every Linear layer but the head must have a bias")
    epsilons = {m.eps for m in model.modules() if isinstance(m, nn.LayerNorm)}
    if len(epsilons) != 1:
        problems.append(f"all LayerNorms must share one epsilon, found {sorted(epsilons)}")
    if problems:
        raise UserError("this model does not map onto GPT-2: " + "; ".join(problems))
    return GELU_NAMES[block.mlp.gelu.approximate], epsilons.pop()


def gpt2_config(model, tokenizer):
    """A transformers GPT2Config describing exactly our model."""
    transformers = import_transformers()
    activation, epsilon = check_gpt2_layout(model)
    c = model.config
    return transformers.GPT2Config(
        vocab_size=c["vocab_size"], n_positions=c["block_size"], n_embd=c["n_embd"], n_layer=c["n_layer"],
        n_head=c["n_head"], n_inner=4 * c["n_embd"], activation_function=activation, layer_norm_epsilon=epsilon,
        # our one dropout setting is applied where GPT-2 has its three
        embd_pdrop=c["dropout"], attn_pdrop=c["dropout"], resid_pdrop=c["dropout"],
        scale_attn_weights=True, scale_attn_by_inverse_layer_idx=False, reorder_and_upcast_attn=False,
        tie_word_embeddings=True,
        # as in GPT-2, one token both ends and starts documents: <EOT> separates them in our training data
        bos_token_id=tokenizer.eot_id, eos_token_id=tokenizer.eot_id, pad_token_id=tokenizer.pad_id,
        architectures=["GPT2LMHeadModel"])


def gpt2_state_dict(model):
    """Our weight names and layouts -> GPT2LMHeadModel's (blocks.N -> transformer.h.N, Conv1D transposed)."""
    state = {}
    for name, tensor in model.state_dict().items():
        if name in ("wte.weight", "lm_head.weight"):
            tensor = model.token_embedding()  # without the padding rows (model.PAD_VOCAB_TO)
        if name != "lm_head.weight":
            new_name = "transformer." + name.replace("blocks.", "h.", 1)
        else:
            new_name = name  # the same tensor as wte; GPT-2 ties it too
        if name.endswith(CONV1D_WEIGHTS):
            tensor = tensor.t()  # nn.Linear stores (out, in); Conv1D (in, out)
        state[new_name] = tensor.detach().contiguous().clone()
    return state


def hf_tokenizer(tokenizer, block_size):
    """Our tokenizer as a transformers fast tokenizer: the same tokenizer.json, plus special tokens and template.

    Our CustomTokenizer encodes a literal "<EOT>" typed by a user as plain text; a transformers tokenizer
    turns it into the control token (that is how its chat template places them), as for every model there.
    """
    transformers = import_transformers()
    from tokenizers import Tokenizer

    return transformers.PreTrainedTokenizerFast(
        tokenizer_object=Tokenizer.from_str(tokenizer.to_str()), bos_token=EOT, eos_token=EOT, pad_token=PAD,
        chat_template=CHAT_TEMPLATE, model_max_length=block_size, clean_up_tokenization_spaces=False)


def sampling_defaults(block_size):
    """inference.py's sampling settings, so a transformers pipeline samples as our chat does.

    The repetition penalty is left out: transformers applies it even with do_sample=False, and
    greedy decoding should be the plain argmax there, as temperature 0 is in our chat.
    """
    import inference

    return dict(do_sample=True, temperature=inference.TEMPERATURE, top_k=inference.TOP_K, top_p=inference.TOP_P,
                max_new_tokens=min(inference.MAX_NEW_TOKENS, block_size // 2))  # as reply() leaves room


def export(checkpoint_path, out_dir, overwrite=False):
    """Write the HF folder for a checkpoint; returns (our model, our tokenizer) for checking."""
    model, tokenizer, checkpoint = load_for_export(checkpoint_path)  # first: before the slow import
    if os.path.exists(os.path.join(out_dir, "config.json")) and not overwrite:
        raise UserError(f"{out_dir} already holds an export (config.json): replace it with --overwrite true, "
                        f"or choose another --out-dir")
    transformers = import_transformers()
    config = gpt2_config(model, tokenizer)
    hf_model = transformers.GPT2LMHeadModel(config)
    hf_model.load_state_dict(gpt2_state_dict(model), strict=True)  # strict: every weight, nothing extra
    hf_model.generation_config = transformers.GenerationConfig(
        bos_token_id=tokenizer.eot_id, eos_token_id=tokenizer.eot_id, pad_token_id=tokenizer.pad_id,
        **sampling_defaults(model.block_size))
    os.makedirs(out_dir, exist_ok=True)
    hf_model.save_pretrained(out_dir, safe_serialization=True)
    hf_tokenizer(tokenizer, model.block_size).save_pretrained(out_dir)
    make_tokenizer_config_portable(out_dir)
    write_model_card(out_dir, checkpoint_path, model, checkpoint)
    return model, tokenizer


def make_tokenizer_config_portable(out_dir):
    # transformers 5 names the class TokenizersBackend, which 4.x cannot load (PreTrainedTokenizerFast
    # names it in both), and keeps the template in chat_template.jinja, which older 4.x releases do not read.
    path = os.path.join(out_dir, "tokenizer_config.json")
    with open(path, encoding="utf-8") as f:
        config = json.load(f)
    config["tokenizer_class"] = "PreTrainedTokenizerFast"
    config["chat_template"] = CHAT_TEMPLATE
    with open(path, "w", encoding="utf-8") as f:
        json.dump(config, f, indent=2, ensure_ascii=False)
        f.write("\n")


def write_model_card(out_dir, checkpoint_path, model, checkpoint):
    val = checkpoint.get("val_loss")
    lines = [
        "# quantaTinyLLM export", "",
        f"Exported from `{checkpoint_path}` (step {checkpoint.get('step', '?')}"
        + (f", validation loss {val:.4f} nats/token" if isinstance(val, float) else "") + f") by export_hf.py: "
        f"a {model.num_params() / 1e6:.2f}M-parameter GPT-2 ({model.config['n_layer']} layers, "
        f"{model.config['n_head']} heads, width {model.config['n_embd']}, context {model.block_size} tokens).", "",
        "Chat format: `<USR>user text<ASSIST>reply<EOT>`; `tokenizer.apply_chat_template` renders it.",
        f"The context is {model.block_size} tokens: keep prompt + new tokens within it.", "",
        "```python",
        "from transformers import pipeline",
        f"chat = pipeline('text-generation', model={out_dir!r})",
        "print(chat([{'role': 'user', 'content': 'Hello!'}], max_new_tokens=40)[0]['generated_text'][-1])",
        "```", ""]
    with open(os.path.join(out_dir, "README.md"), "w", encoding="utf-8") as f:
        f.write("\n".join(lines))


@torch.no_grad()
def max_logit_difference(model, hf_model, vocab_size, block_size, batch=2, seed=0):
    """Largest |logit difference| between our model and the HF one on random full-length sequences."""
    generator = torch.Generator().manual_seed(seed)
    idx = torch.randint(vocab_size, (batch, block_size), generator=generator)
    ours, _ = model(idx, targets=idx)  # with targets our model returns logits for every position
    theirs = hf_model(idx).logits
    return (ours - theirs).abs().max().item()


def verify(out_dir, model, tokenizer, tolerance):
    """Reload the folder the way a user would and compare it with our model; returns the logit difference."""
    transformers = import_transformers()
    hf_model = transformers.AutoModelForCausalLM.from_pretrained(out_dir).eval()
    hf_tok = transformers.AutoTokenizer.from_pretrained(out_dir)
    difference = max_logit_difference(model, hf_model, model.config["vocab_size"], model.block_size)
    if difference > tolerance:
        raise UserError(f"the exported model's logits differ from the checkpoint's by {difference:.2e} "
                        f"(more than {tolerance:g}): the export is wrong, please report it")
    messages = [{"role": "user", "content": "What is the capital of France?"}]
    rendered = hf_tok.apply_chat_template(messages, tokenize=True, add_generation_prompt=True, return_dict=True)
    if list(rendered["input_ids"]) != tokenizer.encode_chat(messages, add_generation_prompt=True):
        raise UserError("the exported chat template renders different ids from encode_chat: please report it")
    return difference


def main(argv=None):
    cfg = parse_flags(globals(), __file__, argv, description=__doc__)
    out_dir = cfg.out_dir or os.path.join(os.path.dirname(os.path.abspath(cfg.checkpoint_path)), "hf")
    try:
        model, tokenizer = export(cfg.checkpoint_path, out_dir, cfg.overwrite)
        print(f"wrote {out_dir}: {', '.join(sorted(os.listdir(out_dir)))}")
        if cfg.verify:
            difference = verify(out_dir, model, tokenizer, cfg.verify_tolerance)
            print(f"checked: transformers reloads it; logits match the checkpoint's within {difference:.1e}, "
                  f"and the chat template renders the same ids")
    except UserError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    print(f"load it with AutoModelForCausalLM.from_pretrained({out_dir!r}) and AutoTokenizer.from_pretrained(...)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
