"""
Command-line flags generated from a script's UPPER_CASE constants, so defaults live in one place.

    MAX_ITERS = 2000  # optimisation steps      ->   --max-iters INT   optimisation steps (default: 2000)
    COMPILE = False   # use torch.compile       ->   --compile true|false

Every top-level UPPER_CASE constant with a trailing comment becomes a flag. Types come from the
defaults (bool, int, float, str); the help text is the comment. Unknown flags and bad values are a one-line error and exit status 2.

    from flags import parse_flags
    config = parse_flags(globals(), __file__)      # argparse.Namespace: config.max_iters, ...
"""

import argparse
import io
import sys
import tokenize

_TRUE, _FALSE = ("true", "yes", "1", "on"), ("false", "no", "0", "off")


def _to_bool(text):
    if text.lower() in _TRUE:
        return True
    if text.lower() in _FALSE:
        return False
    raise argparse.ArgumentTypeError(f"expected true or false, got {text!r}")


def _typed(kind):
    def convert(text):
        try:
            return kind(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"expected {kind.__name__}, got {text!r}") from None
    convert.__name__ = kind.__name__
    return convert


def constant_comments(source_path):
    """{NAME: trailing comment} for each top-level `NAME = value  # comment` line of a file.

    Only commented constants become flags: the comment is the help text, and an uncommented
    UPPER_CASE name (a table, a help string) stays internal.
    """
    comments = {}
    with open(source_path, encoding="utf-8") as f:
        tokens = list(tokenize.generate_tokens(io.StringIO(f.read()).readline))
    for i, token in enumerate(tokens):
        starts_line = i == 0 or tokens[i - 1].type in (tokenize.NEWLINE, tokenize.NL, tokenize.COMMENT)
        if (token.type == tokenize.NAME and token.start[1] == 0 and token.string.isupper() and starts_line
                and tokens[i + 1].string == "="):
            for later in tokens[i + 1:]:
                if later.start[0] != token.start[0]:
                    break
                if later.type == tokenize.COMMENT:
                    comments[token.string] = later.string.lstrip("#").strip()
    return comments


class _OneLineErrorParser(argparse.ArgumentParser):
    def error(self, message):
        self.exit(2, f"{self.prog}: error: {message} (see --help)\n")


def build_parser(constants, source_path, description=None):
    """An ArgumentParser with one flag per commented UPPER_CASE constant of simple type in the file."""
    comments = constant_comments(source_path)
    parser = _OneLineErrorParser(description=description, allow_abbrev=False,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    for name, default in constants.items():
        if name not in comments or type(default) not in (bool, int, float, str):
            continue
        flag = "--" + name.lower().replace("_", "-")
        kind = type(default)
        convert = _to_bool if kind is bool else _typed(kind)
        metavar = "true|false" if kind is bool else kind.__name__.upper()
        help_text = comments.get(name, "")
        parser.add_argument(flag, dest=name.lower(), type=convert, default=default, metavar=metavar,
                            help=f"{help_text} (default: {default!r})".replace("%", "%%"))
    return parser


def parse_flags(constants, source_path, argv=None, description=None):
    """Parse argv (default sys.argv[1:]) into a Namespace of lower_case settings."""
    parser = build_parser(constants, source_path, description)
    return parser.parse_args(sys.argv[1:] if argv is None else argv)
