"""Benchmarks of the engine (``tox -e bench``, or ``uv run python bench/run.py [--quick]``).

1. Engine overhead: the common rule set (``bench/common``) as 31 synthetic plugins
   (``bench/synthetic.py``) against the plain-Python floor, same filings, same process;
   then with 310 more plugins whose scopes no filing touches.
2. Realistic: the bundled examples and every installed plugin (structure, check,
   documents, change), as multiples of the floor; cProfile of a realistic check.
3. Start-up and memory: ``icp check`` as a whole process against ``import pluggy``;
   resident memory after 10,000 and 100,000 checks.
4. Batch: ``icp check --batch`` over a JSONL file with 1 and 2 processes.
5. Replay: ``icp replay``'s peak memory over N and 10·N lines (it must not grow).

On a terminal a progress bar over the sections is drawn on stderr (tqdm).

All figures are medians (p99 where stated) of ``time.perf_counter_ns`` after a
warm-up. A final table lists every metric with its target. ``--only startup`` (repeatable: overhead,
realistic, startup, memory, batch, replay) runs only the sections named. ``--strict`` exits 1 when
a target is missed; otherwise the exit code is 0 unless a correctness check fails.
"""

from __future__ import annotations

import argparse
import cProfile
import datetime as dt
import functools
import gc
import inspect
import io
import json
import os
import platform
import pstats
import re
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

import synthetic  # noqa: E402  (bench/ is not a package)

from icp_core.context import Facts  # noqa: E402
from icp_core.engine import Engine  # noqa: E402
from icp_core.errors import InputError  # noqa: E402
from icp_core.model import ChangeRequest, ChangeTarget, Filing  # noqa: E402
from icp_core.plugins import find_plugins  # noqa: E402
from icp_core.report import Report  # noqa: E402

Row = tuple[str, str, str, bool | None]  # metric, value, target, met (None: no target)


# --------------------------------------------------------------------------- helpers


def pct(values: Sequence[float], q: float) -> float:
    """Nearest-rank percentile (q in 0..100)."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q / 100 * (len(ordered) - 1))))]


def time_batch(call: Callable[[Any], Any], items: Sequence[Any]) -> float:
    """Nanoseconds for one pass over ``items``."""
    clock = time.perf_counter_ns
    start = clock()
    for item in items:
        call(item)
    return clock() - start


def time_single(call: Callable[[Any], Any], items: Sequence[Any], count: int) -> list[float]:
    """Nanoseconds of each of ``count`` single calls, cycling through ``items``."""
    clock = time.perf_counter_ns
    out: list[float] = []
    n = len(items)
    for i in range(count):
        item = items[i % n]
        start = clock()
        call(item)
        out.append(clock() - start)
    return out


def us(ns: float) -> str:
    return f"{ns / 1000:.2f} µs"


def rss_kib() -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return -1


def heading(text: str) -> None:
    print(f"\n== {text} " + "=" * max(0, 76 - len(text)), flush=True)


def met(value: float, limit: float) -> bool:
    return value <= limit


# --------------------------------------------------------------------------- 1. overhead


def time_rotation(variants: dict[str, tuple[Callable[[Any], Any], Sequence[Any]]], rounds: int,
                  block: int = 100) -> dict[str, list[float]]:
    """Nanoseconds of single calls, each on the next filing (never the same one twice in a
    row), for every variant: each round walks the filings in blocks, and every variant times
    the same block in turn (the order rotating), so that machine noise hits them all alike."""
    clock = time.perf_counter_ns
    samples: dict[str, list[float]] = {name: [] for name in variants}
    names = list(variants)
    count = min(len(items) for _, items in variants.values())
    turn = 0
    for _ in range(rounds):
        for first in range(0, count, block):
            gc.collect()
            turn += 1
            for name in names[turn % len(names):] + names[:turn % len(names)]:
                call, items = variants[name]
                out = samples[name]
                for item in items[first:first + block]:
                    start = clock()
                    call(item)
                    out.append(clock() - start)
    return samples


#: The figures of the previous run (bench/README.md), which the issue's targets halve or beat.
PREVIOUS = {"realistic structure + check": 483.0}


def section_overhead(quick: bool, rows: list[Row]) -> dict[str, float]:
    from icp_core.convert import converter, parse_json
    from icp_core.loading import load_filing

    heading("1. Engine overhead: common rule set, 31 synthetic plugins vs the plain-Python floor")
    floor = synthetic.load_floor()
    flats = synthetic.load_flat_filings()
    # Conversion happens here, once, outside every timed region (both sides get ready-made input).
    namespaces = [synthetic.flat_to_namespace(f) for f in flats]
    filings = [synthetic.flat_to_filing(f, i) for i, f in enumerate(flats)]
    # What a backend sends: the filing as JSON text, and as the dict json.loads makes of it.
    texts = [json.dumps(converter.unstructure(f), ensure_ascii=False) for f in filings]
    dicts = [json.loads(t) for t in texts]
    rules = synthetic.load_rules()
    rounds, batch_reps = (3, 5) if quick else (10, 15)

    with synthetic.SyntheticPlugins(rules) as plugins:
        engine31 = plugins.engine(load_all=True)
        synthetic.verify(engine31, flats, filings, floor, namespaces)
        print(f"correctness: engine == expected_violations == floor for all {len(flats)} filings "
              f"({sum(len(f['expected_violations']) for f in flats)} violations, "
              f"{sum(len(r) for r in rules.values())} rules, {len(rules)} plugins)")
        for data, text, filing in zip(dicts, texts, filings, strict=True):  # the same filing by every road
            assert load_filing(data) == filing == load_filing(parse_json(text)), "a filing changed on its way in"
        print("correctness: load_filing(dict) and load_filing(parse_json(text)) give the prebuilt filings")

        lazy = plugins.engine(with_copies=True)  # 31 + 310: loaded on first use, like the CLI's engine
        synthetic.verify(lazy, flats, filings, floor, namespaces)
        imported = plugins.imported_copies()
        print(f"lazy loading: {len(plugins.copy_dists)} out-of-scope plugins installed, "
              f"{len(imported)} imported after checking every filing")
        loaded = plugins.engine(with_copies=True, load_all=True)  # worst case: every plugin loaded
        synthetic.verify(loaded, flats, filings, floor, namespaces)

        def from_dict(data: dict[str, Any]) -> Any:
            return engine31.check(load_filing(data), with_documents=False)

        def from_text(text: str) -> Any:
            return engine31.check(load_filing(parse_json(text)), with_documents=False)

        variants: dict[str, tuple[Callable[[Any], Any], Sequence[Any]]] = {
            "floor evaluate()": (floor.evaluate, namespaces),
            "check(with_documents=False), 31": (functools.partial(engine31.check, with_documents=False), filings),
            "check() full, 31": (engine31.check, filings),
            "check() full, 341 lazy": (lazy.check, filings),
            "check() full, 341 all loaded": (loaded.check, filings),
            "load_filing(dict) + check": (from_dict, dicts),
            "JSON text + check": (from_text, texts),
        }
        for call, items in variants.values():  # warm-up
            time_batch(call, items)
        samples = time_rotation(variants, rounds)
        batches: dict[str, list[float]] = {name: [] for name in variants}
        for _ in range(batch_reps):
            for name, (call, items) in variants.items():
                batches[name].append(time_batch(call, items))

        stats: dict[str, float] = {}
        print(f"\nsingle calls in rotation (each call a different filing), {len(samples['floor evaluate()']):,} "
              "per variant; batch: one pass over the 1,000 filings")
        print(f"{'variant':34} {'median':>10} {'p99':>10} {'x floor':>8} {'p99 x':>7} {'batch/s':>10} {'x floor':>8}")
        floor_median = statistics.median(samples["floor evaluate()"])
        floor_p99 = pct(samples["floor evaluate()"], 99)
        floor_batch = len(filings) / (statistics.median(batches["floor evaluate()"]) / 1e9)
        for name in variants:
            median = statistics.median(samples[name])
            p99 = pct(samples[name], 99)
            per_s = len(filings) / (statistics.median(batches[name]) / 1e9)
            stats[name] = median
            stats[name + " p99"] = p99
            stats[name + " batch"] = per_s
            print(f"{name:34} {us(median):>10} {us(p99):>10} {median / floor_median:>7.1f}x {p99 / floor_p99:>6.1f}x "
                  f"{per_s:>10,.0f} {floor_batch / per_s:>7.1f}x")

        prebuilt = stats["check(with_documents=False), 31"] / floor_median
        prebuilt_batch = floor_batch / stats["check(with_documents=False), 31 batch"]
        from_dict_ratio = stats["load_filing(dict) + check"] / floor_median
        from_dict_batch = floor_batch / stats["load_filing(dict) + check batch"]
        from_text_ratio = stats["JSON text + check"] / floor_median
        full = stats["check() full, 31"] / floor_median
        p99_ratio = stats["check(with_documents=False), 31 p99"] / floor_p99
        out_of_scope = stats["check() full, 341 all loaded"] / stats["check() full, 31"]
        out_of_scope_lazy = stats["check() full, 341 lazy"] / stats["check() full, 31"]
        print()
        print(f"engine overhead (model built beforehand): {prebuilt:.1f}x floor latency, {prebuilt_batch:.1f}x batch")
        print(f"from a dict (load_filing + check): {from_dict_ratio:.1f}x floor latency, {from_dict_batch:.1f}x batch")
        print(f"JSON text in (parse_json + load_filing + check): {from_text_ratio:.1f}x floor latency")
        print(f"out-of-scope plugins (310 vs 31): {out_of_scope:.2f}x")
        print(f"  (310 installed but never loaded: {out_of_scope_lazy:.2f}x)")
        rows += [
            ("model built beforehand: latency (median, rotation)", f"{prebuilt:.1f}x floor", "≤ 10x",
             met(prebuilt, 10)),
            ("model built beforehand: batch", f"{prebuilt_batch:.1f}x floor", "≤ 3x", met(prebuilt_batch, 3)),
            ("  check w/o documents, p99 / floor p99", f"{p99_ratio:.1f}x", "—", None),
            ("  full check (with documents), median", f"{full:.1f}x floor", "—", None),
            ("from a dict (load_filing + check): latency", f"{from_dict_ratio:.1f}x floor", "≤ 40x",
             met(from_dict_ratio, 40)),
            ("  from a dict: batch", f"{from_dict_batch:.1f}x floor", "—", None),
            ("JSON text in (parse_json + load_filing + check)", f"{from_text_ratio:.1f}x floor", "—", None),
            ("  floor median per filing", us(floor_median), "—", None),
            ("  in-process throughput, full check, 31", f"{stats['check() full, 31 batch']:,.0f}/s", "—", None),
            ("out-of-scope plugins (310 vs 31), all loaded", f"{out_of_scope:.2f}x", "≤ 1.2", met(out_of_scope, 1.2)),
            ("  310 out-of-scope, lazy (never loaded)", f"{out_of_scope_lazy:.2f}x", "≤ 1.2",
             met(out_of_scope_lazy, 1.2)),
            ("  out-of-scope plugins imported", str(len(imported)), "0", not imported),
        ]
        if prebuilt > 10:
            breakdown(engine31, plugins.province_dists, filings, floor, namespaces, quick)
    return {"floor_median_ns": floor_median}


def breakdown(engine: Engine, dists: list[str], filings: list[Filing], floor: Any, namespaces: list[Any],
              quick: bool) -> None:
    """Where the time of a synthetic check goes, measured piece by piece (public API, plus the
    core's message filler and finding factory, timed on their own to price one violation)."""
    from icp_core.report import Severity, Text, Verdict
    from icp_core.rules import ROLE_TEXT

    fill, emit_cls = _message_helpers()
    heading("1b. Where the engine's time goes (per filing, mean of the batch)")
    compiled: dict[str, list[Any]] = {}
    for spec in find_plugins(dists):
        policy = spec.load_policy()
        assert policy is not None
        compiled[spec.scope] = [c.check for c in policy.compiled if c.check is not None]
    checks = [compiled[f"province.{f.province.value}"] for f in filings]
    day = synthetic.EVALUATED_ON
    repeat = 5 if quick else 15
    n = len(filings)

    def best(fn: Callable[[], Any]) -> float:
        fn()
        times = []
        for _ in range(repeat):
            start = time.perf_counter_ns()
            fn()
            times.append(time.perf_counter_ns() - start)
        return min(times) / n

    def run_floor() -> None:
        for ns in namespaces:
            floor.evaluate(ns)

    def run_facts() -> None:
        for f in filings:
            Facts(f, day)

    def run_scopes() -> None:
        for f in filings:
            engine.scopes_for(f)

    def run_rules() -> None:
        for f, fns in zip(filings, checks, strict=True):
            facts, out = Facts(f, day), []
            for fn in fns:
                fn(facts, out)

    results = [engine.check(f, with_documents=False) for f in filings]

    def run_report() -> None:
        for r in results:
            Report(verdict=Verdict.fail, province=r.province, evaluated_on=day, findings=r.findings, documents=(),
                   notes=(), missing=(), failures=(), plugins=r.plugins, profile=None, waived=())

    def run_check() -> None:
        for f in filings:
            engine.check(f, with_documents=False)

    template = Text("{who} must be at least {min_age} years old{unless_en}.", "{who}须年满{min_age}周岁{unless_zh}。")
    values = {"who": ROLE_TEXT["subject_administrator"], "min_age": 18, "unless_en": "", "unless_zh": ""}
    sink: list[Any] = []

    def run_format() -> None:
        for _ in filings:
            fill(template, values)

    def run_emit() -> None:
        emit = emit_cls("x.rule", "5.1", Severity.error, "bench")
        sink.clear()
        for _ in filings:
            emit.violation(sink, "subject.administrator", template)

    t_floor, t_facts, t_scopes = best(run_floor), best(run_facts), best(run_scopes)
    t_rules, t_report, t_check = best(run_rules), best(run_report), best(run_check)
    t_format = best(run_format) if fill is not None else float("nan")
    t_emit = best(run_emit) if emit_cls is not None else float("nan")
    n_rules = sum(len(c) for c in checks) / n
    n_violations = sum(len(r.findings) for r in results) / n
    rest = t_check - t_scopes - t_rules
    print(f"{'piece':62} {'µs/filing':>10} {'x floor':>8}")
    for label, value in [
        ("Engine.check(with_documents=False), whole", t_check),
        ("  Engine.scopes_for(filing)  (engine/)", t_scopes),
        (f"  compiled rule closures, {n_rules:.2f} rules/filing, incl. Facts()", t_rules),
        ("    of which Facts(filing, day)  (context.py)", t_facts),
        (f"    of which messages: rules.base.fill x {n_violations:.2f} violations/filing", t_format * n_violations),
        (f"    of which Finding via rules.base.Emit.violation x {n_violations:.2f}", t_emit * n_violations),
        ("  rest of Engine.check: loop, lists, sort, verdict, Report", rest),
        ("    of which Report(...) construction  (report.py)", t_report),
        ("floor evaluate()", t_floor),
    ]:
        print(f"{label:62} {value / 1000:>10.2f} {value / t_floor:>7.1f}x")
    print(f"per rule: engine {t_rules / n_rules / 1000:.2f} µs (closures + Facts), floor "
          f"{t_floor / n_rules / 1000:.3f} µs; per message {t_format / 1000:.2f} µs; "
          f"per Finding {t_emit / 1000:.2f} µs")


def _message_helpers() -> tuple[Callable[..., Any] | None, Any]:
    """The core's message filler and finding factory (internal names; ``None`` if renamed)."""
    import importlib

    for module, fill_name, emit_name in (("icp_core.rules.base", "fill", "Emit"),
                                         ("icp_core.rules", "_format", "_Emit")):
        try:
            found = importlib.import_module(module)
        except ImportError:
            continue
        if hasattr(found, fill_name) or hasattr(found, emit_name):
            return getattr(found, fill_name, None), getattr(found, emit_name, None)
    return None, None


# --------------------------------------------------------------------------- 2. realistic


def load_examples() -> tuple[list[tuple[str, dict[str, Any], Filing]], list[str]]:
    from icp_core.convert import read_file
    from icp_core.loading import load_filing

    found: list[tuple[str, dict[str, Any], Filing]] = []
    skipped: list[str] = []
    for path in sorted((ROOT / "examples").glob("*.yaml")):
        data, _ = read_file(path)
        try:
            found.append((path.name, data, load_filing(data)))
        except InputError:
            skipped.append(path.name)  # not a filing (an original filing for transfers, a profile …)
    return found, skipped


def section_realistic(quick: bool, floor_ns: float, rows: list[Row]) -> None:
    from icp_core.convert import parse_json
    from icp_core.loading import load_filing

    heading("2. Realistic: bundled examples, every installed plugin")
    examples, skipped = load_examples()
    if not examples:
        print("no example filings found; skipped")
        return
    engine = Engine.from_entry_points()
    engine.load_all()
    plugins = [f"{p.name} ({p.scope})" for p in engine.plugins() if p.replaced_by is None]
    print(f"plugins: {', '.join(plugins)}")
    if engine.problems():
        print("plugin load problems:\n  " + "\n  ".join(engine.problems()))
    print(f"examples: {', '.join(name for name, _, _ in examples)}" + (f"; not filings, skipped: "
                                                                      f"{', '.join(skipped)}" if skipped else ""))
    datas = [d for _, d, _ in examples]
    filings = [f for _, _, f in examples]
    change = ChangeRequest(to=ChangeTarget.new_name, new_name="星河示例新名称有限公司")
    for f in filings:
        engine.check(f)  # loads every scope used before timing
    count = 400 if quick else 2000

    def structure_and_check(data: dict[str, Any]) -> Report:
        return engine.check(load_filing(data))

    def text_and_check(raw: bytes) -> Report:  # what `icp serve` does with a body, minus HTTP
        return engine.check(load_filing(parse_json(raw.decode("utf-8"))))

    bodies = [json.dumps(d, ensure_ascii=False, default=str).encode("utf-8") for d in datas]
    ops: dict[str, tuple[Callable[[Any], Any], list[Any]]] = {
        "structure load_filing(dict)": (load_filing, datas),
        "check(filing)": (engine.check, filings),
        "documents(filing)": (engine.documents, filings),
        "change(filing, new_name)": (lambda f: engine.change(f, change), filings),
        "structure + check": (structure_and_check, datas),
        "JSON text + structure + check": (text_and_check, bodies),
    }
    samples: dict[str, list[float]] = {name: [] for name in ops}
    for call, items in ops.values():
        time_single(call, items, max(50, count // 10))  # warm-up
    for _ in range(2):
        for name, (call, items) in ops.items():
            gc.collect()
            samples[name] += time_single(call, items, count // 2)
    print(f"\nfloor median per filing (section 1): {us(floor_ns)}")
    print(f"{'operation':30} {'median':>11} {'p99':>11} {'median x floor':>15} {'p99 x floor':>12}")
    for name in ops:
        median, p99 = statistics.median(samples[name]), pct(samples[name], 99)
        print(f"{name:30} {us(median):>11} {us(p99):>11} {median / floor_ns:>14.0f}x {p99 / floor_ns:>11.0f}x")
    full = statistics.median(samples["structure + check"]) / floor_ns
    half = PREVIOUS["realistic structure + check"] / 2
    rows.append(("realistic structure + check, median", f"{full:.0f}x floor", f"≤ {half:.0f}x",
                 met(full, half)))  # issue 20: half the previous run's figure
    for name in ("structure load_filing(dict)", "check(filing)", "documents(filing)", "change(filing, new_name)",
                 "JSON text + structure + check"):
        rows.append((f"  {name}, median", f"{statistics.median(samples[name]) / floor_ns:.0f}x floor", "—", None))

    realistic_breakdown(datas, filings, floor_ns, quick)

    heading("2c. cProfile of a realistic check (structure + check), top cumulative")
    # cProfile sees one thread: run the hooks inline (no timeout guard) so that their cost shows.
    if "hook_timeout" in inspect.signature(Engine.from_entry_points).parameters:
        inline = Engine.from_entry_points(hook_timeout=None)
        print("(hooks run inline here: hook_timeout=None; the guard's thread hides them from cProfile)")
    else:
        inline = engine
    for f in filings:
        inline.check(f)

    def structure_and_check_inline(data: dict[str, Any]) -> Report:
        return inline.check(load_filing(data))

    profile = cProfile.Profile()
    rounds = 200 if quick else 400
    profile.enable()
    for i in range(rounds):
        structure_and_check_inline(datas[i % len(datas)])
    profile.disable()
    buffer = io.StringIO()
    stats = pstats.Stats(profile, stream=buffer)
    stats.strip_dirs().sort_stats("cumulative").print_stats(14)
    print(_trim_profile(buffer.getvalue()))
    buffer = io.StringIO()
    pstats.Stats(profile, stream=buffer).strip_dirs().sort_stats("tottime").print_stats(10)
    print("top by own time:")
    print(_trim_profile(buffer.getvalue()))


def realistic_breakdown(datas: list[dict[str, Any]], filings: list[Filing], floor_ns: float, quick: bool) -> None:
    """Per plugin and per derived fact: what a realistic check and structuring cost."""
    from icp_core.convert import DEFAULT_LIMITS, converter
    from icp_core.convert.checks import validate as _validate
    from icp_core.facts.domain import parse_domain
    from icp_core.facts.identity import parse_resident_id
    from icp_core.facts.phone import parse_phone
    from icp_core.loading import load_filing

    heading("2b. Where a realistic check and structuring spend their time")
    count = 200 if quick else 1000

    def median_of(call: Callable[[Any], Any], items: Sequence[Any]) -> float:
        time_single(call, items, max(20, count // 10))
        return statistics.median(time_single(call, items, count))

    print(f"{'piece':58} {'median':>11} {'x floor':>8}")

    def show(label: str, ns: float) -> None:
        print(f"{label:58} {us(ns):>11} {ns / floor_ns:>7.0f}x")

    show("check(filing), every plugin", median_of(Engine.from_entry_points().check, filings))
    if "hook_timeout" in inspect.signature(Engine.from_entry_points).parameters:
        guarded = median_of(Engine.from_entry_points().check, filings)
        unguarded = median_of(Engine.from_entry_points(hook_timeout=None).check, filings)
        show("  hook timeout guard (one thread hand-off per check): with - without", guarded - unguarded)
    for spec in find_plugins():
        engine = Engine.from_entry_points(allow=[spec.distribution])
        show(f"  only {spec.distribution} ({spec.scope}), all examples", median_of(engine.check, filings))
    domains = [d.name for f in filings for w in f.websites for d in w.domains] or ["www.example.com.cn"]
    ids = [p.id_number for f in filings for p in (f.subject.administrator, f.subject.legal_representative,
                                                   *(w.administrator for w in f.websites))
           if p is not None and p.id_number and p.id_type in (None, "resident_id_card")] or ["110108198507120018"]
    mobiles = [p.mobile for f in filings for p in (f.subject.administrator, *(w.administrator for w in f.websites))
               if p is not None and p.mobile] or ["13911223344"]
    per_filing = len(domains) / len(filings)
    show(f"facts.domain -> parse_domain (idna), per name; {per_filing:.1f} names/filing", median_of(parse_domain,
                                                                                                      domains))
    show("facts.resident_id -> parse_resident_id, per number", median_of(parse_resident_id, ids))
    show("facts.mobile_province -> parse_phone, per number", median_of(parse_phone, mobiles))
    show("load_filing(dict), whole", median_of(load_filing, datas))
    show("  converter.structure(data, Filing)  (cattrs)", median_of(lambda d: converter.structure(d, Filing), datas))
    show("  convert.checks.validate(filing) (limits, characters)",
         median_of(lambda f: _validate(f, "", DEFAULT_LIMITS), filings))


def _trim_profile(text: str) -> str:
    lines = text.splitlines()
    start = next((i for i, line in enumerate(lines) if line.lstrip().startswith("ncalls")), 0)
    return "\n".join(line for line in lines[start:] if line.strip())


# --------------------------------------------------------------------------- 3. start-up, memory


def _wall(cmd: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter_ns()
    subprocess.run(cmd, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    return time.perf_counter_ns() - start


def _python_env(pycache: str, *, write: bool) -> dict[str, str]:
    """The environment of a child Python whose bytecode cache lives in ``pycache`` (a temp dir)."""
    env = dict(os.environ, PYTHONPYCACHEPREFIX=pycache)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    if not write:
        env["PYTHONDONTWRITEBYTECODE"] = "1"
    return env


#: Run in a child process: the phases of `icp check FILE`, in milliseconds (diagnostic; uses
#: ``Engine._scope`` to load exactly the scopes the CLI would load, before the first check).
_PHASES = r"""
import json, sys, time
T = time.perf_counter
t = [T()]
import icp_core.cli
t.append(T())
from icp_core.engine import Engine
from icp_core.loading import load_filing
from icp_core.output import render_report
t.append(T())
from pathlib import Path
filing = load_filing(Path(sys.argv[1]))
t.append(T())
engine = Engine.from_entry_points()
t.append(T())
loads = {}
for key in engine.scopes_for(filing):
    s = T(); engine._scope(key); loads[key] = (T() - s) * 1000
t.append(T())
from icp_core.facts.domain import _public_suffix_list
_public_suffix_list()
t.append(T())
from icp_core.facts.phone import parse_phone
parse_phone("13911223344")
t.append(T())
report = engine.check(filing, on=filing.evaluated_on)
t.append(T())
engine.check(filing, on=filing.evaluated_on)
t.append(T())
render_report(report)
t.append(T())
names = ["import icp_core.cli", "import engine, loading, output", "load_filing(path) (YAML + structure)",
         "find plugins (entry points)", "load in-scope plugins (policy YAML, compile, pluggy)",
         "public suffix list (publicsuffixlist parse)",
         "phone data (first parse_phone)", "first check (lazy data, hooks' own policy reads)",
         "second check (steady state)", "render report"]
print(json.dumps({"phases": [(n, (b - a) * 1000) for n, a, b in zip(names, t, t[1:])], "loads": loads}))
"""


def section_startup(quick: bool, rows: list[Row]) -> None:
    heading("3. Start-up and memory")
    example = "examples/beijing-enterprise.yaml"
    icp = [sys.executable, "-m", "icp_core.cli", "check", example]
    pluggy_only = [sys.executable, "-c", "import pluggy"]
    runs = 3 if quick else 7
    with tempfile.TemporaryDirectory(prefix="icp-bench-pyc-") as warm, \
            tempfile.TemporaryDirectory(prefix="icp-bench-nopyc-") as cold:
        envs = {"bytecode cached": _python_env(warm, write=True), "no bytecode cache": _python_env(cold, write=False)}
        check = subprocess.run(icp, cwd=ROOT, env=envs["bytecode cached"], capture_output=True, text=True,
                               check=False)  # also fills the bytecode cache
        if check.returncode not in (0, 1):
            print(f"icp check failed (exit {check.returncode}): {check.stderr.strip()[:500]}")
        _wall(pluggy_only, envs["bytecode cached"])
        ratios: dict[str, tuple[float, float, float]] = {}
        for label, env in envs.items():
            icp_times, base_times = [], []
            # interleaved, so that load on the shared machine hits both alike
            for _ in range(runs if label == "bytecode cached" else min(runs, 5)):
                icp_times.append(_wall(icp, env))
                base_times.append(_wall(pluggy_only, env))
            icp_ms, base_ms = statistics.median(icp_times) / 1e6, statistics.median(base_times) / 1e6
            ratios[label] = (icp_ms / base_ms, icp_ms, base_ms)
            print(f"{label:18}: `icp check {example}` {icp_ms:.0f} ms, `python -c 'import pluggy'` {base_ms:.0f} ms"
                  f" (medians of {len(icp_times)}): {icp_ms / base_ms:.2f}x")
        ratio, icp_ms, _ = ratios["bytecode cached"]
        print(f"start-up: {ratio:.2f}x import pluggy")
        rows.append(("start-up: icp check (whole process), .pyc cached", f"{ratio:.2f}x pluggy ({icp_ms:.0f} ms)",
                     "≤ 3x", met(ratio, 3)))
        cold_ratio, cold_ms, _ = ratios["no bytecode cache"]
        rows.append(("  same, no .pyc (PYTHONDONTWRITEBYTECODE=1)", f"{cold_ratio:.2f}x pluggy ({cold_ms:.0f} ms)",
                     "≤ 3x", met(cold_ratio, 3)))
        serve_ready(envs["bytecode cached"], runs, rows)
        if ratio > 3:
            phases = subprocess.run([sys.executable, "-c", _PHASES, example], cwd=ROOT, env=envs["bytecode cached"],
                                    capture_output=True, text=True, check=False)
            if phases.returncode == 0:
                found = json.loads(phases.stdout.strip().splitlines()[-1])
                print("\nover target: phases of `icp check` in one process (.pyc cached):")
                for name, ms in found["phases"]:
                    print(f"  {ms:7.1f} ms  {name}")
                for key, ms in found["loads"].items():
                    print(f"  {'':7}     {key}: {ms:.1f} ms")
            else:
                print(f"phase breakdown failed: {phases.stderr[-300:]}")
            importtime(example, envs["bytecode cached"])


def section_memory(quick: bool, rows: list[Row]) -> None:
    """Resident memory of an engine with every real plugin after many checks (section 3's second half)."""
    examples, _ = load_examples()
    if not examples:
        return
    engine = Engine.from_entry_points()
    filings = [f for _, _, f in examples]
    first, second = (500, 5_000) if quick else (10_000, 100_000)
    n = len(filings)
    cap = 6.0 if quick else 75.0  # seconds: keeps the whole run within budget when checks are slow
    start = time.perf_counter()
    for i in range(first):
        engine.check(filings[i % n])
    gc.collect()
    rss_first = rss_kib()
    done = first
    while done < second and time.perf_counter() - start < cap:
        for i in range(done, min(second, done + 1000)):
            engine.check(filings[i % n])
        done = min(second, done + 1000)
    if done < second:
        print(f"(stopped at {done:,} checks after {cap:.0f} s; the target was {second:,})")
    second = done
    gc.collect()
    rss_second = rss_kib()
    growth = rss_second / rss_first
    print(f"RSS with every plugin: {rss_first / 1024:.1f} MiB after {first:,} checks, "
          f"{rss_second / 1024:.1f} MiB after {second:,} checks: {growth:.3f}x")
    rows.append((f"RSS after {second:,} / {first:,} checks",
                 f"{growth:.3f}x ({rss_second / 1024:.1f} MiB)", "≤ 1.05", met(growth, 1.05)))


def serve_ready(env: dict[str, str], runs: int, rows: list[Row]) -> None:
    """Seconds from starting `icp serve` to its first answer of ``/healthz`` and ``/readyz``
    (the service warms up before it says ready), median of ``runs``; 127.0.0.1 only."""
    import load  # bench/load.py: the free port and the GET of the load test

    times: list[float] = []
    for _ in range(runs):
        port = load.free_port()
        command = [sys.executable, "-m", "icp_core.cli", "serve", "--host", load.HOST, "--port", str(port)]
        start = time.perf_counter()
        process = subprocess.Popen(command, cwd=ROOT, env={k: v for k, v in env.items() if not k.startswith("ICP_")},
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            while time.perf_counter() - start < load.START_TIMEOUT:
                if process.poll() is not None:
                    raise RuntimeError(f"icp serve exited with {process.returncode} before answering")
                try:
                    if load.get(port, "/healthz") == 200 and load.get(port, "/readyz") == 200:
                        times.append(time.perf_counter() - start)
                        break
                except OSError:
                    pass  # not listening yet
                time.sleep(0.01)
            else:
                raise RuntimeError(f"icp serve was not ready within {load.START_TIMEOUT:.0f} s")
        finally:
            process.terminate()
            process.wait(timeout=10)
    ready = statistics.median(times)
    print(f"`icp serve` ready (/healthz and /readyz answer 200): {ready * 1000:.0f} ms, median of {len(times)}")
    rows.append(("icp serve ready (first 200 of /readyz)", f"{ready * 1000:.0f} ms", "< 1 s", ready < 1.0))


def importtime(example: str, env: dict[str, str]) -> None:
    """Top imports by cumulative time of a whole `icp check` run."""
    proc = subprocess.run([sys.executable, "-X", "importtime", "-m", "icp_core.cli", "check", example], cwd=ROOT,
                          env=env, capture_output=True, text=True, check=False)
    entries: list[tuple[int, int, str]] = []
    for line in proc.stderr.splitlines():
        match = re.match(r"import time:\s+(\d+) \|\s+(\d+) \|(\s*)(\S+)", line)
        if match:
            entries.append((int(match.group(2)), int(match.group(1)), match.group(3) + match.group(4)))
    top_level = sorted((e for e in entries if len(e[2]) - len(e[2].lstrip()) <= 2), reverse=True)[:8]
    total = sum(e[0] for e in entries if len(e[2]) - len(e[2].lstrip()) <= 2)
    print(f"\nimports of `python -X importtime -m icp_core.cli check …`: {total / 1000:.0f} ms in all; "
          "top level (cumulative, self):")
    for cumulative, own, name in top_level:
        print(f"  {cumulative / 1000:7.1f} ms {own / 1000:7.1f} ms  {name.strip()}")
    print("heaviest modules by own time:")
    for _, own, name in sorted(entries, key=lambda e: -e[1])[:10]:
        print(f"  {own / 1000:7.1f} ms  {name.strip()}")


# --------------------------------------------------------------------------- 4. batch


def section_batch(quick: bool, rows: list[Row]) -> None:
    from icp_core.loading import load_filing

    heading("4. Batch: icp check --batch FILE --format json")
    print("load average (1, 5, 15 min): " + ", ".join(f"{x:.2f}" for x in os.getloadavg()))
    examples, _ = load_examples()
    if not examples:
        return
    lines = []
    for _, data, _ in examples:
        line = json.dumps(data, ensure_ascii=False, default=str)
        load_filing(json.loads(line))  # the JSON form must load too
        lines.append(line)
    total = 1_000 if quick else 6_000
    with tempfile.TemporaryDirectory(prefix="icp-bench-batch-") as tmp:
        env = _python_env(str(Path(tmp) / "pyc"), write=True)
        subprocess.run([sys.executable, "-m", "icp_core.cli", "check", "examples/beijing-enterprise.yaml"], cwd=ROOT,
                       env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)  # fill .pyc
        source = Path(tmp) / "filings.jsonl"
        source.write_text("\n".join(lines[i % len(lines)] for i in range(total)) + "\n", "utf-8")
        rates: dict[int, float] = {}
        # each twice, interleaved (once with --quick); the better run counts (shared machine)
        for processes in (1, 2) if quick else (1, 2, 1, 2):
            output = Path(tmp) / f"out{processes}.jsonl"
            cmd = [sys.executable, "-m", "icp_core.cli", "check", "--batch", str(source), "--format", "json",
                   "--processes", str(processes)]
            with output.open("w") as out:
                start = time.perf_counter_ns()
                proc = subprocess.run(cmd, cwd=ROOT, env=env, stdout=out, stderr=subprocess.PIPE, text=True,
                                      check=False)
                wall = (time.perf_counter_ns() - start) / 1e9
            results = output.read_text("utf-8").splitlines()
            errors = sum(1 for r in results if '"error"' in r[:40])
            if proc.returncode not in (0, 1) or len(results) != total or errors:
                raise RuntimeError(f"batch with {processes} process(es) failed: exit {proc.returncode}, "
                                   f"{len(results)} lines, {errors} errors: {proc.stderr[-500:]}")
            rates[processes] = max(rates.get(processes, 0.0), total / wall)
            print(f"{processes} process(es): {total:,} filings in {wall:.2f} s = {total / wall:,.0f} filings/s "
                  f"(whole command, start-up included)")
    batch_breakdown(lines, quick)
    scaling = rates[2] / rates[1]
    print(f"scaling 2 vs 1 process: {scaling:.2f}x on {os.cpu_count()} cores")
    rows += [
        ("batch, 1 process", f"{rates[1]:,.0f} filings/s", "—", None),
        ("batch, 2 processes", f"{rates[2]:,.0f} filings/s", "—", None),
        ("batch scaling 2 vs 1 process", f"{scaling:.2f}x", "—", None),
    ]


def batch_breakdown(lines: list[str], quick: bool) -> None:
    """One batch line's work, in process: what ``batch._check_chunk`` does per filing."""
    from icp_core.loading import load_filing
    from icp_core.output import to_data

    engine = Engine.from_entry_points()
    count = 200 if quick else 1000
    parsed = [json.loads(line) for line in lines]
    filings = [load_filing(d) for d in parsed]
    reports = [engine.check(f) for f in filings]
    pieces = [
        ("json.loads(line)", json.loads, lines),
        ("load_filing(dict)", load_filing, parsed),
        ("engine.check(filing)", engine.check, filings),
        ("json.dumps(to_data(report))", lambda r: json.dumps(to_data(r, "en"), ensure_ascii=False), reports),
    ]
    total = 0.0
    print("per line, in one process (means, which set throughput):", end="")
    for label, call, items in pieces:
        time_single(call, items, max(20, count // 10))
        value = statistics.fmean(time_single(call, items, count))
        total += value
        print(f" {label} {us(value)};", end="")
    print(f" sum {us(total)} = {1e9 / total:,.0f} lines/s per process")


# --------------------------------------------------------------------------- 5. replay memory


def section_replay_memory(quick: bool, rows: list[Row]) -> None:
    """``icp replay`` in one process over N and 10·N lines: its peak resident memory must
    not grow with the file (the lines and answers stream; only counts are kept)."""
    heading("5. Replay: peak memory of icp replay over N and 10N lines (one process, two engines)")
    examples, _ = load_examples()
    if not examples:
        return
    lines = [json.dumps(data, ensure_ascii=False, default=str) for _, data, _ in examples]
    small = 1_000 if quick else 10_000
    profile_text = "name: tighter\nrules:\n  beijing.same_website_remark:\n    params: {min_domains: 1}\n"
    measure = ("import resource, sys\nfrom icp_core.cli import main\ncode = main(sys.argv[1:])\n"
               "sys.stderr.write(f'\\nmaxrss_kib={resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}\\n')\n"
               "sys.exit(code)")
    peaks: dict[int, int] = {}
    with tempfile.TemporaryDirectory(prefix="icp-bench-replay-") as tmp:
        profile = Path(tmp) / "tighter.yaml"
        profile.write_text(profile_text, "utf-8")
        for total in (small, small * 10):
            source = Path(tmp) / f"filings-{total}.jsonl"
            with source.open("w", encoding="utf-8") as out:
                for i in range(total):
                    out.write(lines[i % len(lines)] + "\n")
            start = time.perf_counter()
            proc = subprocess.run([sys.executable, "-c", measure, "replay", str(source), "--candidate", str(profile),
                                   "--processes", "1"], cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                  text=True, check=False)
            wall = time.perf_counter() - start
            found = re.search(r"maxrss_kib=(\d+)", proc.stderr)
            if proc.returncode not in (0, 1) or not found:
                raise RuntimeError(f"replay over {total} lines failed: exit {proc.returncode}: {proc.stderr[-500:]}")
            peaks[total] = int(found.group(1))
            print(f"{total:>9,} lines: peak RSS {peaks[total] / 1024:,.0f} MiB, {total / wall:,.0f} filings/s "
                  "(both sides, whole command)")
    growth = peaks[small * 10] / peaks[small]
    print(f"peak memory, 10x the lines: {growth:.2f}x")
    rows.append(("replay peak RSS, 10x the lines", f"{growth:.2f}x", "≤ 1.15", growth <= 1.15))


# --------------------------------------------------------------------------- main


#: The sections in the order they run, by the names ``--only`` takes.
SECTIONS = ("overhead", "realistic", "startup", "memory", "batch", "replay")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer repetitions (~30 s instead of ~2 min)")
    parser.add_argument("--strict", action="store_true", help="exit 1 when a target is missed")
    parser.add_argument("--only", action="append", choices=SECTIONS, metavar="SECTION",
                        help="run only this section (repeatable): " + ", ".join(SECTIONS)
                        + "; realistic needs the floor of overhead, which it then runs too")
    args = parser.parse_args(argv)
    only = set(args.only or SECTIONS)
    if "realistic" in only:
        only.add("overhead")
    started = time.perf_counter()
    print(f"icp-filing benchmarks — {dt.datetime.now():%Y-%m-%d %H:%M}, Python {platform.python_version()}, "
          f"{os.cpu_count()} cores{' (quick)' if args.quick else ''}")
    print("load average (1, 5, 15 min): " + ", ".join(f"{x:.2f}" for x in os.getloadavg()))
    rows: list[Row] = []
    laps: list[str] = []

    def lap(name: str, since: float) -> None:
        laps.append(f"{name} {time.perf_counter() - since:.0f} s")

    from icp_core.streaming import Progress

    floor: dict[str, float] = {}
    every: dict[str, tuple[str, Callable[[], Any]]] = {
        "overhead": ("1", lambda: floor.update(section_overhead(args.quick, rows))),
        "realistic": ("2", lambda: section_realistic(args.quick, floor["floor_median_ns"], rows)),
        "startup": ("3", lambda: section_startup(args.quick, rows)),
        "memory": ("3m", lambda: section_memory(args.quick, rows)),
        "batch": ("4", lambda: section_batch(args.quick, rows)),
        "replay": ("5", lambda: section_replay_memory(args.quick, rows)),
    }
    sections = [every[name] for name in SECTIONS if name in only]
    with Progress(len(sections), "section") as progress:  # on a terminal only, on stderr
        for name, run in sections:
            mark = time.perf_counter()
            run()
            lap(name, mark)
            progress.advance(1)

    heading(f"Summary ({time.perf_counter() - started:.0f} s: sections {', '.join(laps)}; load average "
            + ", ".join(f"{x:.1f}" for x in os.getloadavg()) + ")")
    width = max(len(r[0]) for r in rows)
    print(f"{'metric':{width}}  {'value':>28}  {'target':>7}  met?")
    for metric, value, target, ok in rows:
        flag = "—" if ok is None else ("yes" if ok else "NO")
        print(f"{metric:{width}}  {value:>28}  {target:>7}  {flag}")
    missed = [r[0] for r in rows if r[3] is False]
    return 1 if args.strict and missed else 0


if __name__ == "__main__":
    raise SystemExit(main())
