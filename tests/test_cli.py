"""`python -m py_core`: JSON lines, readable output, checkpoints, and one-line errors (exit 2)."""
import json
import subprocess
import sys

import pytest

from tests.conftest import ROOT


def cli(*args):
    return subprocess.run([sys.executable, "-m", "py_core", *args], cwd=ROOT,
                          capture_output=True, text=True, timeout=120)


def test_train_json_lines_end_with_a_summary():
    r = cli("train", "--steps", "300", "--seed", "2", "--hidden", "32", "--seq-length", "20",
            "--lr", "0.1", "--sample-every", "100", "--json")
    assert r.returncode == 0, r.stderr
    lines = [json.loads(line) for line in r.stdout.splitlines()]
    assert [d.get("iteration") for d in lines[:-1]] == [100, 200, 300]
    last = lines[-1]
    assert last["iterations"] == 300 and last["vocab_size"] == 28 and last["cell"] == "rnn"
    assert last["initial_loss"] == pytest.approx(3.332, abs=1e-3)
    assert last["smooth_loss"] < last["initial_loss"]
    assert len(last["sample"]) == 200 and set(last["sample"]) <= set("abcdefghijklmnopqrstuvwxyz \n")


def test_train_an_lstm_and_sample_from_its_checkpoint(tmp_path):
    ck = tmp_path / "lstm.json"
    r = cli("train", "--cell", "lstm", "--hidden", "30", "--steps", "60", "--seed", "1",
            "--sample-every", "60", "--save", str(ck), "--json")
    assert r.returncode == 0, r.stderr
    last = json.loads(r.stdout.splitlines()[-1])
    assert last["cell"] == "lstm" and last["iterations"] == 60
    assert json.loads(ck.read_text())["settings"]["cell"] == "lstm"
    s = cli("sample", "--checkpoint", str(ck), "--prime", "shall i", "--length", "40", "--json")
    assert s.returncode == 0, s.stderr
    assert len(json.loads(s.stdout)["sample"]) == 40
    bad = cli("train", "--cell", "gru", "--steps", "1")
    assert bad.returncode == 2 and bad.stderr.count("\n") == 1 and "Model must be one of rnn, lstm, window, attention" in bad.stderr


def test_train_is_reproducible_and_matches_the_trainer():
    from py_core.corpus import sonnets
    from py_core.train import Trainer
    a = json.loads(cli("train", "--steps", "50", "--seed", "4", "--json").stdout.splitlines()[-1])
    t = Trainer(sonnets(), seed=4)
    assert a["smooth_loss"] == t.step(50)["smooth_loss"]


def test_readable_output_and_checkpoint_round_trip(tmp_path):
    ck = tmp_path / "run.json"
    r = cli("train", "--steps", "200", "--sample-every", "100", "--save", str(ck))
    assert r.returncode == 0, r.stderr
    assert "iter 100" in r.stdout and "iter 200" in r.stdout and "done: 200 iterations" in r.stdout
    saved = json.loads(ck.read_text())
    assert saved["format"] == "rnn-live-checkpoint/1" and saved["iteration"] == 200
    s = cli("sample", "--checkpoint", str(ck), "--length", "150", "--prime", "Shall I", "--json")
    assert s.returncode == 0, s.stderr
    out = json.loads(s.stdout)
    assert out["prime"] == "shall i" and len(out["sample"]) == 150


@pytest.mark.parametrize("args", [
    ["train", "--lr", "-1"], ["train", "--lr", "nan"], ["train", "--hidden", "0"],
    ["train", "--hidden", "1000000"], ["train", "--seq-length", "0"], ["train", "--steps", "-5"],
    ["train", "--temperature", "0"], ["train", "--seed", "abc"], ["train", "--bogus"],
    ["train", "--corpus", "/no/such/file"], ["sample", "--checkpoint", "/no/such/file"],
    ["sample"], ["frobnicate"], [],
])
def test_bad_arguments_exit_2_with_one_line(args):
    r = cli(*args)
    assert r.returncode == 2
    assert len(r.stderr.strip().splitlines()) == 1 and "Traceback" not in r.stderr
    assert r.stdout == ""


@pytest.mark.parametrize("content,message", [
    (b"", "empty"), (b"   \n\n", "empty"), (b"\xff\xfe\x00binary\x00", "UTF-8"),
    ("123 456 !!! 😀".encode(), "no usable symbol"), (b"too short", "too short"),
])
def test_bad_corpus_files(tmp_path, content, message):
    f = tmp_path / "corpus.txt"
    f.write_bytes(content)
    r = cli("train", "--corpus", str(f), "--steps", "5")
    assert r.returncode == 2 and message in r.stderr and len(r.stderr.strip().splitlines()) == 1


def test_not_a_checkpoint(tmp_path):
    f = tmp_path / "x.json"
    f.write_text('{"format": "something else"}')
    r = cli("sample", "--checkpoint", str(f))
    assert r.returncode == 2 and "Not an RNN live checkpoint" in r.stderr


def test_divergence_is_reported(tmp_path):
    r = cli("train", "--lr", "10", "--steps", "200", "--json")
    assert r.returncode == 1
    assert json.loads(r.stdout.splitlines()[-1])["diverged"] is True
