"""export_gguf.py: the GGUF file runs in llama.cpp itself (through llama-cpp-python) as our model does.

llama.cpp computes GELU with the tanh approximation (read from a table indexed by the input rounded to
f16) and keeps attention keys and values in f16, so even the f32 file's logits are not bit-for-bit
ours. What must hold: greedy replies token for token, logits within the tolerances below, the same
token ids for text, and the same ids for a chat rendered through the template in the file.
"""

import json
import os
import sys
import warnings

import numpy as np
import pytest
import torch

from conftest import CAPITALS

gguf = pytest.importorskip("gguf", reason="the gguf package is not installed: pip install -r requirements-dev.txt")

import export_gguf  # noqa: E402
from inference import load_model  # noqa: E402
from model import TinyTransformerLM, to_checkpoint  # noqa: E402

try:
    import llama_cpp
except ImportError:  # the tests that run llama.cpp skip; a warning says so in pytest's summary
    llama_cpp = None
    warnings.warn("llama-cpp-python is not installed, so tests/test_gguf.py does not run the exported files in "
                  "llama.cpp: pip install -r requirements-dev.txt (it builds llama.cpp, about 5 minutes)")
needs_llama_cpp = pytest.mark.skipif(llama_cpp is None, reason="llama-cpp-python is not installed: "
                                     "pip install -r requirements-dev.txt")

# Largest |logit difference| from ours, as a fraction of the largest |logit| on the same sequences.
# f32 and f16: llama.cpp's GELU (the tanh form, looked up at the input rounded to f16) and its f16 keys
# and values each change an activation by up to 2^-11 = 0.05% of it; f16 weights round by as much
# again. Measured: 0.01% and 0.03% on this test's model, 0.09% on the default one. Bound: 0.5%.
# q8_0 rounds each weight, and each activation a product reads, to 1/254 of its block's largest (0.4%),
# and such errors add up through the layers. Measured: 0.7% here, 2.1% on the default model. Bound: 5%.
# (Measured by the commands in bench/RESULTS.md, section 9.)
RELATIVE_TOLERANCE = {"f32": 0.005, "f16": 0.005, "q8_0": 0.05}

CONVERSATION = [{"role": "user", "content": "Hello, I am visitor 7."},
                {"role": "assistant", "content": "G'day, visitor 7! How can I help?"},
                {"role": "user", "content": "What is the capital of Peru?"}]
CHAT_PROMPTS = [[{"role": "user", "content": f"What is the capital of {country}?"}] for country, _ in CAPITALS[:4]] + [
    [{"role": "user", "content": "What is 3 plus 4?"}], [{"role": "user", "content": "Hello, I am visitor 12."}],
    [{"role": "system", "content": "Answer briefly."}, {"role": "user", "content": "What is 10 plus 9?"}]]
TEXTS = ["What is the capital of Norway?", " a leading space", "G'day, naïve café 🦘\nsecond line\ttab",
         "   ", "Hello, visitor 12!", "It's 2026: we'll see 123456 wombats", "double  spaces\n\n\nand lines  ",
         "a typed <EOT> stays text", "ünïcödé ÅÄÖ 日本語 👍🏽", "trailing space "]


@pytest.fixture(scope="module")
def exported(trained_run, tmp_path_factory):
    """(our model, our tokenizer, {type: GGUF path}), written once per type through the script's main."""
    checkpoint_dir, _ = trained_run
    folder = tmp_path_factory.mktemp("gguf")
    paths = {}
    for weight_type in export_gguf.TYPES:
        paths[weight_type] = str(folder / f"tiny-{weight_type}.gguf")
        assert export_gguf.main(["--checkpoint-path", str(checkpoint_dir / "best.pth"), "--out-file",
                                 paths[weight_type], "--type", weight_type]) == 0
    model, tokenizer, _ = load_model(str(checkpoint_dir / "best.pth"))
    return model, tokenizer, paths


@pytest.fixture(scope="module")
def open_llama():
    """open_llama(path, block_size, logits_all=False): the file as llama.cpp runs it, on one thread.

    n_ctx is the model's context: llama.cpp rounds it up to a multiple of 256 but the positions end at
    block_size, so every test stays within it. Each Llama is closed when the module's tests are done.
    """
    opened = []

    def open_one(path, block_size, logits_all=False):
        opened.append(llama_cpp.Llama(model_path=path, n_ctx=block_size, n_batch=block_size, n_threads=1,
                                      n_threads_batch=1, logits_all=logits_all, seed=0, verbose=False))
        return opened[-1]

    yield open_one
    for llm in opened:
        llm.close()


def llama_greedy(llm, prompt, max_new_tokens, eos_id):
    """llama.cpp's greedy continuation, repetition penalty off, stopping after eos as our generate does."""
    llm.reset()
    out = []
    for token in llm.generate(prompt, temp=0.0, top_k=1, repeat_penalty=1.0, reset=True):
        out.append(token)
        if token == eos_id or len(out) == max_new_tokens:
            return out
    return out


def our_greedy(model, prompt, max_new_tokens, eos_id):
    idx = torch.tensor([prompt])
    return model.generate(idx, max_new_tokens, temperature=0.0, eos_id=eos_id)[0, len(prompt):].tolist()


@torch.no_grad()
def our_logits(model, ids):
    idx = torch.tensor([ids])
    return model(idx, targets=idx)[0][0].numpy()  # with targets: every position's logits


def llama_logits(llm, ids):
    llm.reset()
    llm.eval(ids)
    return np.array(llm.scores[:len(ids)])


def test_file_holds_a_gpt2_with_our_vocabulary(exported):
    model, tokenizer, paths = exported
    reader = gguf.GGUFReader(paths["f32"])
    fields = {name: field.contents() for name, field in reader.fields.items() if not name.startswith("GGUF.")}
    assert fields["general.architecture"] == "gpt2" and fields["tokenizer.ggml.pre"] == "gpt-2"
    assert fields["gpt2.context_length"] == model.block_size and fields["gpt2.block_count"] == model.config["n_layer"]
    tokens = fields["tokenizer.ggml.tokens"]
    assert len(tokens) == tokenizer.vocab_size and tokens[tokenizer.eot_id] == "<EOT>"
    assert fields["tokenizer.ggml.eos_token_id"] == tokenizer.eot_id and fields["tokenizer.ggml.add_bos_token"] is False
    control = [i for i, kind in enumerate(fields["tokenizer.ggml.token_type"]) if kind == gguf.TokenType.CONTROL]
    assert control == sorted([tokenizer.usr_id, tokenizer.assist_id, tokenizer.eot_id, tokenizer.pad_id])
    names = {tensor.name for tensor in reader.tensors}
    assert "output.weight" not in names and "token_embd.weight" in names  # the tied head is stored once
    n_weights = sum(int(np.prod(tensor.shape)) for tensor in reader.tensors)
    assert n_weights == model.num_params()  # every weight, none twice


def test_weight_types_and_sizes(exported):
    _, _, paths = exported
    sizes = {kind: os.path.getsize(path) for kind, path in paths.items()}
    for kind, expected in (("f16", gguf.GGMLQuantizationType.F16), ("q8_0", gguf.GGMLQuantizationType.Q8_0)):
        types = {t.name: t.tensor_type for t in gguf.GGUFReader(paths[kind]).tensors}
        assert types["blk.0.attn_qkv.weight"] == expected and types["blk.0.attn_norm.bias"] == gguf.GGMLQuantizationType.F32
    # this tiny model's file is mostly vocabulary and merges, which no type shrinks; 35% holds for the
    # default model (README), here only the order is checked
    assert sizes["q8_0"] < sizes["f16"] < sizes["f32"]


@needs_llama_cpp
def test_greedy_replies_in_llama_cpp_are_ours_token_for_token(exported, open_llama):
    model, tokenizer, paths = exported
    llm = open_llama(paths["f32"], model.block_size, logits_all=True)
    for messages in CHAT_PROMPTS:
        prompt = tokenizer.encode_chat(messages, add_generation_prompt=True)
        room = model.block_size - len(prompt)  # llama.cpp does not slide its context window
        ours = our_greedy(model, prompt, room, tokenizer.eot_id)
        theirs = llama_greedy(llm, prompt, room, tokenizer.eot_id)
        if ours != theirs:  # only a near-tie may flip a token: show how near, at the first difference
            step = next(i for i, (a, b) in enumerate(zip(ours, theirs)) if a != b)
            top2 = np.sort(our_logits(model, prompt + ours[:step])[-1])[-2:]  # the logits that chose token `step`
            pytest.fail(f"llama.cpp's reply differs at step {step} of {messages[-1]['content']!r}: ours "
                        f"{tokenizer.decode(ours)!r}, llama.cpp's {tokenizer.decode(theirs)!r}; our top-2 logit "
                        f"gap there is {top2[1] - top2[0]:.2e}")
        assert ours[-1] == tokenizer.eot_id or len(ours) == room


@needs_llama_cpp
@pytest.mark.parametrize("weight_type", export_gguf.TYPES)
def test_logits_within_tolerance_and_first_tokens_equal(exported, weight_type, open_llama):
    model, tokenizer, paths = exported
    llm = open_llama(paths[weight_type], model.block_size, logits_all=True)
    generator = torch.Generator().manual_seed(0)
    sequences = [tokenizer.encode_chat(CONVERSATION, add_generation_prompt=True)[:model.block_size],
                 torch.randint(4, tokenizer.vocab_size, (model.block_size,), generator=generator).tolist()]
    for ids in sequences:
        ours, theirs = our_logits(model, ids), llama_logits(llm, ids)
        relative = np.abs(ours - theirs).max() / np.abs(ours).max()
        assert relative < RELATIVE_TOLERANCE[weight_type], f"{weight_type}: logits differ by {relative:.2%} of the largest"
    for messages in CHAT_PROMPTS:
        prompt = tokenizer.encode_chat(messages, add_generation_prompt=True)
        assert llama_greedy(llm, prompt, 1, tokenizer.eot_id) == our_greedy(model, prompt, 1, tokenizer.eot_id)


@needs_llama_cpp
def test_llama_cpp_tokenizes_plain_text_with_our_ids(exported, open_llama):
    model, tokenizer, paths = exported
    llm = open_llama(paths["q8_0"], model.block_size)
    for text in TEXTS:
        ids = tokenizer.encode(text)
        assert llm.tokenize(text.encode(), add_bos=False, special=False) == ids, text
        assert llm.detokenize(ids).decode() == text
    # control tokens: one id each where special text is parsed (templates), never shown in replies
    assert llm.tokenize(b"<USR>Hi<ASSIST>", add_bos=False, special=True) == [
        tokenizer.usr_id, *tokenizer.encode("Hi"), tokenizer.assist_id]
    assert llm.token_eos() == tokenizer.eot_id and llm.detokenize([tokenizer.eot_id]) == b""


@needs_llama_cpp
def test_chat_template_through_llama_cpp_python_gives_encode_chat_ids(exported, open_llama):
    model, tokenizer, paths = exported
    llm = open_llama(paths["f32"], model.block_size)
    assert llm.chat_format == "chat_template.default"  # the template in the file, not a guessed format
    two_turns = [{"role": "user", "content": "Hi."}, {"role": "assistant", "content": "G'day!"},
                 {"role": "user", "content": "What is 2 plus 2?"}]
    for messages in (two_turns, CHAT_PROMPTS[-1], CHAT_PROMPTS[0]):
        expected = tokenizer.encode_chat(messages, add_generation_prompt=True)
        assert len(expected) + 4 <= model.block_size  # past its context llama.cpp stops the process (README)
        reply = llm.create_chat_completion(messages, max_tokens=4, temperature=0.0, repeat_penalty=1.0)
        fed = list(llm.input_ids[:llm.n_tokens])  # what llama.cpp was given: the prompt, then the reply so far
        ours = our_greedy(model, expected, 4, tokenizer.eot_id)
        assert fed[:len(expected)] == expected
        assert fed[len(expected):] == ours[:len(fed) - len(expected)]
        control = {tokenizer.usr_id, tokenizer.assist_id, tokenizer.eot_id, tokenizer.pad_id}
        shown = tokenizer.decode([t for t in ours if t not in control])  # llama.cpp never prints control tokens
        assert reply["choices"][0]["message"]["content"] == shown


@needs_llama_cpp
def test_rows_not_a_multiple_of_32_stay_f16_in_q8_0(trained_run, tmp_path, open_llama):
    """q8_0 blocks run along rows of 32 weights; a width of 24 leaves those rows in f16, and llama.cpp runs it."""
    checkpoint_dir, _ = trained_run
    _, tokenizer, _ = load_model(str(checkpoint_dir / "best.pth"))
    torch.manual_seed(0)
    model = TinyTransformerLM(vocab_size=tokenizer.vocab_size, block_size=16, n_layer=1, n_head=2, n_embd=24).eval()
    torch.save(to_checkpoint(model, tokenizer=tokenizer.to_str()), tmp_path / "narrow.pth")
    out = str(tmp_path / "narrow.gguf")
    assert export_gguf.main(["--checkpoint-path", str(tmp_path / "narrow.pth"), "--out-file", out, "--type", "q8_0"]) == 0
    types = {t.name: t.tensor_type.name for t in gguf.GGUFReader(out).tensors}
    assert types["blk.0.attn_qkv.weight"] == "F16" and types["blk.0.ffn_down.weight"] == "Q8_0"  # rows of 24, 96
    llm = open_llama(out, 16)
    prompt = tokenizer.encode_chat(CHAT_PROMPTS[0], add_generation_prompt=True)[:8]
    assert llama_greedy(llm, prompt, 1, None) == our_greedy(model, prompt, 1, None)


# ---- bad input: one line, exit status 1, and no file --------------------------------------------------
def run_export(capsys, *args):
    status = export_gguf.main(list(args))
    error = capsys.readouterr().err.strip()
    assert status == 1 and error.startswith("error:") and "\n" not in error
    return error


def test_a_file_that_is_not_our_checkpoint(tmp_path, capsys):
    torch.save({"weights": torch.zeros(3)}, tmp_path / "other.pth")
    out = tmp_path / "x.gguf"
    assert "not a quantaTinyLLM checkpoint" in run_export(capsys, "--checkpoint-path", str(tmp_path / "other.pth"),
                                                           "--out-file", str(out))
    assert not out.exists()


def test_a_checkpoint_whose_weights_do_not_fit_its_config(trained_run, tmp_path, capsys):
    checkpoint = torch.load(trained_run[0] / "best.pth", weights_only=True)
    checkpoint["model_config"]["n_embd"] *= 2
    torch.save(checkpoint, tmp_path / "bent.pth")
    assert "that can be rebuilt (size mismatch for" in run_export(capsys, "--checkpoint-path", str(tmp_path / "bent.pth"),
                                             "--out-file", str(tmp_path / "x.gguf"))


def test_unknown_type_and_bad_output_paths(trained_run, tmp_path, capsys):
    checkpoint = str(trained_run[0] / "best.pth")
    assert "unknown --type 'q4_0'" in run_export(capsys, "--checkpoint-path", checkpoint, "--out-file",
                                                 str(tmp_path / "x.gguf"), "--type", "q4_0")
    assert "does not exist" in run_export(capsys, "--checkpoint-path", checkpoint, "--out-file",
                                          str(tmp_path / "missing" / "x.gguf"))
    assert os.listdir(tmp_path) == []
    existing = tmp_path / "keep.gguf"
    existing.write_bytes(b"someone's file")
    assert "--overwrite true" in run_export(capsys, "--checkpoint-path", checkpoint, "--out-file", str(existing))
    assert existing.read_bytes() == b"someone's file"
    assert export_gguf.main(["--checkpoint-path", checkpoint, "--out-file", str(existing), "--overwrite", "true"]) == 0
    assert existing.read_bytes()[:4] == b"GGUF" and os.listdir(tmp_path) == ["keep.gguf"]


def test_a_tokenizer_llama_cpp_would_split_differently_is_refused(trained_run, tmp_path, capsys):
    checkpoint = torch.load(trained_run[0] / "best.pth", weights_only=True)
    spec = json.loads(checkpoint["tokenizer"])
    spec["pre_tokenizer"]["add_prefix_space"] = True  # llama.cpp's gpt2 tokenizer never adds that space
    checkpoint["tokenizer"] = json.dumps(spec)
    torch.save(checkpoint, tmp_path / "prefix.pth")
    out = tmp_path / "x.gguf"
    assert "cannot be written for llama.cpp" in run_export(capsys, "--checkpoint-path", str(tmp_path / "prefix.pth"),
                                                           "--out-file", str(out))
    assert not out.exists()


def test_without_the_gguf_package_the_error_says_what_to_install(trained_run, tmp_path, capsys, monkeypatch):
    monkeypatch.setitem(sys.modules, "gguf", None)  # makes `import gguf` fail as if it were not installed
    assert "pip install gguf" in run_export(capsys, "--checkpoint-path", str(trained_run[0] / "best.pth"),
                                            "--out-file", str(tmp_path / "x.gguf"))
    assert os.listdir(tmp_path) == []


def test_a_failure_while_writing_leaves_no_file(trained_run, tmp_path, monkeypatch):
    def fail_half_way(writer, f):
        writer.write_header_to_file(path=f.name)
        raise OSError("No space left on device")

    monkeypatch.setattr(export_gguf, "write_gguf", fail_half_way)
    with pytest.raises(OSError):
        export_gguf.export(str(trained_run[0] / "best.pth"), str(tmp_path / "x.gguf"), "f16")
    assert os.listdir(tmp_path) == []
