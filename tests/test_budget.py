"""The time budget (TIME_BUDGET_MINUTES) and the optimisers (OPTIMIZER): what decides a run's length,
its learning rate and its resume. The budget's clock is replaced by one that ticks a fixed second per
reading, so every run here is exactly repeatable."""

import types

import pytest
import torch

import flags
import model as model_lib
import train_llm
from conftest import run_script, tiny_train_flags, write_chat_corpus
from metrics import read_metrics
from model import TinyTransformerLM, load_checkpoint


@pytest.fixture
def corpus(tmp_path):
    return write_chat_corpus(str(tmp_path / "corpus.txt"))


def ticking_clock(on_reading=None):
    """A clock that advances a second each time it is read: each step (two readings) measures one second."""
    readings = iter(range(10 ** 6))

    def clock():
        reading = next(readings)
        if on_reading:
            on_reading(reading)
        return float(reading)
    return clock


def budgeted_trainer(corpus, folder, minutes, **overrides):
    flags = tiny_train_flags(corpus, str(folder), **{"max-iters": 0, "time-budget-minutes": minutes}, **overrides)
    at = flags.index("--eval-interval")  # not given: a budgeted run evaluates every tenth of its budget
    cfg = train_llm.make_config(flags[:at] + flags[at + 2:])
    trainer = train_llm.prepare(cfg, log=lambda *args: None)
    trainer.clock = ticking_clock()
    return trainer


def schedule(**settings):
    base = dict(learning_rate=1.0, min_lr=0.0, warmup_iters=10, cooldown_fraction=0.5)
    return types.SimpleNamespace(**dict(base, **settings))


def test_the_schedule_warms_up_holds_then_cools_down_to_min_lr():
    cfg = schedule()
    assert train_llm.learning_rate_at(0, 0.0, cfg) == pytest.approx(1 / 11)  # warm-up counts steps
    assert train_llm.learning_rate_at(10, 0.2, cfg) == 1.0
    assert train_llm.learning_rate_at(500, 0.5, cfg) == 1.0  # held until the last half
    assert train_llm.learning_rate_at(600, 0.75, cfg) == pytest.approx(0.5)  # half-way down the cosine
    assert train_llm.learning_rate_at(900, 1.0, cfg) == 0.0 == train_llm.learning_rate_at(900, 1.3, cfg)
    whole = schedule(cooldown_fraction=1.0, warmup_iters=0)  # 1.0: a cosine over the whole run
    assert [round(train_llm.learning_rate_at(0, p, whole), 6) for p in (0, 0.5, 1)] == [1.0, 0.5, 0.0]


def test_a_budgeted_run_stops_when_its_training_time_is_spent(corpus, tmp_path):
    trainer = budgeted_trainer(corpus, tmp_path / "run", minutes=0.2)  # 12 s: twelve one-second steps
    trainer.train()
    checkpoint = load_checkpoint(str(tmp_path / "run" / "latest.pth"))
    assert (checkpoint["step"], checkpoint["train_seconds"]) == (12, 12.0)
    assert checkpoint["train_config"]["max_iters"] == 0  # the steps are recorded for a --max-iters replay
    rows = read_metrics(str(tmp_path / "run" / "metrics.csv"))
    assert [row["step"] for row in rows] == [2, 3, 4, 5, 6, 8, 9, 10, 11, 12]  # each time a tenth has passed
    # the last step ran at the end of its schedule's cosine: the clock, not the step count, decides
    assert rows[-1]["lr"] == pytest.approx(train_llm.learning_rate_at(11, 11 / 12, trainer.cfg), rel=1e-3)
    assert rows[-1]["lr"] < rows[0]["lr"]


def test_waiting_for_the_device_at_a_read_of_the_loss_counts_as_training_time(corpus, tmp_path, monkeypatch):
    # On a GPU the CPU only queues the steps, and the read every LOG_INTERVAL steps waits for them to finish:
    # that wait is the device training, so it must count against the budget. Here each read "waits" 10 s.
    flags = tiny_train_flags(corpus, str(tmp_path / "run"), **{"max-iters": 0, "time-budget-minutes": 0.5,
                                                                "log-interval": 5, "eval-interval": 1000})
    trainer = train_llm.prepare(train_llm.make_config(flags), log=lambda *args: None)
    waited, tick = [0.0], ticking_clock()
    trainer.clock = lambda: tick() + waited[0]
    read = trainer.read_loss

    def slow_read(unread):
        waited[0] += 10.0
        return read(unread)
    monkeypatch.setattr(trainer, "read_loss", slow_read)
    trainer.train()
    # steps 1-4: 1 s each; step 5: 1 s + 10 s waiting; steps 6-9: 1 s each; step 10: 11 s, the budget's 30 s
    assert (trainer.step, trainer.train_seconds) == (10, 30.0)


def test_resume_restores_the_clock_and_a_bigger_budget_extends_the_run(corpus, tmp_path):
    def interrupt_at_step_5(reading):
        if reading == 9:  # the end of step 5's timing
            interrupted.stop_requested = True
    straight = budgeted_trainer(corpus, tmp_path / "a", minutes=0.2)
    straight.train()
    interrupted = budgeted_trainer(corpus, tmp_path / "b", minutes=0.2)
    interrupted.clock = ticking_clock(on_reading=interrupt_at_step_5)
    interrupted.train()
    assert load_checkpoint(str(tmp_path / "b" / "latest.pth"))["step"] == 5
    resumed = budgeted_trainer(corpus, tmp_path / "b", minutes=0.2, resume="true")
    assert (resumed.step, resumed.train_seconds) == (5, 5.0)
    resumed.train()
    a, b = (load_checkpoint(str(tmp_path / name / "latest.pth")) for name in ("a", "b"))
    assert b["step"] == 12 and all(torch.equal(a["model"][key], b["model"][key]) for key in a["model"])

    longer = budgeted_trainer(corpus, tmp_path / "b", minutes=0.3, resume="true")  # 18 s: six steps more
    longer.train()
    assert load_checkpoint(str(tmp_path / "b" / "latest.pth"))["step"] == 18


def test_muon_takes_the_block_matrices_and_adamw_the_rest():
    model = TinyTransformerLM(vocab_size=64, block_size=8, n_layer=2, n_head=2, n_embd=16)
    muon, adamw = (model.configure_optimizers("muon", 0.1, 1e-3)[::-1])
    assert isinstance(muon, torch.optim.Muon) and isinstance(adamw, torch.optim.AdamW)
    in_muon = {id(p) for group in muon.param_groups for p in group["params"]}
    in_adamw = {id(p) for group in adamw.param_groups for p in group["params"]}
    names = {id(p): name for name, p in model.named_parameters()}
    assert not in_muon & in_adamw and in_muon | in_adamw == set(names)  # each parameter in exactly one
    assert sorted(names[i] for i in in_muon) == sorted(
        name for name, p in model.named_parameters() if name.startswith("blocks.") and p.dim() == 2)
    assert {names[i] for i in in_adamw} >= {"wte.weight", "wpe.weight", "ln_f.weight"}  # the head is wte


def muon_steps(optimizer_of, steps=3):
    """How far Muon moves two matrices (one tall, one wide) in `steps` steps on fixed random gradients."""
    torch.manual_seed(0)
    start, grads = [torch.randn(32, 16), torch.randn(16, 48)], [[torch.randn(32, 16), torch.randn(16, 48)]
                                                                 for _ in range(steps)]
    weights = [w.clone().requires_grad_() for w in start]
    optimizer = optimizer_of(weights)
    for step_grads in grads:
        for w, g in zip(weights, step_grads):
            w.grad = g.clone()
        optimizer.step()
    return [w.detach() - w0 for w, w0 in zip(weights, start)], optimizer


MUON_OPTIONS = {"lr": 0.01, "weight_decay": 0.1, "adjust_lr_fn": "match_rms_adamw"}


def test_our_muon_in_bfloat16_is_torchs_own_number_for_number():
    theirs, torch_muon = muon_steps(lambda w: torch.optim.Muon(w, **MUON_OPTIONS))
    ours, our_muon = muon_steps(lambda w: model_lib.Muon(w, torch.bfloat16, **MUON_OPTIONS))
    assert all(torch.equal(a, b) for a, b in zip(theirs, ours))
    assert our_muon.state_dict()["param_groups"] == torch_muon.state_dict()["param_groups"]
    assert all(torch.equal(our_muon.state[b]["momentum_buffer"], torch_muon.state[a]["momentum_buffer"])
               for a, b in zip(torch_muon.param_groups[0]["params"], our_muon.param_groups[0]["params"]))


def test_muon_orthogonalises_in_the_precision_the_run_trains_in():
    model = TinyTransformerLM(vocab_size=64, block_size=8, n_layer=1, n_head=2, n_embd=16)
    for dtype, expected in [("bfloat16", torch.bfloat16), ("float32", torch.float32), ("float16", torch.float32)]:
        assert model.configure_optimizers("muon", 0.1, 1e-3, dtype=dtype)[1].ns_dtype == expected
    exact, _ = muon_steps(lambda w: model_lib.Muon(w, torch.float64, **MUON_OPTIONS))

    def error(ns_dtype):  # the largest difference from the float64 steps, relative to the largest step
        moved, _ = muon_steps(lambda w: model_lib.Muon(w, ns_dtype, **MUON_OPTIONS))
        return max(((a - b).abs().max() / b.abs().max()).item() for a, b in zip(moved, exact))
    assert error(torch.float32) < 1e-4 < 1e-3 < error(torch.bfloat16) < 0.1  # float32: the weights' own rounding


def test_muon_matrices_follow_the_schedule_at_their_multiple_of_the_learning_rate(corpus, tmp_path):
    settings = {"max-iters": 20, "warmup-iters": 4, "optimizer": "muon", "muon-lr-multiplier": 3}
    trainer = train_llm.prepare(train_llm.make_config(tiny_train_flags(corpus, str(tmp_path), **settings)),
                                log=lambda *args: None)
    adamw, muon = trainer.optimizers
    for _ in range(6):  # through the warm-up into the held peak
        _, lr = trainer.train_step()
        assert adamw.param_groups[0]["lr"] == lr and muon.param_groups[0]["lr"] == pytest.approx(3 * lr)
    assert lr == pytest.approx(trainer.cfg.learning_rate)  # the peak, held


@pytest.mark.parametrize("optimizer", ["adamw", "muon"])
def test_each_optimizer_trains_and_resumes_exactly(corpus, tmp_path, optimizer):
    settings = {"max-iters": 8, "optimizer": optimizer, "dropout": 0.1}
    straight = train_llm.prepare(train_llm.make_config(tiny_train_flags(corpus, str(tmp_path / "a"), **settings)),
                                 log=lambda *args: None)
    expected = [straight.train_step()[0].item() for _ in range(8)]
    assert expected[-1] < expected[0]
    first = train_llm.prepare(train_llm.make_config(tiny_train_flags(corpus, str(tmp_path / "b"), **settings)),
                              log=lambda *args: None)
    losses = [first.train_step()[0].item() for _ in range(4)]
    first.save(first.latest_path)
    second = train_llm.prepare(train_llm.make_config(tiny_train_flags(corpus, str(tmp_path / "b"), resume="true",
                                                                      **settings)), log=lambda *args: None)
    losses += [second.train_step()[0].item() for _ in range(4)]
    assert losses == expected  # both optimisers' states came back from the checkpoint


def test_resuming_with_the_other_optimizer_is_a_one_line_error(corpus, tmp_path):
    first = tiny_train_flags(corpus, str(tmp_path / "c"), **{"max-iters": 2, "optimizer": "adamw"})
    assert run_script("train_llm.py", first).returncode == 0
    result = run_script("train_llm.py", tiny_train_flags(corpus, str(tmp_path / "c"), **{
        "max-iters": 4, "resume": "true", "optimizer": "muon"}))
    assert result.returncode == 1 and "was trained with --optimizer adamw" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


@pytest.mark.parametrize("width,dtype,native_bf16,compiled", [
    (128, "bfloat16", True, False),   # too narrow: compiling did not repay its time
    (256, "bfloat16", True, True),    # wide, in bf16, on a CPU with native bf16: measured faster
    (256, "bfloat16", False, False),  # emulated bf16
    (256, "float32", True, False),    # float32 calls the same matmul kernels either way
])
def test_compile_auto_on_the_cpu_follows_the_measurements(monkeypatch, width, dtype, native_bf16, compiled):
    monkeypatch.setattr(flags, "cpu_has_native_bf16", lambda: native_bf16)
    model = TinyTransformerLM(vocab_size=64, block_size=8, n_layer=1, n_head=4, n_embd=width)
    result = flags.compile_model(model, "auto", dtype, log=print)  # torch.compile is lazy: nothing compiles
    assert (result is not model) == compiled
