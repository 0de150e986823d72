"""Chat inference: sampling a reply, prompts, streaming, the REPL and the command line (model.py's generation
engine and sampling arithmetic are tested in test_model.py).

Everything is built here: a tokenizer trained on a few lines written below, tiny random models, and a
checkpoint saved from them (no training run, no network).
"""

import inspect
import io
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
from inference import ChatSession, TextStream, banner, fit_history, generate_with_sampling, load_model, reply
from model import TinyTransformerLM, save_checkpoint, to_checkpoint
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


# ---- sampling a reply -----------------------------------------------------------------------------------

def test_generate_with_sampling_samples_as_the_model_does_and_streams(checkpoint_path):
    model, tokenizer, _ = load_model(checkpoint_path)
    prompt = tokenizer.encode_chat([{"role": "user", "content": "What is 2 plus 3?"}], add_generation_prompt=True)
    settings = dict(temperature=1.3, top_k=40, top_p=0.9, repetition_penalty=1.2)
    streamed = generate_with_sampling(model, prompt, stop_ids=set(), max_new_tokens=20,
                                      generator=torch.Generator().manual_seed(5), **settings)
    first = next(streamed)  # a token is there as soon as it is sampled
    ids = [first] + list(streamed)
    expected = model.generate(torch.tensor([prompt]), 20, generator=torch.Generator().manual_seed(5), **settings)
    assert ids == expected[0, len(prompt):].tolist() and len(ids) == 20
    again = generate_with_sampling(model, prompt, set(), 20, generator=torch.Generator().manual_seed(6), **settings)
    assert list(again) != ids  # another seed, another sample


def test_generate_with_sampling_ends_after_a_stop_id_and_at_max_new_tokens():
    model = ScriptedModel([5, 6, 2, 7, 8])
    assert list(generate_with_sampling(model, [1], stop_ids={2, 3}, max_new_tokens=10)) == [5, 6, 2]
    assert list(generate_with_sampling(model, [1], stop_ids={9}, max_new_tokens=4)) == [5, 6, 2, 7]
    assert model.prompts == [[1], [1]]


def test_reply_samples_with_the_chat_settings_by_default():
    cfg = chat_flags()  # the command line's defaults
    defaults = {name: p.default for name, p in inspect.signature(reply).parameters.items()}
    for name in ("max_new_tokens", "temperature", "top_k", "top_p", "repetition_penalty"):
        assert defaults[name] == getattr(cfg, name), name
    assert defaults["repetition_penalty"] == inference.REPETITION_PENALTY != 1.0


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


def test_only_the_real_eot_id_ends_a_reply(tok):
    # the model writing the text "<EOT>" is text (tokenizer tests check typed control strings stay text)
    model = ScriptedModel(tok.encode("<EOT> is just text") + [tok.eot_id] + tok.encode(" never shown"))
    assert reply(model, tok, [{"role": "user", "content": "say <EOT>"}], temperature=0.0) == \
        ("<EOT> is just text", True)


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


def test_a_checkpoint_written_by_an_older_commit_chats():
    path = os.path.join(ROOT, "tests", "fixtures", "checkpoint_858bc0c.pth")  # written by commit 858bc0c
    result = run_script("inference.py", ["--checkpoint-path", path, "--prompt", "What is the capital of France?",
                                         "--max-new-tokens", "6"])  # its context is 32 tokens, the prompt 25
    assert result.returncode == 0, result.stderr
    assert result.stderr == "" and len(result.stdout.splitlines()) == 1


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
