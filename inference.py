"""
Chat with a trained quantaTinyLLM checkpoint.

    python inference.py                                  # interactive chat with checkpoints/best.pth
    python inference.py --prompt "What is a token?"      # one reply, then exit
    echo "hello" | python inference.py                   # piped: one user turn per line, exit at EOF
    python inference.py --checkpoint-path run/latest.pth --temperature 0 --max-new-tokens 64
    python inference.py --help                           # every constant below as a flag

In the chat, replies appear as they are generated. Type /help for the commands (/reset, /temp, /topk,
/topp, /max, /seed, /quit). Ctrl-C stops a reply; Ctrl-C or Ctrl-D at the prompt leaves. The
checkpoint carries the model config and the tokenizer, so nothing else is needed.

From Python (the notebook and the benchmarks do this):

    from inference import load_model, reply
    model, tokenizer, checkpoint = load_model("checkpoints/best.pth", device="cpu")
    text, ended = reply(model, tokenizer, [{"role": "user", "content": "Hi"}], temperature=0.0)

reply() renders the conversation with tokenizer.encode_chat, the function that renders the training
data, so the prompt the model sees is exactly the start of a training conversation; it then turns the
token ids that generate_with_sampling() samples into text as they arrive.
"""

import signal
import sys

import torch

from flags import UserError, parse_flags, resolve_device
from model import from_checkpoint, load_checkpoint, validate_sampling
from tokenizer import CustomTokenizer

CHECKPOINT_PATH = "checkpoints/best.pth"  # checkpoint to chat with (best.pth or latest.pth of a run)
PROMPT = ""  # one-shot mode: reply to this message and exit
MAX_NEW_TOKENS = 256  # longest reply, in tokens (a story runs to about 150)
TEMPERATURE = 0.7  # randomness of sampling (0 = always the most likely token)
TOP_K = 50  # sample only from the K most likely tokens (0 = off)
TOP_P = 0.95  # sample from the smallest set of tokens whose probability reaches P (1 = off)
REPETITION_PENALTY = 1.1  # make tokens already in the conversation less likely (1 = off)
DEVICE = "auto"  # 'auto', 'cpu', 'cuda' or 'mps'
SEED = 1337  # seed for sampling, so a conversation can be replayed
THREADS = 1  # CPU threads for generation (one token at a time is fastest on 1; 0 = PyTorch's default)

CHAT_COMMANDS = """commands:
  /help       show this help          /reset     forget the conversation so far
  /temp X     set temperature         /topk K    set top-k (0 = off)
  /topp P     set top-p (1 = off)     /max N     set the longest reply in tokens
  /seed N     reseed sampling         /quit      leave (Ctrl-D works too)
Ctrl-C stops a reply; Ctrl-C at the prompt leaves."""


def load_model(path, device="cpu"):
    """A checkpoint file -> (model in eval mode, its tokenizer, the checkpoint dict)."""
    checkpoint = load_checkpoint(path, device)
    model = from_checkpoint(checkpoint, device).eval()
    if not isinstance(checkpoint.get("tokenizer"), str):
        raise UserError(f"{path} carries no tokenizer: it was not written by train_llm.py")
    tokenizer = CustomTokenizer.from_str(checkpoint["tokenizer"])
    if tokenizer.vocab_size != model.config["vocab_size"]:
        raise UserError(f"{path}: its tokenizer has {tokenizer.vocab_size} tokens but the model expects "
                        f"{model.config['vocab_size']}; the checkpoint is inconsistent")
    return model, tokenizer, checkpoint


def fit_history(tokenizer, messages, block_size, reply_room):
    """Prompt ids for the conversation, dropping the oldest whole turns until it fits the context.

    A turn is a user message with the reply that followed it, so the prompt always starts at a user
    message. reply_room tokens are kept free for the reply. Raises UserError if even the newest user
    message alone does not fit.
    """
    if not messages or not str(messages[-1].get("content", "")).strip():
        raise UserError("the message is empty: type something to reply to")
    start = 0
    while True:
        ids = tokenizer.encode_chat(messages[start:], add_generation_prompt=True)
        if len(ids) + reply_room <= block_size:
            return ids
        next_user = next((i for i in range(start + 1, len(messages)) if messages[i]["role"] == "user"), None)
        if next_user is None:
            raise UserError(f"the message is {len(ids)} tokens but the model's context is {block_size} tokens "
                            f"(with {reply_room} kept for the reply): shorten it")
        start = next_user


class TextStream:
    """Reply token ids in, printable text pieces out, as the tokens arrive.

    Byte-level BPE may split one character (an emoji, an accented letter) over several tokens, and
    until its last byte arrives the text decodes to U+FFFD: such a tail is held back. Whitespace at
    either end is held back too, so the pieces add up to exactly the stripped reply, `text`.
    """

    def __init__(self, tokenizer):
        self.tokenizer, self.ids, self.text = tokenizer, [], ""

    def add(self, token_id):
        """Take one token id; return the text that became final ('' if none)."""
        self.ids.append(token_id)
        text = self.tokenizer.decode(self.ids).strip()
        stable = text.rstrip("\ufffd").rstrip() if text.endswith("\ufffd") else text
        return self._advance(stable)

    def finish(self):
        """The rest of the reply, incomplete characters included (they stay U+FFFD)."""
        return self._advance(self.tokenizer.decode(self.ids).strip())

    def _advance(self, stable):
        # Text only ever grows at the end, so what was shown is a prefix of what is final now.
        if len(stable) <= len(self.text) or not stable.startswith(self.text):
            return ""
        piece, self.text = stable[len(self.text):], stable
        return piece


def generate_with_sampling(model, prompt_ids, stop_ids, max_new_tokens=MAX_NEW_TOKENS, temperature=TEMPERATURE,
                           top_k=TOP_K, top_p=TOP_P, repetition_penalty=REPETITION_PENALTY, generator=None):
    """Yield the ids of the tokens that follow prompt_ids (a list of ids), one at a time as each is sampled.

    Each step makes the tokens already in the context less likely (repetition_penalty), divides the
    logits by temperature (0: always the most likely token), keeps the top_k most likely tokens and of
    those the smallest set whose probability reaches top_p, and samples from what is left (the arithmetic
    is in model.py). Generation ends after the first id in stop_ids, which is yielded too, so the caller
    sees why it ended, or after max_new_tokens.
    """
    device = next(model.parameters()).device
    idx = torch.tensor([prompt_ids], dtype=torch.long, device=device)
    tokens = model.generate_tokens(idx, max_new_tokens, temperature, top_k, top_p, repetition_penalty,
                                   generator=generator)
    try:
        for next_id in tokens:
            token = int(next_id[0])  # batch of one: the chat has a single conversation
            yield token
            if token in stop_ids:
                return
    finally:
        tokens.close()  # also when the caller stops early: the model leaves generation mode


def reply(model, tokenizer, messages, max_new_tokens=MAX_NEW_TOKENS, temperature=TEMPERATURE, top_k=TOP_K,
          top_p=TOP_P, repetition_penalty=REPETITION_PENALTY, generator=None, on_text=None):
    """Sample the assistant's reply to `messages`, a list of {"role", "content"} ending with the user's.

    The defaults are the chat's, so a reply from Python samples as the command line does. The oldest
    turns are dropped if the conversation does not fit the context. on_text(str) is called with each new
    piece of text as soon as it is final (for streaming); the pieces add up to the returned text.
    Returns (reply text, True if the reply ended with <EOT>).
    """
    validate_sampling(temperature, top_k, top_p, repetition_penalty)
    if isinstance(max_new_tokens, bool) or not isinstance(max_new_tokens, int) or max_new_tokens <= 0:
        raise ValueError(f"max_new_tokens must be a positive whole number, got {max_new_tokens}")
    block_size = model.config["block_size"]
    prompt = fit_history(tokenizer, messages, block_size, min(max_new_tokens, block_size // 2))
    # The reply ends at <EOT>. Any other control token would start a new turn: it ends the reply too.
    control = {tokenizer.usr_id, tokenizer.assist_id, tokenizer.eot_id, tokenizer.pad_id}
    stream, ended = TextStream(tokenizer), False
    tokens = generate_with_sampling(model, prompt, control, max_new_tokens, temperature, top_k, top_p,
                                    repetition_penalty, generator)
    try:
        for token in tokens:
            if token in control:
                ended = token == tokenizer.eot_id
                continue
            piece = stream.add(token)
            if piece and on_text is not None:
                on_text(piece)
    finally:
        tokens.close()  # also when on_text or Ctrl-C stops us
    piece = stream.finish()
    if piece and on_text is not None:
        on_text(piece)
    return stream.text, ended


class ChatSession:
    """A conversation and its sampling settings, for the REPL, piped input and --prompt."""

    SETTINGS = {"/temp": ("temperature", float), "/topk": ("top_k", int), "/topp": ("top_p", float),
                "/max": ("max_new_tokens", int)}

    def __init__(self, model, tokenizer, cfg, device="cpu"):
        self.model, self.tokenizer, self.cfg = model, tokenizer, cfg
        self.messages = []
        self.generator = torch.Generator(device=device).manual_seed(cfg.seed)

    def settings(self):
        cfg = self.cfg
        return (f"temperature {cfg.temperature}, top-k {cfg.top_k}, top-p {cfg.top_p}, "
                f"repetition penalty {cfg.repetition_penalty}, replies up to {cfg.max_new_tokens} tokens")

    def command(self, line):
        """Handle a /command line; returns False when the session should end."""
        name, _, value = line.strip().partition(" ")
        value = value.strip()
        if name in ("/quit", "/exit"):
            return False
        if name == "/help":
            print(f"{CHAT_COMMANDS}\nnow: {self.settings()}")
        elif name == "/reset":
            self.messages = []
            print("(conversation cleared)")
        elif name == "/seed":
            try:
                self.generator.manual_seed(int(value))
                print(f"(seed = {int(value)})")
            except ValueError:
                print(f"/seed needs a whole number, e.g. /seed 42 (got {value!r})")
        elif name in self.SETTINGS:
            self._set(name, value)
        else:
            print(f"unknown command {name}: type /help for the list")
        return True

    def _set(self, name, value):
        field, kind = self.SETTINGS[name]
        try:
            new_value = kind(value)
        except ValueError:
            print(f"{name} needs a {'whole number' if kind is int else 'number'}, e.g. {name} "
                  f"{getattr(self.cfg, field)} (got {value!r})")
            return
        trial = {key: getattr(self.cfg, key) for key in ("temperature", "top_k", "top_p")}
        try:
            if field == "max_new_tokens":
                if new_value <= 0:
                    raise ValueError(f"the longest reply must be a positive number of tokens, got {new_value}")
            else:
                trial[field] = new_value
                validate_sampling(**trial)
        except ValueError as error:
            print(f"{name}: {error}")
            return
        setattr(self.cfg, field, new_value)
        print(f"({field} = {new_value})")

    def respond(self, text, stream=True):
        """Add the user's message, print the reply (streamed, or whole at the end), keep both in the history.

        Ctrl-C stops the reply; the interrupted exchange is then left out of the history.
        """
        self.messages.append({"role": "user", "content": text})
        cfg = self.cfg
        try:
            answer, _ = reply(self.model, self.tokenizer, self.messages, cfg.max_new_tokens, cfg.temperature,
                              cfg.top_k, cfg.top_p, cfg.repetition_penalty, self.generator,
                              on_text=(lambda piece: print(piece, end="", flush=True)) if stream else None)
        except UserError:
            self.messages.pop()
            raise
        except KeyboardInterrupt:
            self.messages.pop()
            print(" [stopped]", flush=True)
            return None
        print(answer if not stream else "", flush=True)
        self.messages.append({"role": "assistant", "content": answer})
        return answer


def banner(path, model, checkpoint):
    val = checkpoint.get("val_loss")
    val_text = f", validation loss {val:.3f}" if isinstance(val, (int, float)) else ""
    return (f"quantaTinyLLM chat: {path} ({model.num_params() / 1e6:.2f}M parameters, step "
            f"{checkpoint.get('step', '?')}{val_text})\n"
            f"type /help for commands; Ctrl-C stops a reply; /quit or Ctrl-D leaves")


def interactive(session, path, checkpoint):
    """The REPL: read a line, run a /command or reply to it, until /quit, Ctrl-D or Ctrl-C at the prompt."""
    # Ctrl-C is how a person stops a reply or leaves, so take it even when started with SIGINT ignored
    # (as shells start background jobs, and Python keeps an inherited "ignore").
    signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        import readline  # noqa: F401  (importing it gives input() line editing and history)
    except ImportError:
        pass
    print(banner(path, session.model, checkpoint))
    print(f"settings: {session.settings()}")
    while True:
        try:
            line = input("\nyou> ").strip()
        except (EOFError, KeyboardInterrupt):
            print()
            return
        if not line:
            print("(empty message: type something, or /help)")
            continue
        if line.startswith("/"):
            if not session.command(line):
                return
            continue
        print("bot> ", end="", flush=True)
        try:
            session.respond(line)
        except UserError as error:
            print(f"\nerror: {error}")


def piped(session):
    """Non-interactive: each input line is a user turn (one conversation); each reply printed whole.

    Returns the exit status: 1 if any line could not be answered (its error is on stderr).
    """
    status = 0
    for line in sys.stdin:
        line = line.strip()
        if not line:
            print("warning: skipped an empty input line", file=sys.stderr)
            continue
        try:
            session.respond(line, stream=False)
        except UserError as error:
            print(f"error: {error}", file=sys.stderr)
            status = 1
    return status


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    cfg = parse_flags(globals(), __file__, argv, description=__doc__)
    try:
        validate_sampling(cfg.temperature, cfg.top_k, cfg.top_p, cfg.repetition_penalty)
        if cfg.max_new_tokens <= 0:
            raise UserError(f"--max-new-tokens must be positive, got {cfg.max_new_tokens}")
        if cfg.threads < 0:
            raise UserError(f"--threads must be >= 0 (0 = PyTorch's default), got {cfg.threads}")
        one_shot = "--prompt" in argv or any(arg.startswith("--prompt=") for arg in argv) or cfg.prompt
        if one_shot and not cfg.prompt.strip():
            raise UserError("--prompt is empty: give the message to reply to, e.g. --prompt \"Hello\"")
        device = resolve_device(cfg.device)
        if device == "cpu" and cfg.threads > 0:
            torch.set_num_threads(cfg.threads)
        model, tokenizer, checkpoint = load_model(cfg.checkpoint_path, device)
        session = ChatSession(model, tokenizer, cfg, device)
        if one_shot:
            session.respond(cfg.prompt.strip(), stream=sys.stdout.isatty())
            return 0
        if sys.stdin.isatty():
            interactive(session, cfg.checkpoint_path, checkpoint)
            return 0
        return piped(session)
    except (UserError, ValueError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:  # Ctrl-C while loading, or in piped and --prompt mode
        print(file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
