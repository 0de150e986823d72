"""Chat inference: the cached generation engine, sampling, prompts, streaming, the REPL and the command line.

Everything is built here: a tokenizer trained on a few lines written below, tiny random models, and a
checkpoint saved from them (no training run, no network).
"""

import io
import math
import os
import select
import signal
import subprocess
import sys
import time

import pytest
import torch

from conftest import ROOT, run_script
import inference
from flags import parse_flags
from flags import UserError
from inference import ChatSession, TextStream, banner, fit_history, load_model, reply
from model import (TinyTransformerLM, apply_repetition_penalty, filter_top_k, filter_top_p, sample_next_token,
                   save_checkpoint, to_checkpoint, validate_sampling)
from tokenizer import CustomTokenizer, parse_chat_line

CHAT_LINES = [
    "<USR> What is the capital of France? <ASSIST> The capital of France is Paris. <EOT>",
    "<USR> What is 2 plus 3? <ASSIST> 2 plus 3 is 5. <EOT> <USR> And 4 plus 4? <ASSIST> 4 plus 4 is 8. <EOT>",
    "<USR> Hello there, mate. <ASSIST> G'day! How can I help? <EOT>",
] * 20
EMOJI_TEXT = "G'day 🦘 mate, naïve café!"  # the kangaroo's 4 bytes and each accent's 2 are separate tokens


@pytest.fixture(autouse=True)
def one_thread():
    # Decoding is fastest on one thread, and on a busy machine more threads make it far slower.
    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(threads)


@pytest.fixture(scope="module")
def tok():
    return CustomTokenizer().train(iter(CHAT_LINES), vocab_size=300, min_frequency=1)


def tiny_model(vocab_size=64, block_size=16, seed=0):
    torch.manual_seed(seed)
    return TinyTransformerLM(vocab_size=vocab_size, block_size=block_size, n_layer=2, n_head=2, n_embd=32).eval()


@pytest.fixture(scope="module")
def checkpoint_path(tok, tmp_path_factory):
    """A random chat model with the test tokenizer, saved the way train_llm.py saves it."""
    path = str(tmp_path_factory.mktemp("ckpt") / "best.pth")
    model = tiny_model(vocab_size=tok.vocab_size, block_size=64)
    save_checkpoint(to_checkpoint(model, tokenizer=tok.to_str(), step=7, val_loss=1.2345), path)
    return path


class ScriptedModel(torch.nn.Module):
    """Stands in for TinyTransformerLM in reply(): 'generates' a fixed list of token ids."""

    def __init__(self, ids, block_size=256, interrupt_after=None):
        super().__init__()
        self.anchor = torch.nn.Parameter(torch.zeros(1))  # reply() reads the device from the parameters
        self.config = {"block_size": block_size}
        self.ids, self.interrupt_after, self.prompts = list(ids), interrupt_after, []

    def generate_tokens(self, idx, max_new_tokens, *args, **kwargs):
        self.prompts.append(idx[0].tolist())
        for i, token in enumerate(self.ids[:max_new_tokens]):
            if i == self.interrupt_after:
                raise KeyboardInterrupt  # what Ctrl-C does in the middle of a reply
            yield torch.tensor([token])


def chat_flags(*argv):
    return parse_flags(vars(inference), inference.__file__, list(argv))


# ---- the generation engine -------------------------------------------------------------------------

@pytest.mark.parametrize("prompt_len", [1, 6, 15, 16, 17, 37])
def test_greedy_with_cache_equals_without_across_block_size(prompt_len):
    model = tiny_model(block_size=16)
    idx = torch.randint(0, 64, (3, prompt_len), generator=torch.Generator().manual_seed(prompt_len))
    with_cache = model.generate(idx, 45, temperature=0.0)  # 45 new tokens: the 16-token window slides often
    without = model.generate(idx, 45, temperature=0.0, use_cache=False)
    assert with_cache.shape == (3, prompt_len + 45)
    assert torch.equal(with_cache, without)


def test_decode_step_gives_the_logits_of_forward():
    model = tiny_model(block_size=16)
    idx = torch.randint(0, 64, (2, 16), generator=torch.Generator().manual_seed(1))
    with torch.no_grad():
        expected, _ = model(idx, targets=idx)  # (B, T, vocab): logits at every position
        cache, weights = model.new_kv_cache(2), model.decode_weights()
        got = [model.decode_step(idx[:, :5], 0, cache, weights)]  # the prompt at once, then one at a time
        got += [model.decode_step(idx[:, t:t + 1], t, cache, weights) for t in range(5, 16)]
    assert torch.allclose(torch.stack(got, dim=1), expected[:, 4:], atol=1e-5)


def test_prompt_is_encoded_once_and_the_window_slides_rarely(monkeypatch):
    model = tiny_model(block_size=16)
    chunks = []
    original = model.decode_step
    monkeypatch.setattr(model, "decode_step", lambda idx, *rest: chunks.append(idx.size(1)) or original(idx, *rest))
    model.generate(torch.zeros(1, 5, dtype=torch.long), 40, temperature=0.0)
    # the 5-token prompt once; then the window fills at 17 tokens, 26, 35, 44, keeping its newest 8 each time
    assert [c for c in chunks if c > 1] == [5, 8, 8, 8, 8]
    assert len(chunks) == 40 and chunks.count(1) == 35


def test_batch_rows_are_independent_and_finished_rows_stay_finished():
    model = tiny_model()
    idx = torch.randint(0, 64, (3, 4), generator=torch.Generator().manual_seed(2))
    together = model.generate(idx, 12, temperature=0.0)
    for row in range(3):
        assert torch.equal(together[row:row + 1], model.generate(idx[row:row + 1], 12, temperature=0.0))
    eos = int(together[0, 4])  # row 0 ends at once; the others run on until they produce it or hit the limit
    out = model.generate(idx, 12, temperature=0.0, eos_id=eos)
    assert (out[0, 4:] == eos).all()
    for row in (1, 2):
        alone = model.generate(idx[row:row + 1], 12, temperature=0.0, eos_id=eos)[0]
        assert out[row, :alone.size(0)].tolist() == alone.tolist()


def test_zero_new_tokens_and_bad_prompts():
    model = tiny_model()
    idx = torch.tensor([[1, 2, 3]])
    assert torch.equal(model.generate(idx, 0), idx)
    with pytest.raises(ValueError, match="non-empty"):
        model.generate(torch.zeros(1, 0, dtype=torch.long), 5)
    assert not model.training  # and a model in training mode is put back in it
    model.train()
    model.generate(idx, 2, temperature=0.0)
    assert model.training


# ---- sampling ---------------------------------------------------------------------------------------

def test_top_k_on_hand_made_logits():
    logits = torch.tensor([[1.0, 5.0, 3.0, 4.0, 2.0], [0.0, -1.0, 9.0, 3.0, 8.0]])
    assert torch.isfinite(filter_top_k(logits, 2)).tolist() == [[False, True, False, True, False],
                                                                  [False, False, True, False, True]]
    assert torch.equal(filter_top_k(logits, 0), logits) and torch.equal(filter_top_k(logits, None), logits)
    assert torch.equal(filter_top_k(logits, 5), logits) and torch.equal(filter_top_k(logits, 99), logits)


def test_top_p_keeps_the_smallest_set_reaching_p():
    logits = torch.tensor([[0.05, 0.5, 0.15, 0.3]]).log()  # sorted: 0.5, 0.3, 0.15, 0.05
    kept = {p: torch.isfinite(filter_top_p(logits, p))[0].tolist() for p in (0.01, 0.45, 0.6, 0.85, 0.9, 0.97, 1.0)}
    assert kept[0.01] == kept[0.45] == [False, True, False, False]  # the most likely token alone reaches p
    assert kept[0.6] == [False, True, False, True]
    assert kept[0.85] == kept[0.9] == [False, True, True, True]
    assert kept[0.97] == kept[1.0] == [True, True, True, True]
    two_rows = torch.tensor([[0.9, 0.05, 0.05], [0.4, 0.35, 0.25]]).log()
    assert torch.isfinite(filter_top_p(two_rows, 0.7)).tolist() == [[True, False, False], [True, True, False]]


def test_repetition_penalty_on_hand_made_logits():
    logits = torch.tensor([[2.0, -1.0, 0.5, 3.0]])
    seen = torch.tensor([[0, 1, 1]])  # token 1 twice: still penalised once
    assert apply_repetition_penalty(logits, seen, 2.0).tolist() == [[1.0, -2.0, 0.5, 3.0]]
    assert apply_repetition_penalty(logits, seen, 1.0).tolist() == logits.tolist()


def test_temperature_zero_and_top_k_one_are_greedy():
    logits = torch.randn(4, 50, generator=torch.Generator().manual_seed(0))
    assert torch.equal(sample_next_token(logits, 0.0, top_k=3, top_p=0.5), logits.argmax(-1))
    assert torch.equal(sample_next_token(logits, 1.5, top_k=1), logits.argmax(-1))


def test_seeded_sampling_is_reproducible():
    model = tiny_model()
    idx = torch.randint(0, 64, (2, 5), generator=torch.Generator().manual_seed(3))
    settings = dict(temperature=1.2, top_k=20, top_p=0.9, repetition_penalty=1.3)
    runs = [model.generate(idx, 30, generator=torch.Generator().manual_seed(seed), **settings) for seed in (7, 7, 8)]
    assert torch.equal(runs[0], runs[1])
    assert not torch.equal(runs[0], runs[2])


@pytest.mark.parametrize("settings,message", [
    ({"temperature": -0.5}, "temperature must be a number >= 0"), ({"temperature": math.nan}, "temperature"),
    ({"top_k": -1}, "top_k must be a whole number >= 0"), ({"top_k": 2.5}, "top_k"),
    ({"top_p": 0.0}, r"top_p must be in \(0, 1\]"), ({"top_p": 1.5}, "top_p"), ({"top_p": -0.1}, "top_p"),
    ({"repetition_penalty": 0.0}, "repetition_penalty must be a number > 0"),
])
def test_invalid_sampling_values_are_one_line_errors(settings, message):
    arguments = {"temperature": 1.0, "top_k": None, "top_p": None, **settings}
    with pytest.raises(ValueError, match=message) as error:
        validate_sampling(**arguments)
    assert "\n" not in str(error.value)
    with pytest.raises(ValueError, match=message):
        tiny_model().generate(torch.zeros(1, 1, dtype=torch.long), 1, **arguments)


@pytest.mark.parametrize("flag,value,message", [
    ("--temperature", "-1", "temperature must be a number >= 0"), ("--top-p", "0", "top_p must be in (0, 1]"),
    ("--top-p", "1.5", "top_p must be in (0, 1]"), ("--top-k", "-3", "top_k must be a whole number >= 0"),
    ("--repetition-penalty", "0", "repetition_penalty must be"), ("--max-new-tokens", "0", "must be positive"),
])
def test_invalid_values_on_the_command_line(checkpoint_path, capsys, flag, value, message):
    assert inference.main(["--checkpoint-path", checkpoint_path, "--prompt", "hi", flag, value]) == 1
    err = capsys.readouterr().err
    assert err.startswith("error: ") and message in err and len(err.strip().splitlines()) == 1


def test_invalid_value_exits_1_without_traceback(checkpoint_path):
    result = run_script("inference.py", ["--checkpoint-path", checkpoint_path, "--prompt", "hi", "--top-p", "2"])
    assert result.returncode == 1
    assert "top_p must be in (0, 1]" in result.stderr and "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


# ---- prompts: one rendering for training and inference -------------------------------------------------

def test_inference_prompt_is_a_prefix_of_the_training_rendering(tok):
    messages = parse_chat_line(CHAT_LINES[1])  # two turns, as train_llm.py reads a chat line
    assert [m["role"] for m in messages] == ["user", "assistant", "user", "assistant"]
    trained_on = tok.encode_chats([messages])[0]  # the function train_llm.py renders conversations with
    for turn in (0, 2):
        prompt = fit_history(tok, messages[:turn + 1], block_size=1000, reply_room=0)
        assert trained_on[:len(prompt)] == prompt and prompt[-1] == tok.assist_id
        answer = tok.encode(messages[turn + 1]["content"]) + [tok.eot_id]
        assert trained_on[len(prompt):len(prompt) + len(answer)] == answer  # what the model learnt to continue


def test_typed_control_strings_stay_plain_text(tok):
    typed = "please say <EOT> then <ASSIST> and <USR> and <PAD>"
    prompt = fit_history(tok, [{"role": "user", "content": typed}], block_size=1000, reply_room=0)
    control = [i for i in prompt if i in (tok.usr_id, tok.assist_id, tok.eot_id, tok.pad_id)]
    assert control == [tok.usr_id, tok.assist_id] and prompt[0] == tok.usr_id and prompt[-1] == tok.assist_id
    assert tok.decode(prompt[1:-1]) == typed
    # and the same string written by the model is text too: only the real <EOT> id ends the reply
    model = ScriptedModel(tok.encode("<EOT> is just text") + [tok.eot_id] + tok.encode(" never shown"))
    assert reply(model, tok, [{"role": "user", "content": typed}], temperature=0.0) == ("<EOT> is just text", True)


def test_history_is_cut_from_the_left_at_whole_turns(tok):
    turns = [("What is 2 plus 3?", "2 plus 3 is 5."), ("And 4 plus 4?", "4 plus 4 is 8."),
             ("Hello there, mate.", "G'day! How can I help?")]
    messages = [m for q, a in turns for m in ({"role": "user", "content": q}, {"role": "assistant", "content": a})]
    messages.append({"role": "user", "content": "What is the capital of France?"})
    full = tok.encode_chat(messages, add_generation_prompt=True)
    assert fit_history(tok, messages, len(full) + 10, reply_room=10) == full  # it fits: nothing dropped
    for cut in (2, 4, 6):  # each room just fits the conversation from turn cut/2 on
        expected = tok.encode_chat(messages[cut:], add_generation_prompt=True)
        assert fit_history(tok, messages, len(expected) + 10, reply_room=10) == expected
        assert fit_history(tok, messages, len(expected) + 9, reply_room=9) == expected
    newest = tok.encode_chat(messages[-1:], add_generation_prompt=True)
    with pytest.raises(UserError, match="context is") as error:
        fit_history(tok, messages, len(newest) + 9, reply_room=10)
    assert "\n" not in str(error.value)
    with pytest.raises(UserError, match="empty"):
        fit_history(tok, [{"role": "user", "content": "  \n "}], 100, 10)


# ---- streaming --------------------------------------------------------------------------------------

def test_streaming_never_splits_a_character(tok):
    ids = tok.encode(EMOJI_TEXT)
    assert sum(tok.decode([i]) == "\ufffd" for i in ids) >= 6  # the emoji and accents really are split
    pieces = []
    text, ended = reply(ScriptedModel(ids + [tok.eot_id]), tok, [{"role": "user", "content": "hi"}],
                        temperature=0.0, on_text=pieces.append)
    assert (text, ended) == (EMOJI_TEXT, True)
    assert all("\ufffd" not in piece for piece in pieces) and len(pieces) > 5
    assert "".join(pieces) == text


def test_streamed_pieces_add_up_to_the_stripped_reply(tok):
    stream, pieces = TextStream(tok), []
    for i in tok.encode("  Hello 🦘 there  \n"):
        pieces.append(stream.add(i))
    pieces.append(stream.finish())
    assert "".join(pieces) == stream.text == "Hello 🦘 there"
    # a reply cut off in the middle of a character ends in U+FFFD rather than losing the bytes
    stream = TextStream(tok)
    shown = "".join(stream.add(i) for i in tok.encode("ok 🦘")[:-1]) + stream.finish()
    assert shown.startswith("ok \ufffd") and set(shown[3:]) == {"\ufffd"}


def test_reply_ends_at_any_control_token_and_at_max_new_tokens(tok):
    words = tok.encode(" Paris is nice")
    assert reply(ScriptedModel(words + [tok.usr_id] + words), tok, [{"role": "user", "content": "hi"}],
                 temperature=0.0) == ("Paris is nice", False)
    text, ended = reply(ScriptedModel(words * 10), tok, [{"role": "user", "content": "hi"}], max_new_tokens=3,
                        temperature=0.0)
    assert text == tok.decode(words[:3]).strip() and not ended


def test_reply_with_a_real_model_and_every_sampling_setting(checkpoint_path):
    model, tokenizer, _ = load_model(checkpoint_path)
    messages = [{"role": "user", "content": "What is 2 plus 3?"}]
    settings = dict(max_new_tokens=20, temperature=0.9, top_k=40, top_p=0.9, repetition_penalty=1.2)
    first = reply(model, tokenizer, messages, generator=torch.Generator().manual_seed(5), **settings)
    again = reply(model, tokenizer, messages, generator=torch.Generator().manual_seed(5), **settings)
    assert first == again and isinstance(first[0], str)
    assert not model.training
    with pytest.raises(ValueError, match="max_new_tokens"):
        reply(model, tokenizer, messages, max_new_tokens=0)


# ---- the chat session and its commands ----------------------------------------------------------------

def test_commands_change_settings_and_reject_bad_values(tok, capsys):
    session = ChatSession(ScriptedModel([]), tok, chat_flags())
    for line in ("/temp 0.2", "/topk 5", "/topp 0.8", "/max 12", "/seed 3"):
        assert session.command(line) is True
    cfg = session.cfg
    assert (cfg.temperature, cfg.top_k, cfg.top_p, cfg.max_new_tokens) == (0.2, 5, 0.8, 12)
    out = capsys.readouterr().out
    assert "(temperature = 0.2)" in out and "(max_new_tokens = 12)" in out and "(seed = 3)" in out
    for line, message in (("/temp -1", "temperature must be a number >= 0"), ("/temp warm", "needs a number"),
                          ("/topk 2.5", "needs a whole number"), ("/topk -1", "top_k must be"),
                          ("/topp 0", "top_p must be in (0, 1]"), ("/max 0", "positive number of tokens"),
                          ("/seed x", "/seed needs a whole number"), ("/nope", "unknown command /nope")):
        assert session.command(line) is True
        assert message in capsys.readouterr().out
    assert (cfg.temperature, cfg.top_k, cfg.top_p, cfg.max_new_tokens) == (0.2, 5, 0.8, 12)  # unchanged
    session.command("/help")
    help_text = capsys.readouterr().out
    assert all(name in help_text for name in ("/reset", "/temp", "/topk", "/topp", "/max", "/seed", "/quit"))
    assert "temperature 0.2" in help_text  # and the settings in force
    assert session.command("/quit") is False and session.command("/exit") is False


def test_reset_and_history(tok, capsys):
    model = ScriptedModel(tok.encode(" Paris.") + [tok.eot_id])
    session = ChatSession(model, tok, chat_flags("--temperature", "0"))
    assert session.respond("What is the capital of France?") == "Paris."
    assert session.respond("And of Italy?") == "Paris."
    assert [m["role"] for m in session.messages] == ["user", "assistant", "user", "assistant"]
    assert model.prompts[1] == tok.encode_chat(session.messages[:3], add_generation_prompt=True)
    session.command("/reset")
    assert session.messages == [] and "(conversation cleared)" in capsys.readouterr().out
    session.respond("Hello")
    assert model.prompts[-1] == tok.encode_chat([{"role": "user", "content": "Hello"}], add_generation_prompt=True)


def test_ctrl_c_during_a_reply_stops_it_and_leaves_the_history_alone(tok, capsys):
    words = tok.encode(" one two three four five")
    model = ScriptedModel(words, interrupt_after=3)
    session = ChatSession(model, tok, chat_flags("--temperature", "0"))
    assert session.respond("count please") is None
    assert session.messages == [] and capsys.readouterr().out.endswith(" [stopped]\n")
    model.interrupt_after = None
    assert session.respond("count please") == "one two three four five"
    assert len(session.messages) == 2


def test_seed_command_replays_a_sampled_reply(checkpoint_path, capsys):
    model, tokenizer, _ = load_model(checkpoint_path)
    session = ChatSession(model, tokenizer, chat_flags("--temperature", "1.0", "--max-new-tokens", "15"))
    answers = []
    for _ in range(2):
        session.command("/reset")
        session.command("/seed 11")
        answers.append(session.respond("Hello there, mate.", stream=False))
    assert answers[0] == answers[1]


def test_banner_names_checkpoint_size_step_and_validation_loss(checkpoint_path):
    model, _, checkpoint = load_model(checkpoint_path)
    text = banner(checkpoint_path, model, checkpoint)
    assert checkpoint_path in text and f"{model.num_params() / 1e6:.2f}M parameters" in text
    assert "step 7" in text and "validation loss 1.234" in text and "/help" in text


# ---- the command line --------------------------------------------------------------------------------

def test_one_shot_prompt(checkpoint_path, capsys):
    assert inference.main(["--checkpoint-path", checkpoint_path, "--prompt", "What is 2 plus 3?",
                           "--temperature", "0", "--max-new-tokens", "8"]) == 0
    captured = capsys.readouterr()
    assert captured.err == "" and len(captured.out.splitlines()) == 1


@pytest.mark.parametrize("prompt,message", [("   ", "--prompt is empty"), ("", "--prompt is empty"),
                                            ("word " * 200, "the model's context is 64 tokens")])
def test_empty_and_too_long_prompts_are_one_line_errors(checkpoint_path, capsys, prompt, message):
    assert inference.main(["--checkpoint-path", checkpoint_path, "--prompt", prompt]) == 1
    err = capsys.readouterr().err
    assert message in err and len(err.strip().splitlines()) == 1


def test_piped_input_one_turn_per_line(checkpoint_path, capsys, monkeypatch):
    lines = "What is 2 plus 3?\n\n" + "word " * 200 + "\nAnd 4 plus 4?\n"
    monkeypatch.setattr(sys, "stdin", io.StringIO(lines))
    status = inference.main(["--checkpoint-path", checkpoint_path, "--temperature", "0", "--max-new-tokens", "6"])
    captured = capsys.readouterr()
    assert status == 1  # one line could not be answered ...
    assert "skipped an empty input line" in captured.err and "the model's context is 64 tokens" in captured.err
    assert len(captured.out.splitlines()) == 2  # ... but the others were, one reply per line


class PtyChat:
    """inference.py on a pseudo-terminal, so it runs its interactive REPL as it does for a person."""

    def __init__(self, args, sigint_ignored=False):
        import pty  # POSIX only: the tests that use it are skipped on Windows
        master, slave = pty.openpty()
        env = dict(os.environ, TERM="dumb")  # no terminal escape sequences from readline
        # sigint_ignored starts the program as a shell starts a background job: SIGINT ignored
        ignore = (lambda: signal.signal(signal.SIGINT, signal.SIG_IGN)) if sigint_ignored else None
        self.proc = subprocess.Popen([sys.executable, os.path.join(ROOT, "inference.py"), *args], stdin=slave,
                                     stdout=slave, stderr=slave, cwd=ROOT, env=env, close_fds=True,
                                     preexec_fn=ignore)
        os.close(slave)
        self.master, self.output, self.seen = master, "", 0

    def expect(self, text, timeout=90):
        deadline = time.monotonic() + timeout
        while text not in self.output[self.seen:]:
            ready, _, _ = select.select([self.master], [], [], max(0.0, deadline - time.monotonic()))
            if not ready:
                raise AssertionError(f"no {text!r} within {timeout}s; output so far:\n{self.output}")
            try:
                chunk = os.read(self.master, 4096)
            except OSError:  # the program ended and closed the terminal
                chunk = b""
            if not chunk:
                raise AssertionError(f"the program ended before printing {text!r}; output:\n{self.output}")
            self.output += chunk.decode("utf-8", errors="replace")
        self.seen = self.output.index(text, self.seen) + len(text)

    def send(self, data):
        os.write(self.master, data.encode())

    def interrupt(self, tries=5):
        """Ctrl-C at the prompt, as a person presses it: once the program waits for input."""
        for _ in range(tries):
            # A signal that lands between readline printing the prompt and starting to wait is only seen
            # at the next key or signal; a person never hits that instant, a test can: so pause, retry.
            time.sleep(0.5)
            self.proc.send_signal(signal.SIGINT)
            try:
                return self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                continue
        self.describe_hang()
        return None

    def describe_hang(self):
        """Add to the output where each of the program's threads waits, so a failure can be diagnosed."""
        while select.select([self.master], [], [], 0.2)[0]:
            try:
                chunk = os.read(self.master, 4096)
            except OSError:
                break
            if not chunk:
                break
            self.output += chunk.decode("utf-8", errors="replace")
        tasks = f"/proc/{self.proc.pid}/task"
        if os.path.isdir(tasks):
            for tid in sorted(os.listdir(tasks)):
                with open(f"{tasks}/{tid}/wchan") as wchan, open(f"{tasks}/{tid}/status") as status:
                    masks = [line.strip() for line in status
                             if line.startswith(("SigBlk", "SigIgn", "SigPnd", "ShdPnd"))]
                    self.output += f"\n[thread {tid} waits in {wchan.read() or '?'}; {', '.join(masks)}]"
        self.proc.kill()

    def wait(self, timeout=60):
        try:
            return self.proc.wait(timeout=timeout)
        finally:
            os.close(self.master)


needs_pty = pytest.mark.skipif(sys.platform == "win32", reason="pseudo-terminals are POSIX-only")


@needs_pty
def test_repl_commands_reply_and_ctrl_c_at_the_prompt(checkpoint_path):
    chat = PtyChat(["--checkpoint-path", checkpoint_path, "--max-new-tokens", "6"])
    chat.expect("step 7, validation loss 1.234")
    chat.expect("you> ")
    chat.send("/temp 0\n")
    chat.expect("(temperature = 0.0)")
    chat.expect("you> ")
    chat.send("What is 2 plus 3?\n")
    chat.expect("bot> ")
    chat.expect("you> ")
    assert chat.interrupt() == 0, chat.output  # Ctrl-C at the prompt leaves, cleanly
    assert chat.wait() == 0
    assert "Traceback" not in chat.output


@needs_pty
def test_repl_ctrl_c_leaves_even_when_started_with_sigint_ignored(checkpoint_path):
    chat = PtyChat(["--checkpoint-path", checkpoint_path], sigint_ignored=True)
    chat.expect("you> ")
    assert chat.interrupt() == 0, chat.output
    assert chat.wait() == 0


@needs_pty
def test_repl_ctrl_d_leaves(checkpoint_path):
    chat = PtyChat(["--checkpoint-path", checkpoint_path])
    chat.expect("you> ")
    chat.send("\x04")  # Ctrl-D on an empty line: end of input
    assert chat.wait() == 0
    assert "Traceback" not in chat.output
