"""
Chat with a trained quantaTinyLLM checkpoint.

    python inference.py                                  # interactive chat with checkpoints/best.pth
    python inference.py --prompt "What is a token?"      # one reply, then exit
    echo "hello" | python inference.py                   # piped: one user turn per line, exit at EOF
    python inference.py --checkpoint-path run/latest.pth --temperature 0 --max-new-tokens 64

In the chat, type /help for the commands (/reset, /temp, /topk, /topp, /max, /seed, /quit).
Ctrl-C stops a reply; Ctrl-C or Ctrl-D at the prompt leaves. The checkpoint carries the model
config and the tokenizer, so nothing else is needed.
"""

import sys

import torch

from flags import parse_flags
from model import CheckpointError, from_checkpoint, load_checkpoint, validate_sampling
from tokenizer import CustomTokenizer

CHECKPOINT_PATH = "checkpoints/best.pth"  # checkpoint to chat with (best.pth or latest.pth of a run)
PROMPT = ""  # one-shot mode: reply to this message and exit
MAX_NEW_TOKENS = 128  # longest reply, in tokens
TEMPERATURE = 0.7  # randomness of sampling (0 = always the most likely token)
TOP_K = 50  # sample only from the K most likely tokens (0 = off)
TOP_P = 0.95  # sample from the smallest set of tokens whose probability reaches P (1 = off)
REPETITION_PENALTY = 1.1  # make tokens already in the conversation less likely (1 = off)
DEVICE = "auto"  # 'auto', 'cpu', 'cuda' or 'mps'
SEED = 1337  # seed for sampling, so a conversation can be replayed

CHAT_COMMANDS = """commands:
  /help       show this help          /reset     forget the conversation so far
  /temp X     set temperature         /topk K    set top-k (0 = off)
  /topp P     set top-p (1 = off)     /max N     set the longest reply in tokens
  /seed N     reseed sampling         /quit      leave (Ctrl-D works too)"""


class ChatError(Exception):
    """A mistake in settings or input: reported as one line."""


def pick_device(name):
    if name == "auto":
        return "cuda" if torch.cuda.is_available() else "mps" if torch.backends.mps.is_available() else "cpu"
    if name.startswith("cuda") and not torch.cuda.is_available():
        raise ChatError(f"--device {name} was asked for but this machine has no CUDA GPU: use --device cpu or auto")
    if name == "mps" and not torch.backends.mps.is_available():
        raise ChatError("--device mps was asked for but this machine has no Apple GPU: use --device cpu or auto")
    if name != "cpu" and not name.startswith(("cuda", "mps")):
        raise ChatError(f"unknown --device {name!r}: use auto, cpu, cuda, cuda:N or mps")
    return name


def load_model(path, device="cpu"):
    """A checkpoint file -> (model in eval mode, its tokenizer, the checkpoint dict)."""
    checkpoint = load_checkpoint(path, device)
    model = from_checkpoint(checkpoint, device).eval()
    tokenizer = CustomTokenizer.from_str(checkpoint["tokenizer"])
    if tokenizer.vocab_size != model.config["vocab_size"]:
        raise CheckpointError(f"{path}: its tokenizer has {tokenizer.vocab_size} tokens but the model expects "
                              f"{model.config['vocab_size']}; the checkpoint is inconsistent")
    return model, tokenizer, checkpoint


def fit_history(tokenizer, messages, block_size, reply_room):
    """Prompt ids for the conversation, dropping the oldest whole turns until it fits the context.

    reply_room tokens are kept free for the reply. Raises ChatError if even the newest user message
    alone does not fit.
    """
    start = 0
    while True:
        ids = tokenizer.encode_chat(messages[start:], add_generation_prompt=True)
        if len(ids) + reply_room <= block_size:
            return ids
        next_user = next((i for i in range(start + 1, len(messages)) if messages[i]["role"] == "user"), None)
        if next_user is None:
            raise ChatError(f"your message is {len(ids)} tokens but the model's context is {block_size} tokens "
                            f"(with {reply_room} kept for the reply): shorten it")
        start = next_user


def reply(model, tokenizer, messages, max_new_tokens=MAX_NEW_TOKENS, temperature=TEMPERATURE, top_k=TOP_K,
          top_p=TOP_P, repetition_penalty=1.0, generator=None, on_text=None):
    """Sample the assistant's reply to `messages` (ending with a user message).

    on_text(str) is called with each new piece of text as it is decoded (for streaming).
    Returns (reply text, True if the reply ended with <EOT>).
    """
    validate_sampling(temperature, top_k, top_p, repetition_penalty)
    block_size = model.config["block_size"]
    prompt = fit_history(tokenizer, messages, block_size, min(max_new_tokens, block_size // 2))
    device = next(model.parameters()).device
    idx = torch.tensor([prompt], dtype=torch.long, device=device)
    reply_ids, shown, ended = [], "", False
    for token in model.generate_tokens(idx, max_new_tokens, temperature, top_k or None, top_p,
                                       repetition_penalty, tokenizer.eot_id, generator=generator):
        token = int(token[0])
        if token == tokenizer.eot_id:
            ended = True
            break
        reply_ids.append(token)
        text = tokenizer.decode(reply_ids)
        # a character split across tokens decodes as U+FFFD until its last byte arrives
        if on_text is not None and not text.endswith("\ufffd") and len(text) > len(shown):
            on_text(text[len(shown):])
            shown = text
    text = tokenizer.decode(reply_ids)
    if on_text is not None and len(text) > len(shown):
        on_text(text[len(shown):])
    return text.strip(), ended


class ChatSession:
    """Conversation state and settings for the REPL and for piped input."""

    def __init__(self, model, tokenizer, cfg, device):
        self.model, self.tokenizer, self.cfg = model, tokenizer, cfg
        self.messages = []
        self.generator = torch.Generator(device="cpu").manual_seed(cfg.seed)

    def command(self, line):
        """Handle a /command; returns False when the session should end."""
        name, _, value = line.partition(" ")
        settings = {"/temp": ("temperature", float), "/topk": ("top_k", int), "/topp": ("top_p", float),
                    "/max": ("max_new_tokens", int)}
        if name in ("/quit", "/exit"):
            return False
        if name == "/help":
            print(CHAT_COMMANDS)
        elif name == "/reset":
            self.messages = []
            print("(conversation cleared)")
        elif name == "/seed":
            try:
                self.generator.manual_seed(int(value))
                print(f"(seed = {int(value)})")
            except ValueError:
                print(f"/seed needs a whole number, got {value!r}")
        elif name in settings:
            field, kind = settings[name]
            try:
                new_value = kind(value)
            except ValueError:
                print(f"{name} needs a {kind.__name__}, got {value!r}")
                return True
            trial = {key: getattr(self.cfg, key) for key in ("temperature", "top_k", "top_p", "max_new_tokens")}
            trial[field] = new_value
            try:
                validate_sampling(trial["temperature"], trial["top_k"], trial["top_p"])
                if trial["max_new_tokens"] <= 0:
                    raise ValueError(f"the longest reply must be a positive number of tokens, got {new_value}")
            except ValueError as error:
                print(f"{name}: {error}")
                return True
            setattr(self.cfg, field, new_value)
            print(f"({field} = {new_value})")
        else:
            print(f"unknown command {name}; type /help")
        return True

    def respond(self, text, stream=True):
        """Add a user message, print the streamed reply, and keep both in the history."""
        self.messages.append({"role": "user", "content": text})
        try:
            answer, _ = reply(self.model, self.tokenizer, self.messages, self.cfg.max_new_tokens,
                              self.cfg.temperature, self.cfg.top_k, self.cfg.top_p, self.cfg.repetition_penalty,
                              self.generator, on_text=(lambda piece: print(piece, end="", flush=True)) if stream else None)
        except ChatError:
            self.messages.pop()
            raise
        except KeyboardInterrupt:
            self.messages.pop()  # a cut-off reply is not part of the conversation
            print(" [stopped]", flush=True)
            return
        if not stream:
            print(answer, end="")
        print(flush=True)
        self.messages.append({"role": "assistant", "content": answer})


def banner(path, model, checkpoint):
    val = checkpoint.get("val_loss")
    val_text = f", validation loss {val:.3f}" if isinstance(val, float) else ""
    return (f"quantaTinyLLM chat: {path} ({model.num_params() / 1e6:.2f}M parameters, step "
            f"{checkpoint.get('step', '?')}{val_text})\ntype /help for commands, /quit or Ctrl-D to leave")


def interactive(session, path, checkpoint):
    try:
        import readline  # noqa: F401  (line editing and history for input())
    except ImportError:
        pass
    print(banner(path, session.model, checkpoint))
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
        except ChatError as error:
            print(f"\nerror: {error}")


def piped(session):
    """Non-interactive: each input line is a user turn; each reply is printed on one line."""
    for line in sys.stdin:
        line = line.strip()
        if not line:
            print("warning: skipped an empty input line", file=sys.stderr)
            continue
        session.respond(line, stream=False)


def main(argv=None):
    cfg = parse_flags(globals(), __file__, argv, description=__doc__)
    try:
        validate_sampling(cfg.temperature, cfg.top_k, cfg.top_p, cfg.repetition_penalty)
        if cfg.max_new_tokens <= 0:
            raise ChatError(f"--max-new-tokens must be positive, got {cfg.max_new_tokens}")
        device = pick_device(cfg.device)
        model, tokenizer, checkpoint = load_model(cfg.checkpoint_path, device)
        session = ChatSession(model, tokenizer, cfg, device)
        if "--prompt" in (sys.argv[1:] if argv is None else argv) or cfg.prompt:
            if not cfg.prompt.strip():
                raise ChatError("--prompt is empty: give the message to reply to, e.g. --prompt \"Hello\"")
            session.respond(cfg.prompt.strip(), stream=sys.stdout.isatty())
        elif sys.stdin.isatty():
            interactive(session, cfg.checkpoint_path, checkpoint)
        else:
            piped(session)
    except (ChatError, CheckpointError, ValueError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
