"""Start-up before and after a change, interleaved in one run (``python bench/startup_compare.py REV``).

The core of git revision ``REV`` is exported to a temporary directory and run from
there (the current directory comes first on ``sys.path``, before the editable
install), against this working tree; the plugins are the installed ones for both.
Each round times, for both trees in turn (the order alternating), in fresh processes:
``Engine.from_entry_points().load_all()``, ``icp serve`` until ``/healthz`` and
``/readyz`` answer 200, ``icp check examples/beijing-enterprise.yaml`` and
``python -c "import pluggy"``. Medians and the ratio after/before are printed.
Bytecode is cached in a temporary directory, as ``run.py`` does.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

import load  # noqa: E402  (bench/load.py: the free port and the GET of the load test)

_LOAD_ALL = ("import time; from icp_core.engine import Engine; engine = Engine.from_entry_points(); "
             "start = time.perf_counter(); engine.load_all(); print((time.perf_counter() - start) * 1000)")
EXAMPLE = "examples/beijing-enterprise.yaml"


def _environment(pycache: str) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith("ICP_")}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = pycache
    return env


def _wall_ms(command: list[str], cwd: str, env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    return (time.perf_counter() - start) * 1000


def _serve_ready_ms(cwd: str, env: dict[str, str]) -> float:
    port = load.free_port()
    start = time.perf_counter()
    command = [sys.executable, "-m", "icp_core.cli", "serve", "--host", load.HOST, "--port", str(port)]
    process = subprocess.Popen(command, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        while time.perf_counter() - start < load.START_TIMEOUT:
            if process.poll() is not None:
                raise RuntimeError(f"icp serve exited with {process.returncode} in {cwd}")
            try:
                if load.get(port, "/healthz") == 200 and load.get(port, "/readyz") == 200:
                    return (time.perf_counter() - start) * 1000
            except OSError:
                pass  # not listening yet
            time.sleep(0.01)
        raise RuntimeError(f"icp serve in {cwd} was not ready within {load.START_TIMEOUT:.0f} s")
    finally:
        process.terminate()
        process.wait(timeout=10)


def _export(revision: str, folder: str) -> None:
    archive = Path(folder) / "tree.tar"
    subprocess.run(["git", "archive", "--output", str(archive), revision], cwd=ROOT, check=True)
    with tarfile.open(archive) as tar:
        tar.extractall(folder, filter="data")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("revision", help="the git revision to compare this working tree with (e.g. main)")
    parser.add_argument("--rounds", type=int, default=7)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="icp-startup-") as temp:
        before = str(Path(temp) / "before")
        os.mkdir(before)
        _export(args.revision, before)
        trees = {"before": before, "after": str(ROOT)}
        envs = {name: _environment(str(Path(temp) / f"pyc-{name}")) for name in trees}
        for name, cwd in trees.items():  # fills the bytecode and policy caches
            subprocess.run([sys.executable, "-c", _LOAD_ALL], cwd=cwd, env=envs[name], capture_output=True, check=True)
            _wall_ms([sys.executable, "-m", "icp_core.cli", "check", EXAMPLE], cwd, envs[name])
        times: dict[str, dict[str, list[float]]] = {name: {} for name in trees}
        for round_number in range(args.rounds):
            for name in (list(trees) if round_number % 2 == 0 else list(trees)[::-1]):
                cwd, env, found = trees[name], envs[name], times[name]
                out = subprocess.run([sys.executable, "-c", _LOAD_ALL], cwd=cwd, env=env, capture_output=True,
                                     text=True, check=True)
                found.setdefault("load_all (in process)", []).append(float(out.stdout.split()[-1]))
                found.setdefault("icp serve ready", []).append(_serve_ready_ms(cwd, env))
                found.setdefault("icp check (process)", []).append(
                    _wall_ms([sys.executable, "-m", "icp_core.cli", "check", EXAMPLE], cwd, env))
                found.setdefault("python -c 'import pluggy'", []).append(
                    _wall_ms([sys.executable, "-c", "import pluggy"], cwd, env))
    print(f"medians of {args.rounds} interleaved rounds; before = {args.revision}, after = this working tree")
    for metric in times["after"]:
        old, new = statistics.median(times["before"][metric]), statistics.median(times["after"][metric])
        print(f"{metric:26} before {old:7.1f} ms   after {new:7.1f} ms   after/before {new / old:.2f}")
    # ``import pluggy`` is the same command in both trees: one median over all its runs.
    baseline = "python -c 'import pluggy'"
    pluggy = statistics.median(times["before"][baseline] + times["after"][baseline])
    for name in trees:
        check = statistics.median(times[name]["icp check (process)"])
        print(f"{name}: icp check = {check / pluggy:.2f}x import pluggy ({pluggy:.1f} ms, median of both trees' runs)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
