"""export_hf.py: a trained checkpoint becomes a transformers GPT-2 folder that computes the same function."""

import json
import os

import pytest
import torch

os.environ.setdefault("HF_HUB_OFFLINE", "1")  # everything here is local; never wait on the network
transformers = pytest.importorskip("transformers")

import export_hf  # noqa: E402
from inference import load_model  # noqa: E402

CONVERSATION = [{"role": "user", "content": "Hello, I am visitor 7."},
                {"role": "assistant", "content": "G'day, visitor 7! How can I help?"},
                {"role": "user", "content": "What is the capital of Peru?"}]


@pytest.fixture(scope="module")
def exported(trained_run, tmp_path_factory):
    """(our model, our tokenizer, HF model, HF tokenizer, folder), exported once through the script's main."""
    checkpoint_dir, _ = trained_run
    out_dir = str(tmp_path_factory.mktemp("hf"))
    assert export_hf.main(["--checkpoint-path", str(checkpoint_dir / "best.pth"), "--out-dir", out_dir]) == 0
    model, tokenizer, _ = load_model(str(checkpoint_dir / "best.pth"))
    hf_model = transformers.AutoModelForCausalLM.from_pretrained(out_dir).eval()
    hf_tokenizer = transformers.AutoTokenizer.from_pretrained(out_dir)
    return model, tokenizer, hf_model, hf_tokenizer, out_dir


def test_folder_is_a_gpt2_model_with_our_choices(exported):
    model, tokenizer, hf_model, _, out_dir = exported
    assert {"config.json", "model.safetensors", "tokenizer.json", "tokenizer_config.json"} <= set(os.listdir(out_dir))
    with open(os.path.join(out_dir, "config.json")) as f:
        config = json.load(f)
    assert config["model_type"] == "gpt2" and config["architectures"] == ["GPT2LMHeadModel"]
    assert config["activation_function"] == "gelu"  # exact erf GELU, as nn.GELU(); not GPT-2's tanh "gelu_new"
    assert config["layer_norm_epsilon"] == model.ln_f.eps == 1e-5
    assert config["n_positions"] == model.block_size and config["vocab_size"] == tokenizer.vocab_size
    assert config["eos_token_id"] == tokenizer.eot_id and config["pad_token_id"] == tokenizer.pad_id
    assert hf_model.lm_head.weight.data_ptr() == hf_model.transformer.wte.weight.data_ptr()  # tied on load


def test_logits_agree_on_random_sequences(exported):
    model, tokenizer, hf_model, _, _ = exported
    generator = torch.Generator().manual_seed(0)
    worst = 0.0
    for length in (1, 7, model.block_size):
        idx = torch.randint(tokenizer.vocab_size, (3, length), generator=generator)
        with torch.no_grad():
            ours, _ = model(idx, targets=idx)  # targets: logits at every position, not only the last
            theirs = hf_model(idx).logits
        worst = max(worst, (ours - theirs).abs().max().item())
    assert worst < 1e-4, f"largest logit difference {worst:.2e}"


def test_greedy_generations_are_identical(exported):
    model, tokenizer, hf_model, _, _ = exported
    prompts = [tokenizer.encode_chat(CONVERSATION, add_generation_prompt=True),
               tokenizer.encode_chat([{"role": "user", "content": "What is 3 plus 4?"}], add_generation_prompt=True),
               torch.randint(4, tokenizer.vocab_size, (5,), generator=torch.Generator().manual_seed(1)).tolist()]
    for prompt in prompts:
        idx = torch.tensor([prompt])
        room = model.block_size - len(prompt)  # transformers' GPT-2 cannot slide past its context window
        ours = model.generate(idx, room, temperature=0.0, eos_id=tokenizer.eot_id)
        theirs = hf_model.generate(idx, attention_mask=torch.ones_like(idx), max_new_tokens=room, do_sample=False)
        assert ours.tolist() == theirs.tolist()


def test_tokenizer_encodes_and_decodes_plain_text_like_ours(exported):
    _, tokenizer, _, hf_tokenizer, _ = exported
    for text in ["What is the capital of Norway?", " a leading space", "G'day, naïve café 🦘\nsecond line\ttab",
                 "   ", "Hello, visitor 12!"]:
        ids = tokenizer.encode(text)
        assert hf_tokenizer(text)["input_ids"] == ids
        assert hf_tokenizer.decode(ids) == tokenizer.decode(ids) == text
    assert hf_tokenizer.eos_token == "<EOT>" and hf_tokenizer.pad_token == "<PAD>"
    assert hf_tokenizer.decode(tokenizer.encode_chat(CONVERSATION), skip_special_tokens=True) == "".join(
        m["content"] for m in CONVERSATION)


def test_chat_template_renders_encode_chat_ids(exported):
    _, tokenizer, _, hf_tokenizer, _ = exported
    with_system = [{"role": "system", "content": "Answer briefly."}] + CONVERSATION
    for messages in (CONVERSATION, with_system, CONVERSATION[:2]):
        for generation_prompt in (True, False):
            rendered = hf_tokenizer.apply_chat_template(messages, tokenize=True, return_dict=True,
                                                        add_generation_prompt=generation_prompt)
            assert list(rendered["input_ids"]) == tokenizer.encode_chat(messages, generation_prompt)
    with pytest.raises(Exception, match="unknown chat role"):
        hf_tokenizer.apply_chat_template([{"role": "tool", "content": "x"}], tokenize=False)


def test_pipeline_chats_with_the_export(exported):
    model, tokenizer, _, _, out_dir = exported
    chat = transformers.pipeline("text-generation", model=out_dir)
    messages = [{"role": "user", "content": "What is the capital of Japan?"}]
    answer = chat(messages, max_new_tokens=12, do_sample=False)[0]["generated_text"][-1]  # special tokens skipped
    assert answer["role"] == "assistant"
    prompt = torch.tensor([tokenizer.encode_chat(messages, add_generation_prompt=True)])
    ours = model.generate(prompt, 12, temperature=0.0, eos_id=tokenizer.eot_id)[0, prompt.size(1):].tolist()
    control = {tokenizer.usr_id, tokenizer.assist_id, tokenizer.eot_id, tokenizer.pad_id}
    assert answer["content"].strip() == tokenizer.decode([t for t in ours if t not in control]).strip()


def test_missing_checkpoint_is_a_one_line_error(tmp_path, capsys):
    assert export_hf.main(["--checkpoint-path", str(tmp_path / "nope.pth")]) == 1
    error = capsys.readouterr().err.strip()
    assert error.startswith("error:") and "does not exist" in error and "\n" not in error



def test_an_earlier_export_is_replaced_only_when_asked(trained_run, tmp_path, capsys):
    checkpoint_dir, _ = trained_run
    folder = tmp_path / "hf"
    args = ["--checkpoint-path", str(checkpoint_dir / "best.pth"), "--out-dir", str(folder), "--verify", "false"]
    assert export_hf.main(args) == 0
    (folder / "config.json").write_text("{}")  # stands for an export someone wants to keep
    capsys.readouterr()
    assert export_hf.main(args) == 1
    error = capsys.readouterr().err
    assert "--overwrite true" in error and len(error.strip().splitlines()) == 1
    assert (folder / "config.json").read_text() == "{}"
    assert export_hf.main(args + ["--overwrite", "true"]) == 0
    assert json.loads((folder / "config.json").read_text())["model_type"] == "gpt2"
