"""
Command-line flags generated from a script's UPPER_CASE constants, so defaults live in one place, and
the few small things every script shares: the one-line user error, the words for true and false, the
device and what it can run (dtype, torch.compile), and writing a file so that it is never half written.

    MAX_ITERS = 2000  # optimisation steps      ->   --max-iters INT   optimisation steps (default: 2000)
    COMPILE = False   # use torch.compile       ->   --compile true|false

Every top-level UPPER_CASE constant with a trailing comment becomes a flag. Types come from the
defaults (bool, int, float, str); the help text is the comment. Unknown flags and bad values are a
one-line error and exit status 2.

    from flags import parse_flags
    config = parse_flags(globals(), __file__)      # argparse.Namespace: config.max_iters, ...
"""

import argparse
import importlib.util
import io
import os
import shutil
import sys
import tokenize

import torch

TRUE_WORDS, FALSE_WORDS = ("true", "yes", "on", "1"), ("false", "no", "off", "0")


class UserError(Exception):
    """A mistake in settings, data or files: each script reports it as one line (`error: ...`) and exits 1.

    The message says what is wrong and how to fix it; a traceback would only hide that.
    """


def parse_bool(value, flag="value"):
    """True/False from a bool or one of TRUE_WORDS / FALSE_WORDS (any case); anything else is a UserError."""
    if isinstance(value, bool):
        return value
    word = str(value).strip().lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise UserError(f"{flag} must be true or false, got {value!r}")


def parse_auto_bool(value, flag="value"):
    """'auto', True or False: for settings that can be left for the run to decide (COMPILE, STREAMING)."""
    if str(value).strip().lower() == "auto":
        return "auto"
    try:
        return parse_bool(value, flag)
    except UserError:
        raise UserError(f"{flag} must be auto, true or false, got {value!r}") from None


def _to_bool(text):
    try:
        return parse_bool(text)
    except UserError:
        raise argparse.ArgumentTypeError(f"expected true or false, got {text!r}") from None


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


def build_parser(constants, source_path, description=None, defaults=True):
    """An ArgumentParser with one flag per commented UPPER_CASE constant of simple type in the file.

    With defaults=False a flag that is not given is left out of the result instead of taking its default.
    """
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
        parser.add_argument(flag, dest=name.lower(), type=convert, default=default if defaults else argparse.SUPPRESS,
                            metavar=metavar, help=f"{help_text} (default: {default!r})".replace("%", "%%"))
    return parser


def parse_flags(constants, source_path, argv=None, description=None):
    """Parse argv (default sys.argv[1:]) into a Namespace of lower_case settings.

    Its `given_flags` lists the settings set on the command line, so a script can tell a value the user
    asked for from a default it may adapt: a short run fits its default warm-up to itself, while a
    warm-up given explicitly and longer than the run is an error.
    """
    argv = sys.argv[1:] if argv is None else argv
    settings = build_parser(constants, source_path, description).parse_args(argv)
    settings.given_flags = sorted(vars(build_parser(constants, source_path, defaults=False).parse_args(argv)))
    return settings


def resolve_device(name):
    """DEVICE -> a torch device string: 'auto' picks CUDA, then Apple's MPS, then the CPU."""
    if name == "auto":
        if torch.cuda.is_available():
            return "cuda"
        return "mps" if torch.backends.mps.is_available() else "cpu"
    if name == "cpu":
        return name
    if name == "cuda" or (name.startswith("cuda:") and name[5:].isdigit()):
        if not torch.cuda.is_available():
            raise UserError(f"--device {name} was asked for but this machine has no CUDA GPU: use --device cpu or auto")
        return name
    if name == "mps":
        if not torch.backends.mps.is_available():
            raise UserError("--device mps was asked for but this machine has no Apple GPU: use --device cpu or auto")
        return name
    raise UserError(f"unknown --device {name!r}: use auto, cpu, cuda, cuda:N or mps")


def resolve_dtype(name, device):
    """'auto' -> the fastest precision that keeps the loss curve.

    CUDA: bf16 autocast where the GPU supports it (Ampere and newer), else fp16 autocast with a GradScaler.
    CPU: bf16 autocast where the CPU has bf16 matrix instructions (elsewhere bf16 is emulated, and slower
    than float32), else float32. MPS: float32.
    """
    device_type = device.split(":")[0]
    if name == "auto":
        if device_type == "cuda":
            return "bfloat16" if torch.cuda.is_bf16_supported(including_emulation=False) else "float16"
        return "bfloat16" if device_type == "cpu" and cpu_has_native_bf16() else "float32"
    if name == "float16" and device_type == "cpu":
        raise UserError("--dtype float16 is for CUDA GPUs; on the CPU use bfloat16 or float32")
    return name


def cpu_has_native_bf16():
    """True when the CPU has bf16 matrix instructions (AVX512-BF16 or AMX); elsewhere bf16 is emulated."""
    try:
        with open("/proc/cpuinfo") as f:
            flags = next((line.split(":", 1)[1].split() for line in f if line.startswith("flags")), [])
        return "avx512_bf16" in flags or "amx_bf16" in flags
    except OSError:  # not Linux: ask oneDNN
        try:
            return bool(torch.ops.mkldnn._is_mkldnn_bf16_supported())
        except (AttributeError, RuntimeError):
            return False


def compile_model(model, setting, dtype, log):
    """The model under torch.compile, or the model itself, following COMPILE ('auto', True or False).

    'auto' compiles where it measured faster with its compile time counted (bench/RESULTS.md): on CUDA
    GPUs, and on CPUs with native bf16 training in bf16 at width 256 or more, where the compiled step
    fuses the many small elementwise operations around bf16 matmuls. At width 128, or in float32 (the
    matmul kernels are the same either way), it gained too little to repay its compiling. Where
    compiling cannot work, the model runs eagerly after a one-line notice.
    """
    device = next(model.parameters()).device
    if setting == "auto":
        width = (model.module if hasattr(model, "module") else model).config["n_embd"]
        setting = device.type == "cuda" or (device.type == "cpu" and dtype == "bfloat16" and width >= 256
                                            and cpu_has_native_bf16())
    if not setting:
        return model
    reason = None
    if sys.platform == "win32":
        reason = "torch.compile is not supported on Windows"
    elif device.type == "cuda" and importlib.util.find_spec("triton") is None:
        reason = "torch.compile needs Triton on CUDA, which is not installed"
    elif device.type == "cuda" and torch.cuda.get_device_capability(device) < (7, 0):
        reason = "torch.compile needs a GPU of compute capability 7.0 or newer"
    elif device.type == "cpu" and not shutil.which(os.environ.get("CXX", "g++")):
        reason = "torch.compile on the CPU needs a C++ compiler (g++, or $CXX), which was not found"
    if reason:
        log(f"notice: {reason}; running without it")
        return model
    return torch.compile(model)


def atomic_write(path, write, mode="wb"):
    """Write a file through write(f) so that it is either the whole new file or the old one, never half.

    The data goes to a temporary file in the same folder, is flushed to disk, then renamed over `path`
    (a rename within one folder is atomic). A crash or a full disk at any moment leaves the old file.
    """
    folder = os.path.dirname(os.path.abspath(path))
    os.makedirs(folder, exist_ok=True)
    tmp_path = f"{path}.tmp{os.getpid()}"
    try:
        with open(tmp_path, mode, **({} if "b" in mode else {"encoding": "utf-8", "newline": ""})) as f:
            write(f)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp_path, path)
    except BaseException:
        if os.path.exists(tmp_path):
            os.remove(tmp_path)
        raise
    return path


def remove_stale_temporary_files(folder):
    """A process killed inside atomic_write leaves its .tmpPID file beside the intact one: garbage."""
    if os.path.isdir(folder):
        for name in os.listdir(folder):
            if ".tmp" in name and name.rsplit(".tmp", 1)[1].isdigit():
                os.remove(os.path.join(folder, name))
