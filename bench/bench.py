#!/usr/bin/env python3
"""Kassa benchmark driver, started by bench/run.sh (which installs wrk and builds first).

Starts the bare baseline app and Kassa (SQLite in a temporary folder; PostgreSQL too when a
connection string is given), measures Kassa's cold start, prepares carts through the public API,
runs the wrk scenarios in bench/lua/, samples Kassa's memory and CPU while they run, and reports
a table; a full run rewrites the generated part of docs/benchmarks.md.

Standard library only. Every process it starts is stopped, and every temporary file and database
removed, on the way out (normal exit, error, Ctrl-C or SIGTERM).
"""
from __future__ import annotations

import argparse
import statistics
import datetime as dt
import http.client
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
LUA = BENCH / "lua"
DOC = REPO / "docs" / "benchmarks.md"
BEGIN = "<!-- bench:begin -->"
END = "<!-- bench:end -->"
ADMIN_KEY = "bench-admin-key"
VOOG = "/admin/api/ecommerce/v1"

# Targets (issue 6), judged on SQLite with 32 connections.
TARGET_GET_RATIO = 0.40
TARGET_ADD_RATIO = 0.15
TARGET_CREATE_RATIO = 0.15
TARGET_P99_MS = 20.0
TARGET_RSS_MB = 150.0
TARGET_COLD_START_S = 1.5
COLD_STARTS = 3
# Checkout scenarios use each prepared id once: ids for this many requests per second of the scenario
# (about what this machine does), up to a cap that keeps preparation around a minute.
CHECKOUT_CREATE_PER_SECOND, CHECKOUT_CREATE_MAX = 1500, 15000
PAYMENT_INIT_PER_SECOND, PAYMENT_INIT_MAX = 700, 8000


@dataclass
class Scenario:
    name: str
    title: str
    script: str
    args: list[str]
    kind: str  # get | create | add | hot | put | baseline (which targets apply)


@dataclass
class Result:
    scenario: str
    title: str
    kind: str
    requests: int = 0
    duration_s: float = 0.0
    rps: float = 0.0
    p50_ms: float = 0.0
    p90_ms: float = 0.0
    p99_ms: float = 0.0
    max_ms: float = 0.0
    non_2xx: int = 0
    socket_errors: int = 0
    peak_rss_mb: float = 0.0
    cpu_us_per_req: float = 0.0
    cpu_pct: float = 0.0
    bytes_per_resp: float = 0.0
    ratio: float | None = None
    baseline_rps: float = 0.0
    warmup_requests: int = 0


@dataclass
class Suite:
    database: str
    cold_start_s: float = 0.0
    cold_starts_s: list[float] = field(default_factory=list)
    first_start_s: float = 0.0
    idle_rss_mb: float = 0.0
    results: list[Result] = field(default_factory=list)
    voog_get_bytes: int = 0
    outshifter_get_bytes: int = 0
    checkout_ids: tuple[int, int] = (0, 0)
    baselines: list[Result] = field(default_factory=list)


class Failure(Exception):
    pass


# ---------------------------------------------------------------- processes and cleanup

_children: list[subprocess.Popen] = []
_cleanups: list = []


def cleanup() -> None:
    for proc in reversed(_children):
        stop_process(proc)
    _children.clear()
    while _cleanups:
        fn = _cleanups.pop()
        try:
            fn()
        except Exception as e:  # noqa: BLE001 - cleanup must go on
            print(f"cleanup: {e}", file=sys.stderr)


def stop_process(proc: subprocess.Popen, timeout: float = 10) -> None:
    if proc.poll() is not None:
        return
    try:
        os.killpg(proc.pid, signal.SIGTERM)
    except ProcessLookupError:
        return
    try:
        proc.wait(timeout)
    except subprocess.TimeoutExpired:
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        proc.wait()


def on_signal(signum, _frame):
    raise SystemExit(128 + signum)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_dotnet(dll: Path, port: int, env: dict[str, str], cwd: Path, log: Path) -> subprocess.Popen:
    full_env = {**os.environ, **env, "DOTNET_CLI_TELEMETRY_OPTOUT": "1", "DOTNET_NOLOGO": "1"}
    full_env.pop("ASPNETCORE_URLS", None)
    out = open(log, "ab")  # append mode, so the log can be truncated while the server writes
    proc = subprocess.Popen(
        ["dotnet", str(dll), "--urls", f"http://127.0.0.1:{port}"],
        env=full_env, cwd=cwd, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
        start_new_session=True)
    out.close()
    _children.append(proc)
    return proc


def wait_for_200(port: int, path: str, proc: subprocess.Popen, t0: float, log: Path, timeout: float = 60) -> float:
    """Seconds from t0 to the first 200 on path (polled every 5 ms)."""
    while True:
        if proc.poll() is not None:
            raise Failure(f"process exited with {proc.returncode} before answering {path}; log:\n{tail(log)}")
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            conn.request("GET", path)
            status = conn.getresponse().status
            conn.close()
            if status == 200:
                return time.perf_counter() - t0
        except (ConnectionError, OSError, http.client.HTTPException):
            pass
        if time.perf_counter() - t0 > timeout:
            raise Failure(f"no 200 on {path} within {timeout} s; log:\n{tail(log)}")
        time.sleep(0.005)


def tail(path: Path, limit: int = 4000) -> str:
    try:
        data = path.read_bytes()
    except OSError:
        return "(no log)"
    return data[-limit:].decode("utf-8", "replace")


# ---------------------------------------------------------------- /proc sampling

def proc_status_kb(pid: int, key: str) -> int:
    return proc_status_kb_from(f"/proc/{pid}/status", key)


def proc_cpu_seconds(pid: int) -> float:
    try:
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, IndexError, ValueError):
        return 0.0


def reset_peak_rss(pid: int) -> bool:
    """Writing 5 to clear_refs resets VmHWM to the current RSS (Linux >= 4.0)."""
    try:
        with open(f"/proc/{pid}/clear_refs", "w") as f:
            f.write("5")
        return True
    except OSError:
        return False


class RssSampler:
    """Peak RSS of a process over a window: VmHWM after a reset, and VmRSS sampled every 100 ms."""

    def __init__(self, pid: int):
        self.pid = pid
        self.peak_kb = 0
        self._stop = threading.Event()
        self._hwm_reset = reset_peak_rss(pid)
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self):
        while not self._stop.is_set():
            self.peak_kb = max(self.peak_kb, proc_status_kb(self.pid, "VmRSS"))
            self._stop.wait(0.1)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()
        if self._hwm_reset:
            self.peak_kb = max(self.peak_kb, proc_status_kb(self.pid, "VmHWM"))


# ---------------------------------------------------------------- HTTP for data preparation

class Api:
    def __init__(self, port: int):
        self.port = port
        self._local = threading.local()

    def call(self, method: str, path: str, body=None, admin: bool = False, expect=(200, 201)):
        headers = {"Content-Type": "application/json", "Accept": "application/json"}
        if admin:
            headers["X-API-TOKEN"] = ADMIN_KEY
        data = json.dumps(body) if body is not None else None
        for attempt in range(2):
            conn = getattr(self._local, "conn", None)
            if conn is None:
                conn = self._local.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
            try:
                conn.request(method, path, body=data, headers=headers)
                resp = conn.getresponse()
                raw = resp.read()
                break
            except (ConnectionError, http.client.HTTPException):
                conn.close()
                self._local.conn = None
                if attempt == 1:
                    raise
        if resp.status not in expect:
            raise Failure(f"{method} {path} answered {resp.status}: {raw[:500]!r}")
        return resp.status, raw


# The hot cart takes every add of its scenario, and its 12 lines (one per bench product) hold at most 10,000 units each
# (CartLimits.MaxQuantity), so one cart takes at most ~120,000 adds before Kassa rightly answers 422: a fast enough
# run would fill it. So there are several, used one after another: each wrk thread moves on to the next after its
# share of HOT_ADDS_PER_CART, so all connections still write one cart at a time and no cart gets more than that
# (+ the warm-up's, which starts on the first cart too). 16 carts last 800,000 adds, 20 s at 40,000 adds/s.
HOT_CARTS = 16
HOT_ADDS_PER_CART = 50_000


def prepare(api: Api, carts: int, workers: int = 8) -> dict:
    """Products (untracked stock), the XMAS discount, Voog and Outshifter carts with items, the hot carts."""
    t0 = time.perf_counter()
    products = []
    for i in range(12):
        _, raw = api.call("POST", f"{VOOG}/products", admin=True, body={
            "name": f"Bench product {i + 1}", "price": round(4.99 + i * 3.25, 2), "tax_rate": [20, 9, 0][i % 3]})
        products.append(json.loads(raw)["id"])

    _, raw = api.call("GET", f"{VOOG}/discounts?per_page=250", admin=True)
    if not any(d.get("code", "").upper() == "XMAS" for d in json.loads(raw)):
        api.call("POST", f"{VOOG}/discounts", admin=True, body={
            "code": "XMAS", "discount_type": "percentage", "amount": 33, "applies_to": "products"})

    def voog_cart(i: int) -> str:
        _, raw = api.call("POST", f"{VOOG}/carts?include=items", body={"items": [
            {"product_id": products[i % 12], "quantity": 1 + i % 3},
            {"product_id": products[(i + 5) % 12], "quantity": 1}]})
        return json.loads(raw)["uuid"]

    def outshifter_cart(i: int) -> str:
        _, raw = api.call("POST", "/api/cart", body={"customer_session_id": f"prep-{i}"})
        cart_id = json.loads(raw)["cart_id"]
        api.call("POST", f"/api/cart/{cart_id}/item/add", body={"line_items": [
            {"product_id": products[(i + 3) % 12], "quantity": 1 + i % 2},
            {"product_id": products[(i + 8) % 12], "quantity": 2}]})
        return cart_id

    with ThreadPoolExecutor(workers) as pool:
        voog = list(pool.map(voog_cart, range(carts)))
        outshifter = list(pool.map(outshifter_cart, range(carts)))
        hot = list(pool.map(outshifter_cart, range(carts, carts + HOT_CARTS)))
    return {"products": products, "voog": voog, "outshifter": outshifter, "hot": hot,
            "seconds": time.perf_counter() - t0}


def prepare_checkouts(api: Api, products: list[int], carts: int, checkouts: int, workers: int = 8) -> dict:
    """Fresh Outshifter carts with items for checkout creation, and checkouts of other such carts, with a
    shipping rate chosen, for payment initiation."""
    t0 = time.perf_counter()
    _, raw = api.call("POST", f"{VOOG}/shipping_methods", admin=True, body={
        "name": "Bench courier", "amount": 4.9, "tax_rate": 20})
    shipping_method = json.loads(raw)["id"]

    def cart(i: int) -> str:
        _, raw = api.call("POST", "/api/cart", body={"customer_session_id": f"checkout-{i}"})
        cart_id = json.loads(raw)["cart_id"]
        api.call("POST", f"/api/cart/{cart_id}/item/add", body={"line_items": [
            {"product_id": products[i % 12], "quantity": 1 + i % 3}]})
        return cart_id

    def checkout(i: int) -> str:
        _, raw = api.call("POST", "/api/checkout", body={"cart_id": cart(i)})
        checkout_id = json.loads(raw)["id"]
        api.call("PATCH", f"/api/checkout/{checkout_id}", body={"shipping_rate": {"shipping_method_id": shipping_method}})
        return checkout_id

    with ThreadPoolExecutor(workers) as pool:
        cart_ids = list(pool.map(cart, range(carts)))
        checkout_ids = list(pool.map(checkout, range(carts, carts + checkouts)))
    return {"carts": cart_ids, "checkouts": checkout_ids, "seconds": time.perf_counter() - t0}


# ---------------------------------------------------------------- wrk

def run_wrk(port: int, scenario: Scenario, seconds: int, args, raw_dir: Path, label: str) -> dict:
    cmd = ["wrk", f"-t{args.threads}", f"-c{args.connections}", f"-d{seconds}s", "--latency",
           "--timeout", "10s", "-s", str(LUA / scenario.script), f"http://127.0.0.1:{port}", "--", *scenario.args]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=seconds + 60)
    (raw_dir / f"{label}.txt").write_text(" ".join(cmd) + "\n\n" + proc.stdout + proc.stderr)
    if proc.returncode != 0:
        raise Failure(f"wrk failed for {scenario.name} ({proc.returncode}): {proc.stderr.strip()[:2000]}")
    match = re.search(r"^BENCH_JSON (\{.*\})$", proc.stdout, re.M)
    if not match:
        raise Failure(f"wrk printed no BENCH_JSON for {scenario.name}:\n{proc.stdout}\n{proc.stderr}")
    return json.loads(match.group(1))


def measure(port: int, pid: int | None, scenario: Scenario, args, raw_dir: Path, label: str, log: Path | None,
            trace: Path | None = None, perf: Path | None = None) -> Result:
    warm = run_wrk(port, scenario, args.warmup, args, raw_dir, label + "-warmup") if args.warmup > 0 else None
    if log is not None:
        truncate(log)
    cpu0 = proc_cpu_seconds(pid) if pid else 0.0
    if pid:
        tracer = start_trace(pid, trace, args.duration) if trace else None
        recorder = start_perf(pid, perf, args.duration) if perf else None
        with RssSampler(pid) as rss:
            w = run_wrk(port, scenario, args.duration, args, raw_dir, label)
        peak_kb = rss.peak_kb
        if tracer:
            finish_trace(tracer, trace)
        if recorder:
            finish_perf(recorder, perf)
    else:
        w = run_wrk(port, scenario, args.duration, args, raw_dir, label)
        peak_kb = 0
    cpu = (proc_cpu_seconds(pid) - cpu0) if pid else 0.0
    secs = w["duration_us"] / 1e6
    e = w["errors"]
    r = Result(
        scenario=scenario.name, title=scenario.title, kind=scenario.kind,
        requests=w["requests"], duration_s=secs, rps=w["requests"] / secs if secs else 0.0,
        p50_ms=w["latency_us"]["p50"] / 1000, p90_ms=w["latency_us"]["p90"] / 1000,
        p99_ms=w["latency_us"]["p99"] / 1000, max_ms=w["latency_us"]["max"] / 1000,
        non_2xx=e["status"], socket_errors=e["connect"] + e["read"] + e["write"] + e["timeout"],
        peak_rss_mb=peak_kb / 1024, cpu_us_per_req=(cpu * 1e6 / w["requests"]) if w["requests"] else 0.0,
        cpu_pct=100 * cpu / secs if secs else 0.0,
        bytes_per_resp=w["bytes"] / w["requests"] if w["requests"] else 0.0)
    if warm:
        # Warm-up requests are not measured, but a failure among them is still a failure.
        r.non_2xx += warm["errors"]["status"]
        r.socket_errors += sum(warm["errors"][k] for k in ("connect", "read", "write", "timeout"))
        r.warmup_requests = warm["requests"]
    if (r.non_2xx or r.socket_errors) and log is not None:
        (raw_dir / f"{label}-kassa-log-tail.txt").write_text(tail(log, 200_000))
    print(f"  {r.title:<40} {r.rps:>9.0f} req/s  p50 {r.p50_ms:6.2f} ms  p99 {r.p99_ms:7.2f} ms  "
          f"non-2xx {r.non_2xx}  socket errors {r.socket_errors}  rss {r.peak_rss_mb:5.0f} MB  "
          f"cpu {r.cpu_us_per_req:5.0f} us/req", flush=True)
    return r


def dotnet_trace() -> str:
    found = shutil.which("dotnet-trace") or str(Path.home() / ".dotnet" / "tools" / "dotnet-trace")
    if not Path(found).exists():
        raise Failure("dotnet-trace not found: dotnet tool install --global dotnet-trace")
    return found


def start_trace(pid: int, out: Path, seconds: int) -> subprocess.Popen:
    """Samples every managed thread's stack (~100 Hz) for the middle of the scenario."""
    length = max(1, seconds - 2)
    return start_profiler([dotnet_trace(), "collect", "-p", str(pid), "--profile", "dotnet-sampled-thread-time",
                           "--format", "Speedscope", "-o", str(out), "--duration", f"00:00:00:{length:02d}"])


def start_profiler(cmd: list[str]) -> subprocess.Popen:
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                            start_new_session=True)
    _children.append(proc)
    return proc


def finish_profiler(proc: subprocess.Popen, log: Path) -> None:
    output, _ = proc.communicate(timeout=120)
    _children.remove(proc)
    log.write_bytes(output or b"")


def finish_trace(proc: subprocess.Popen, out: Path) -> None:
    finish_profiler(proc, out.parent / (out.name + ".collect.txt"))
    for flags, name in (([], "exclusive"), (["--inclusive"], "inclusive")):
        rep = subprocess.run([dotnet_trace(), "report", str(out), "topN", "-n", "60", *flags],
                             capture_output=True, text=True, timeout=300)
        (out.parent / f"{out.name}.top-{name}.txt").write_text(rep.stdout + rep.stderr)
    print(f"  trace: {out}", flush=True)


def start_perf(pid: int, out: Path, seconds: int) -> subprocess.Popen:
    """Linux perf over the middle of the scenario: native code, the kernel and (with the perf map that
    --perf turns on) JIT'd code, which the sampled-thread-time trace cannot show."""
    if not shutil.which("perf"):
        raise Failure("perf not found: apt-get install linux-perf")
    length = max(1, seconds - 2)
    return start_profiler(["perf", "record", "-F", "999", "-g", "-o", str(out), "-p", str(pid), "--", "sleep", str(length)])


def finish_perf(proc: subprocess.Popen, out: Path) -> None:
    finish_profiler(proc, out.parent / (out.name + ".record.txt"))
    for flags, name in ((["--no-children"], "self"), (["--children"], "children")):
        rep = subprocess.run(["perf", "report", "-i", str(out), "--stdio", "-g", "none", "--percent-limit", "0.3",
                              "--sort", "sym", *flags], capture_output=True, text=True, timeout=600)
        (out.parent / f"{out.name}.{name}.txt").write_text(rep.stdout + rep.stderr)
    print(f"  perf: {out} (reports: {out.name}.self.txt, {out.name}.children.txt)", flush=True)


def truncate(log: Path) -> None:
    try:
        with open(log, "r+b") as f:
            f.truncate(0)
    except OSError:
        pass


# ---------------------------------------------------------------- the run

def kassa_scenarios(ids_dir: Path, products: list[int], threads: int) -> list[Scenario]:
    p = ",".join(str(x) for x in products)
    voog_ids, outshifter_ids, hot_ids = (str(ids_dir / n) for n in ("voog.txt", "outshifter.txt", "hot.txt"))
    return [
        Scenario("get_voog", "GET cart, Voog (?include=items)", "get.lua",
                 [f"{VOOG}/carts/{{id}}?include=items", voog_ids], "get"),
        Scenario("get_outshifter", "GET cart, Outshifter", "get.lua", ["/api/cart/{id}", outshifter_ids], "get"),
        # The public catalog's first page: every product (demo and bench), no conditional request. Judged as a cart GET is.
        Scenario("catalog_get", "GET public catalog (/api/products)", "get.lua", ["/api/products"], "get"),
        Scenario("create_voog", "create cart, Voog (with 1 item)", "create_cart.lua", ["voog", p], "create"),
        Scenario("create_outshifter", "create cart, Outshifter (empty)", "create_cart.lua", ["outshifter", p], "create"),
        Scenario("add_item", "add item, distinct carts (Outshifter)", "add_item.lua", [outshifter_ids, p], "add"),
        Scenario("add_item_hot", "add item, one hot cart (Outshifter)", "add_item.lua", [hot_ids, p, str(HOT_ADDS_PER_CART // threads)], "hot"),
        Scenario("put_voog", "Voog PUT: quantities + discount XMAS", "voog_put.lua", [voog_ids, p, "XMAS"], "put"),
        # Each over ids prepare_checkouts() made for it: a cart yields one checkout and one live order.
        Scenario("checkout_create", "create checkout (Outshifter)", "checkout.lua",
                 ["create", str(ids_dir / "checkout-carts.txt")], "checkout"),
        Scenario("payment_init", "initiate payment, sandbox (Outshifter)", "checkout.lua",
                 ["payment", str(ids_dir / "checkouts.txt")], "checkout"),
    ]


def run_kassa_suite(database: str, conn_string: str, provider: str, args, work: Path, raw_dir: Path,
                    baseline: "Baseline") -> Suite:
    suite = Suite(database=database)
    port = free_port()
    log = work / f"kassa-{database}.log"
    env = {
        "Kassa__Database__Provider": provider,
        "Kassa__Database__ConnectionString": conn_string,
        "Kassa__AdminApiKey": ADMIN_KEY,
        "Kassa__SeedDemoData": "true",
        # The sandbox gateway (payment initiation scenario); any secret will do.
        "Kassa__Payments__Sandbox__WebhookSecret": "bench-sandbox-secret",
        # Every request comes from 127.0.0.1: the per-client limits stay on (their cost is measured) but cannot be reached.
        "Kassa__RateLimits__CartCreation__PermitLimit": "1000000000",
        "Kassa__RateLimits__CheckoutCreation__PermitLimit": "1000000000",
        "Kassa__RateLimits__Writes__PermitLimit": "1000000000",
    }
    if args.perf:
        # perf resolves JIT'd frames through the perf map; W^X double mapping would hide them.
        env["DOTNET_PerfMapEnabled"] = "1"
        env["DOTNET_EnableWriteXorExecute"] = "0"
    for pair in args.kassa_env:
        key, _, value = pair.partition("=")
        env[key] = value
    # Laid out like a default install: the working directory holds data/kassa.db (the content root is the publish folder).
    # The server log is kept outside it, as journald or a container runtime would keep stdout.
    app_dir = work / f"app-{database}"
    (app_dir / "data").mkdir(parents=True)
    if provider == "sqlite":
        env["Kassa__Database__ConnectionString"] = f"Data Source={app_dir / 'data' / 'kassa.db'}"
    print(f"\n== Kassa on {database} ==", flush=True)

    # First start on a new database (migrations + demo seed), then restarts on the same database: a
    # restart is the cold start that a deploy sees, and the target is judged on the median of
    # COLD_STARTS of them (one start on this VM can take half as long again as the next).
    t0 = time.perf_counter()
    proc = start_dotnet(args.kassa_dll, port, env, app_dir, log)
    suite.first_start_s = wait_for_200(port, "/health/ready", proc, t0, log)
    for i in range(COLD_STARTS):
        stop_process(proc)
        _children.remove(proc)
        t0 = time.perf_counter()
        proc = start_dotnet(args.kassa_dll, port, env, app_dir, log)
        suite.cold_starts_s.append(wait_for_200(port, "/health/ready", proc, t0, log))
    suite.cold_start_s = statistics.median(suite.cold_starts_s)
    suite.idle_rss_mb = proc_status_kb(proc.pid, "VmRSS") / 1024
    print(f"  first start (new database) {suite.first_start_s:.2f} s, cold start {suite.cold_start_s:.2f} s", flush=True)

    api = Api(port)
    data = prepare(api, args.carts)
    ids_dir = work / f"ids-{database}"
    ids_dir.mkdir()
    (ids_dir / "voog.txt").write_text("\n".join(data["voog"]) + "\n")
    (ids_dir / "outshifter.txt").write_text("\n".join(data["outshifter"]) + "\n")
    (ids_dir / "hot.txt").write_text("\n".join(data["hot"]) + "\n")
    _, raw = api.call("GET", f"{VOOG}/carts/{data['voog'][0]}?include=items")
    suite.voog_get_bytes = len(raw)
    _, raw = api.call("GET", f"/api/cart/{data['outshifter'][0]}")
    suite.outshifter_get_bytes = len(raw)
    print(f"  prepared {args.carts} carts per dialect in {data['seconds']:.1f} s "
          f"(Voog GET body {suite.voog_get_bytes} B, Outshifter GET body {suite.outshifter_get_bytes} B)", flush=True)
    truncate(log)
    if baseline.proc is None:
        # Its body is padded to the size of the Voog cart GET just measured.
        baseline.start(suite.voog_get_bytes)

    only = {n.strip() for n in args.only.split(",") if n.strip()}
    if not only or only & {"checkout_create", "payment_init"}:
        # Enough fresh ids that (almost) every request creates rather than finds an existing checkout/order.
        seconds = args.duration + args.warmup
        carts = max(args.carts, min(CHECKOUT_CREATE_MAX, CHECKOUT_CREATE_PER_SECOND * seconds))
        checkouts = max(args.carts, min(PAYMENT_INIT_MAX, PAYMENT_INIT_PER_SECOND * seconds))
        co = prepare_checkouts(api, data["products"], carts, checkouts)
        (ids_dir / "checkout-carts.txt").write_text("\n".join(co["carts"]) + "\n")
        (ids_dir / "checkouts.txt").write_text("\n".join(co["checkouts"]) + "\n")
        suite.checkout_ids = (carts, checkouts)
        print(f"  prepared {carts} carts for checkout and {checkouts} checkouts in {co['seconds']:.1f} s", flush=True)
        truncate(log)
    for s in kassa_scenarios(ids_dir, data["products"], args.threads):
        if only and s.name not in only:
            continue
        trace = raw_dir / f"{database}-{s.name}.nettrace" if args.trace == s.name else None
        perf = raw_dir / f"{database}-{s.name}.perf.data" if args.perf == s.name else None
        before = baseline.measure(f"{database}-before-{s.name}")
        suite.results.append(measure(port, proc.pid, s, args, raw_dir, f"{database}-{s.name}", log, trace, perf))
        suite.baselines.append(before)
    if suite.results:
        suite.baselines.append(baseline.measure(f"{database}-end"))
    for i, r in enumerate(suite.results):
        r.baseline_rps = (suite.baselines[i].rps + suite.baselines[i + 1].rps) / 2
        r.ratio = r.rps / r.baseline_rps if r.baseline_rps else None
    stop_process(proc)
    _children.remove(proc)
    return suite


class Baseline:
    """The bare baseline app, kept running (idle) beside Kassa and measured right before every Kassa
    scenario and after the last one, so each scenario is compared with the machine as it was then:
    this VM's throughput drifts by a third within minutes."""

    SCENARIO = Scenario("baseline", "baseline: bare Kestrel, fixed JSON", "get.lua", ["/cart"], "baseline")

    def __init__(self, args, work: Path, raw_dir: Path):
        self.args, self.work, self.raw_dir = args, work, raw_dir
        # Shorter than a Kassa scenario: it only has to say how fast the machine is right now.
        self.settings = argparse.Namespace(**{**vars(args), "duration": max(1, min(args.duration, 5)),
                                              "warmup": max(1, min(args.warmup, 1))})
        self.proc: subprocess.Popen | None = None
        self.port = 0
        self.body_bytes = 0
        self.results: list[Result] = []

    def start(self, body_bytes: int) -> None:
        self.body_bytes = body_bytes
        self.port = free_port()
        log = self.work / "baseline.log"
        # Its own empty working directory: the default host watches its content root (the working directory) and
        # everything under it for configuration changes, so started in the work directory it was woken by every
        # write Kassa made to its SQLite files there (inotify), and took CPU from Kassa's write scenarios.
        home = self.work / "baseline"
        home.mkdir(exist_ok=True)
        t0 = time.perf_counter()
        self.proc = start_dotnet(self.args.baseline_dll, self.port, {"BASELINE_BODY_BYTES": str(body_bytes)}, home, log)
        wait_for_200(self.port, "/", self.proc, t0, log)

    def measure(self, label: str) -> Result:
        r = measure(self.port, self.proc.pid, self.SCENARIO, self.settings, self.raw_dir, f"baseline-{label}", None)
        r.ratio = 1.0
        self.results.append(r)
        return r

    def stop(self) -> None:
        if self.proc is not None:
            stop_process(self.proc)
            _children.remove(self.proc)
            self.proc = None


def postgres_database(conn: str) -> tuple[str, dict]:
    """A connection string to a new, uniquely named database, and the parts needed to drop it."""
    parts = {}
    for piece in conn.split(";"):
        if "=" in piece:
            k, v = piece.split("=", 1)
            parts[k.strip().lower()] = v.strip()
    name = f"kassa_bench_{dt.datetime.now():%Y%m%d_%H%M%S}_{os.getpid()}"
    pieces = [p for p in conn.split(";") if p.strip() and p.split("=", 1)[0].strip().lower() != "database"]
    pieces.append(f"Database={name}")
    return ";".join(pieces), {**parts, "bench_db": name}


def drop_postgres_database(info: dict) -> None:
    if not shutil.which("psql"):
        print(f"note: psql not found; drop database {info['bench_db']} by hand", file=sys.stderr)
        return
    env = {**os.environ, "PGPASSWORD": info.get("password", "")}
    cmd = ["psql", "-h", info.get("host", "127.0.0.1"), "-p", info.get("port", "5432"),
           "-U", info.get("username", info.get("user id", info.get("user", "postgres"))),
           "-d", info.get("database", "postgres"), "-qtAc", f'DROP DATABASE IF EXISTS "{info["bench_db"]}" WITH (FORCE)']
    subprocess.run(cmd, env=env, check=False, capture_output=True, timeout=60)


# ---------------------------------------------------------------- report

def machine() -> dict:
    cpu = "unknown"
    try:
        for line in open("/proc/cpuinfo"):
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem_kb = proc_status_kb_from("/proc/meminfo", "MemTotal")

    def out(cmd):
        try:
            return subprocess.run(cmd, capture_output=True, text=True, timeout=30, cwd=REPO).stdout.strip()
        except (OSError, subprocess.TimeoutExpired):
            return ""
    wrk_version = " ".join(out(["wrk", "-v"]).split()[:2])
    commit = os.environ.get("KASSA_BENCH_COMMIT") or out(["git", "--no-optional-locks", "rev-parse", "--short", "HEAD"])
    dirty = "" if os.environ.get("KASSA_BENCH_COMMIT") else \
        out(["git", "--no-optional-locks", "status", "--porcelain", "--untracked-files=no"])
    return {
        "nproc": os.cpu_count(), "cpu": cpu, "memory_gib": round(mem_kb / 1024 / 1024, 1),
        "kernel": os.uname().release, "dotnet": out(["dotnet", "--version"]),
        "wrk": wrk_version, "load_before": load_average(), "commit": commit + (" (with uncommitted changes)" if dirty else ""),
    }


def load_average() -> str:
    try:
        return " ".join(open("/proc/loadavg").read().split()[:3])
    except OSError:
        return "?"


def proc_status_kb_from(path: str, key: str) -> int:
    """A "Key:   123 kB" line of /proc/<pid>/status or /proc/meminfo; 0 when absent or unreadable."""
    try:
        for line in open(path):
            if line.startswith(key + ":"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def verdict(ok: bool) -> str:
    return "**PASS**" if ok else "**FAIL**"


def targets(suite: Suite, baseline_rps: float) -> list[tuple[str, str, bool]]:
    rows = []
    by_kind: dict[str, list[Result]] = {}
    for r in suite.results:
        by_kind.setdefault(r.kind, []).append(r)
    for kind, want, label in (("get", TARGET_GET_RATIO, "GET cart"), ("add", TARGET_ADD_RATIO, "add item"),
                              ("create", TARGET_CREATE_RATIO, "create cart")):
        for r in by_kind.get(kind, []):
            rows.append((f"{r.title}: ≥ {want:.0%} of baseline req/s", f"{r.ratio:.1%} ({r.rps:,.0f} req/s)",
                         r.ratio is not None and r.ratio >= want))
    measured = [r for r in suite.results if r.kind != "baseline"]
    # The p99 target is for cart scenarios; checkout ones are reported, not judged (issue 6).
    cart = [r for r in measured if r.kind != "checkout"]
    if not cart:
        return rows
    worst = max(cart, key=lambda r: r.p99_ms)
    rows.append((f"p99 < {TARGET_P99_MS:.0f} ms in every cart scenario", f"worst {worst.p99_ms:.1f} ms ({worst.title})",
                 all(r.p99_ms < TARGET_P99_MS for r in cart)))
    bad = [r for r in measured if r.non_2xx or r.socket_errors]
    rows.append(("zero non-2xx and socket errors, hot cart included",
                 "none" if not bad else "; ".join(f"{r.title}: {r.non_2xx} non-2xx, {r.socket_errors} errors" for r in bad),
                 not bad))
    peak = max(r.peak_rss_mb for r in measured)
    rows.append((f"peak RSS < {TARGET_RSS_MB:.0f} MB under load", f"{peak:.0f} MB", peak < TARGET_RSS_MB))
    rows.append((f"cold start to first 200 < {TARGET_COLD_START_S} s", f"{suite.cold_start_s:.2f} s "
                 f"(new database incl. migrations: {suite.first_start_s:.2f} s)", suite.cold_start_s < TARGET_COLD_START_S))
    return rows


def render(run: dict) -> str:
    m = run["machine"]
    a = run["settings"]
    lines = [
        BEGIN,
        "<!-- Generated by bench/run.sh: everything between these markers is rewritten on each full run. -->",
        "",
        f"## Latest run ({run['date']})",
        "",
        f"- Machine: {m['nproc']} cores ({m['cpu']}), {m['memory_gib']} GiB memory, Linux {m['kernel']}; "
        f".NET SDK {m['dotnet']}; {m['wrk']}; load average before / after the run: {m['load_before']} / "
        f"{run['load_after']}",
        f"- Kassa commit: {m['commit']}",
        f"- Load: wrk, {a['threads']} threads, {a['connections']} connections, {a['duration']} s per scenario "
        f"after {a['warmup']} s of warm-up; {a['carts']} carts per dialect prepared through the public API; "
        "wrk, Kassa and the database share the machine.",
        f"- Reproduce: `{run['command']}`",
        "",
        f"Baseline (bare minimal API, fixed {run['baseline_body_bytes']} B JSON body = a Voog cart GET), "
        f"measured for {min(a['duration'], 5)} s right before every Kassa scenario and after the last: "
        f"{len(run['baseline'])} runs, {min(b['rps'] for b in run['baseline']):,.0f}–"
        f"{max(b['rps'] for b in run['baseline']):,.0f} req/s (median **{run['baseline_rps']:,.0f} req/s**, "
        f"p99 {statistics.median(b['p99_ms'] for b in run['baseline']):.2f} ms, peak RSS "
        f"{max(b['peak_rss_mb'] for b in run['baseline']):.0f} MB). Each scenario's ratio is against the mean "
        "of the two baseline runs around it (column *baseline req/s*), so a drift of the machine between "
        "scenarios does not count against one of them.",
        "",
    ]
    if run["settings"].get("kassa_env"):
        lines += [f"Kassa started with extra environment: `{' '.join(run['settings']['kassa_env'])}`", ""]
    for suite in run["suites"]:
        lines += [
            f"### {suite['database']}",
            "",
            f"Cold start to first 200 on `/health/ready`: **{suite['cold_start_s']:.2f} s** (median of "
            f"{len(suite.get('cold_starts_s', [])) or 1} restarts on an existing database: "
            f"{', '.join(f'{x:.2f}' for x in suite.get('cold_starts_s', [])) or '-'} s); first start on a new database, migrations and demo seed included: {suite['first_start_s']:.2f} s. "
            f"Idle RSS after start: {suite['idle_rss_mb']:.0f} MB."
            + (f" Checkout scenarios: {suite['checkout_ids'][0]} carts prepared for checkout creation and "
               f"{suite['checkout_ids'][1]} checkouts (with shipping chosen) for payment initiation; a request past "
               "them finds the existing checkout or order (still 200)." if suite.get("checkout_ids", [0])[0] else ""),
            "",
            "| scenario | req/s | baseline req/s | vs baseline | p50 ms | p99 ms | max ms | non-2xx | socket errors | Kassa CPU µs/req | peak RSS MB |",
            "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
        ]
        for r in suite["results"]:
            lines.append(
                f"| {r['title']} | {r['rps']:,.0f} | {r.get('baseline_rps', 0):,.0f} | {r['ratio']:.1%} | {r['p50_ms']:.2f} | {r['p99_ms']:.2f} | "
                f"{r['max_ms']:.0f} | {r['non_2xx']} | {r['socket_errors']} | {r['cpu_us_per_req']:.0f} | {r['peak_rss_mb']:.0f} |")
        lines.append("")
        title = "Targets (issue 6; judged on SQLite)" if suite["database"] == "SQLite" else \
            "Same targets on PostgreSQL (for comparison; the targets are set for SQLite)"
        lines += [f"#### {title}", "", "| target | measured | result |", "|---|---|---|"]
        for t, measured, ok in suite["targets"]:
            lines.append(f"| {t} | {measured} | {verdict(ok)} |")
        lines.append("")
    lines.append(f"Baseline CPU for comparison: {statistics.median(b['cpu_us_per_req'] for b in run['baseline']):.0f} µs per request (median). "
                 "Raw wrk output of this run: `bench/results/` (not committed).")
    lines += ["", END]
    return "\n".join(lines)


def write_doc(generated: str) -> None:
    if DOC.exists():
        text = DOC.read_text()
        if BEGIN in text and END in text:
            start = text.index(BEGIN)
            end = text.index(END) + len(END)
            DOC.write_text(text[:start] + generated + text[end:])
            return
        DOC.write_text(text.rstrip() + "\n\n" + generated + "\n")
        return
    DOC.parent.mkdir(parents=True, exist_ok=True)
    DOC.write_text("# Benchmarks\n\nRun `bash bench/run.sh` (see bench/run.sh for flags).\n\n" + generated + "\n")


# ---------------------------------------------------------------- main

def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--kassa-dll", type=Path)
    ap.add_argument("--baseline-dll", type=Path)
    ap.add_argument("--smoke", action="store_true", help="1 s warm-up + 1 s per scenario, 100 carts; docs untouched")
    ap.add_argument("--duration", type=int, default=20, help="seconds per scenario (default 20)")
    ap.add_argument("--warmup", type=int, default=None, help="seconds of unmeasured load before each scenario")
    ap.add_argument("--carts", type=int, default=None, help="carts per dialect (default 1000)")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--connections", type=int, default=32)
    ap.add_argument("--postgres", default=os.environ.get("KASSA_BENCH_POSTGRES", ""),
                    help="PostgreSQL connection string (default $KASSA_BENCH_POSTGRES); a fresh database is made from it")
    ap.add_argument("--no-docs", action="store_true", help="do not rewrite docs/benchmarks.md")
    ap.add_argument("--only", default="", help="comma-separated Kassa scenarios to run (implies --no-docs), e.g. add_item,get_voog")
    ap.add_argument("--kassa-env", action="append", default=[], metavar="KEY=VALUE",
                    help="extra environment for Kassa, for experiments (implies --no-docs), e.g. Logging__LogLevel__Default=Warning")
    ap.add_argument("--trace", default="", metavar="SCENARIO",
                    help="profile this scenario with dotnet-trace (sampled thread time) and save the trace and a top-N report")
    ap.add_argument("--perf", default="", metavar="SCENARIO",
                    help="profile this scenario with Linux perf (implies --no-docs: Kassa runs with a perf map and without W^X)")
    ap.add_argument("--strict", action="store_true", help="exit 1 when a SQLite target fails")
    ap.add_argument("--command", default="bash bench/run.sh", help=argparse.SUPPRESS)
    ap.add_argument("--docs-from", type=Path, default=None, metavar="RESULTS_JSON",
                    help="only rewrite docs/benchmarks.md from a saved bench/results/<run>/results.json")
    args = ap.parse_args()
    if args.docs_from:
        write_doc(render(json.loads(args.docs_from.read_text())))
        print(f"wrote {DOC.relative_to(REPO)} from {args.docs_from}")
        return 0
    if args.only or args.kassa_env or args.perf:
        args.no_docs = True  # a partial or reconfigured run is an experiment, not the record
    if args.smoke:
        args.duration = 1
        args.warmup = 1 if args.warmup is None else args.warmup
        args.carts = args.carts or 100
        args.no_docs = True
    if not args.kassa_dll or not args.baseline_dll:
        ap.error("--kassa-dll and --baseline-dll are required (bench/run.sh passes them)")
    # The servers run in their own working directories, so the paths must not be relative.
    args.kassa_dll, args.baseline_dll = args.kassa_dll.resolve(), args.baseline_dll.resolve()
    args.warmup = max(1, args.duration // 10) if args.warmup is None else args.warmup
    args.carts = args.carts or 1000
    if args.postgres:
        # Never print or commit the password: the command shows a placeholder.
        args.command = args.command.replace(args.postgres, "'<connection string>'")
        if "<connection string>" not in args.command:
            args.command = "KASSA_BENCH_POSTGRES='<connection string>' " + args.command

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    started = time.perf_counter()
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    work = Path(tempfile.mkdtemp(prefix="kassa-bench-"))
    _cleanups.append(lambda: shutil.rmtree(work, ignore_errors=True))
    raw_dir = BENCH / "results" / f"{stamp}{'-smoke' if args.smoke else ''}"
    raw_dir.mkdir(parents=True, exist_ok=True)

    try:
        run = {"date": dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"), "machine": machine(),
               "command": args.command, "settings": {k: getattr(args, k) for k in
                                                     ("duration", "warmup", "carts", "threads", "connections", "smoke", "kassa_env", "only")}}
        baseline = Baseline(args, work, raw_dir)
        _cleanups.append(baseline.stop)
        suites: list[Suite] = [run_kassa_suite("SQLite", "(set per suite)", "sqlite", args, work, raw_dir, baseline)]
        if args.postgres:
            conn, info = postgres_database(args.postgres)
            _cleanups.append(lambda: drop_postgres_database(info))
            suites.append(run_kassa_suite("PostgreSQL", conn, "postgres", args, work, raw_dir, baseline))
        baseline.stop()
        baselines = baseline.results
        body_bytes = baseline.body_bytes
        baseline_rps = statistics.median(b.rps for b in baselines) if baselines else 0.0

        run["load_after"] = load_average()
        run["baseline_body_bytes"] = body_bytes
        run["baseline"] = [vars(b) for b in baselines]
        run["baseline_rps"] = baseline_rps
        run["suites"] = [{**{k: v for k, v in vars(s).items() if k not in ("results", "baselines")},
                          "results": [vars(r) for r in s.results],
                          "targets": targets(s, baseline_rps)} for s in suites]
        (raw_dir / "results.json").write_text(json.dumps(run, indent=2))
        generated = render(run)
        print("\n" + "\n".join(generated.splitlines()[2:-1]))
        if not args.no_docs:
            write_doc(generated)
            print(f"\nwrote {DOC.relative_to(REPO)}")
        print(f"raw results: {raw_dir.relative_to(REPO)}; total {time.perf_counter() - started:.0f} s")

        everything = [(s.database, r) for s in suites for r in s.results] + [("", b) for b in baselines]
        failed = [f"{db} {r.title}: {r.non_2xx} non-2xx, {r.socket_errors} socket errors"
                  for db, r in everything if r.non_2xx or r.socket_errors]
        failed += [f"{db} {r.title}: no request completed (the scenario was not exercised)"
                   for db, r in everything if r.requests + r.warmup_requests == 0]
        if failed:
            print("\nFAILED: responses other than 2xx, socket errors, or a scenario that completed no request:\n  " + "\n  ".join(failed), file=sys.stderr)
            return 1
        if args.strict and not all(ok for _, _, ok in run["suites"][0]["targets"]):
            print("\nFAILED: a SQLite target was missed (--strict)", file=sys.stderr)
            return 1
        return 0
    except Failure as e:
        print(f"\nFAILED: {e}", file=sys.stderr)
        return 1
    finally:
        cleanup()


if __name__ == "__main__":
    sys.exit(main())
