"""
CustomTokenizer: a byte-level BPE tokenizer (Hugging Face `tokenizers`) plus the chat format.

The chat format, shared by training data and inference so the two never drift:

    <USR> user text <ASSIST> assistant reply <EOT> <USR> next user text <ASSIST> ... <EOT>

Each of <USR>, <ASSIST>, <EOT> and <PAD> is a single special id. Text typed by people is always
encoded as plain text: a literal "<EOT>" in a message becomes ordinary byte-level tokens, never the
control id. Only `encode_chat` places control ids.

Usage:
    python tokenizer.py train quantaTinyLLM.txt tokenizer_out 2048   # train and save a tokenizer
    python tokenizer.py encode tokenizer_out "G'day mate"            # show the ids of a string

    from tokenizer import CustomTokenizer
    tok = CustomTokenizer.load("tokenizer_out")
    ids = tok.encode_chat([{"role": "user", "content": "Hi"}], add_generation_prompt=True)
"""

import json
import os
import re
import sys

from tokenizers import Tokenizer
from tokenizers.implementations import ByteLevelBPETokenizer

from flags import atomic_write

USR, ASSIST, EOT, PAD = "<USR>", "<ASSIST>", "<EOT>", "<PAD>"
SPECIAL_TOKENS = [USR, ASSIST, EOT, PAD]  # registered in this order, so their ids are 0, 1, 2, 3
BYTE_ALPHABET_SIZE = 256  # byte-level BPE always keeps one token per byte value
TOKENIZER_FILE = "tokenizer.json"

_CHAT_MARKER = re.compile(r"(<USR>|<ASSIST>|<EOT>)")


def parse_chat_line(line):
    """One line of a chat-format text file -> list of {"role", "content"} messages.

    A line without any chat marker is not a conversation and gives an empty list.
    """
    messages = []
    role = None
    for piece in _CHAT_MARKER.split(line):
        if piece == USR:
            role = "user"
        elif piece == ASSIST:
            role = "assistant"
        elif piece == EOT:
            role = None
        elif role is not None and piece.strip():
            messages.append({"role": role, "content": piece.strip()})
            role = None
        elif role is not None:  # a marker with empty text still counts as a turn
            messages.append({"role": role, "content": ""})
            role = None
    return messages


def chat_text(messages):
    """The inverse of parse_chat_line: messages -> one line of the text format."""
    parts = []
    for message in _merge_system_messages(messages):
        if message["role"] == "user":
            parts.append(f"{USR} {message['content']}")
        else:
            parts.append(f"{ASSIST} {message['content']} {EOT}")
    return " ".join(parts)


def _merge_system_messages(messages):
    # Our format has no system role: a system message is folded into the user turn that follows,
    # which is how a tiny model trained on plain chats can still use the instruction.
    merged, pending_system = [], []
    for message in messages:
        role, content = message["role"], message["content"]
        if role == "system":
            pending_system.append(content)
            continue
        if role not in ("user", "assistant"):
            raise ValueError(f"unknown chat role {role!r}: expected 'system', 'user' or 'assistant'")
        if role == "user" and pending_system:
            content = "\n".join(pending_system + [content])
            pending_system = []
        merged.append({"role": role, "content": content})
    return merged


class CustomTokenizer:
    """Byte-level BPE with the four chat control tokens as single ids."""

    def __init__(self, tokenizer=None):
        self.tokenizer = tokenizer  # a tokenizers.Tokenizer, or None until trained or loaded
        if tokenizer is not None:
            self._setup()

    def _setup(self):
        # Added tokens are matched in raw text unless told otherwise; user text must stay plain.
        self.tokenizer.encode_special_tokens = True
        ids = [self.tokenizer.token_to_id(token) for token in SPECIAL_TOKENS]
        if None in ids:
            missing = [t for t, i in zip(SPECIAL_TOKENS, ids) if i is None]
            raise ValueError(f"tokenizer lacks the special tokens {missing}: retrain it (delete the tokenizer folder)")
        self.usr_id, self.assist_id, self.eot_id, self.pad_id = ids

    # ---- training, saving, loading ------------------------------------------------------------
    def train(self, files_or_iterator, vocab_size, min_frequency=2):
        """Learn merges from text files (paths) or from an iterator of strings."""
        min_vocab = len(SPECIAL_TOKENS) + BYTE_ALPHABET_SIZE
        if vocab_size < min_vocab:
            raise ValueError(f"VOCAB_SIZE {vocab_size} is too small: it needs at least {min_vocab} "
                             f"(256 byte tokens + {len(SPECIAL_TOKENS)} special tokens)")
        bpe = ByteLevelBPETokenizer(add_prefix_space=False)
        options = dict(vocab_size=vocab_size, min_frequency=min_frequency, special_tokens=SPECIAL_TOKENS,
                       show_progress=False)
        if isinstance(files_or_iterator, (str, os.PathLike)):
            files_or_iterator = [files_or_iterator]
        if isinstance(files_or_iterator, list) and all(isinstance(f, (str, os.PathLike)) for f in files_or_iterator):
            bpe.train([os.fspath(f) for f in files_or_iterator], **options)
        else:
            bpe.train_from_iterator(files_or_iterator, **options)
        self.tokenizer = bpe._tokenizer
        self._setup()
        return self

    def save(self, directory):
        # never leave a half-written tokenizer behind
        return atomic_write(os.path.join(directory, TOKENIZER_FILE), lambda f: f.write(self.to_str()), "w")

    def to_str(self):
        return self.tokenizer.to_str()

    @classmethod
    def from_str(cls, text):
        return cls(Tokenizer.from_str(text))

    @classmethod
    def load(cls, directory):
        path = os.path.join(directory, TOKENIZER_FILE)
        if not os.path.isfile(path):
            raise FileNotFoundError(f"no tokenizer at {path}: train one first (python train_llm.py does it)")
        try:
            with open(path, encoding="utf-8") as f:
                return cls.from_str(f.read())
        except Exception as error:  # tokenizers raises plain Exceptions on malformed json
            if isinstance(error, ValueError) and "special tokens" in str(error):
                raise
            raise ValueError(f"tokenizer file {path} is corrupt ({str(error).splitlines()[0][:80]}): "
                             f"delete the folder to retrain it") from None

    @staticmethod
    def exists(directory):
        return os.path.isfile(os.path.join(directory, TOKENIZER_FILE))

    # ---- encoding ------------------------------------------------------------------------------
    @property
    def vocab_size(self):
        return self.tokenizer.get_vocab_size()

    def encode(self, text):
        """Plain text -> ids. Control-token strings in the text are encoded as ordinary text."""
        return self.tokenizer.encode(text, add_special_tokens=False).ids

    def encode_batch(self, texts):
        return [e.ids for e in self.tokenizer.encode_batch(texts, add_special_tokens=False)]

    def decode(self, ids):
        return self.tokenizer.decode(list(ids), skip_special_tokens=False)

    def encode_chat(self, messages, add_generation_prompt=False):
        """Render a conversation to ids: <USR> user <ASSIST> reply <EOT> ...

        With add_generation_prompt the ids end in <ASSIST>, ready for the model to write the reply;
        this is always a prefix of the same conversation rendered with its reply, as in training.
        """
        return self.encode_chats([messages], add_generation_prompt)[0]

    def encode_chats(self, conversations, add_generation_prompt=False):
        """encode_chat for many conversations at once (one batched call into the fast tokenizer)."""
        conversations = [_merge_system_messages(messages) for messages in conversations]
        contents = iter(self.encode_batch([m["content"] for messages in conversations for m in messages]))
        rendered = []
        for messages in conversations:
            ids = []
            for message in messages:
                if message["role"] == "user":
                    ids.append(self.usr_id)
                    ids.extend(next(contents))
                else:
                    ids.append(self.assist_id)
                    ids.extend(next(contents))
                    ids.append(self.eot_id)
            if add_generation_prompt:
                ids.append(self.assist_id)
            rendered.append(ids)
        return rendered


def _main(argv):
    usage = ("usage: python tokenizer.py train TEXT_FILE OUT_DIR VOCAB_SIZE [--overwrite true] | "
             "encode TOKENIZER_DIR TEXT")
    overwrite = argv[-2:] == ["--overwrite", "true"]
    if overwrite:
        argv = argv[:-2]
    if len(argv) == 4 and argv[0] == "train":
        if CustomTokenizer.exists(argv[2]) and not overwrite:
            sys.exit(f"error: {argv[2]} already holds a tokenizer: replace it with --overwrite true, or choose "
                     f"another folder")
        tok = CustomTokenizer().train(argv[1], int(argv[3]))
        print(f"saved {tok.vocab_size}-token tokenizer to {tok.save(argv[2])}")
    elif len(argv) == 3 and argv[0] == "encode":
        tok = CustomTokenizer.load(argv[1])
        ids = tok.encode(argv[2])
        print(json.dumps({"ids": ids, "tokens": [tok.decode([i]) for i in ids]}, ensure_ascii=False))
    else:
        sys.exit(usage)


if __name__ == "__main__":
    _main(sys.argv[1:])
