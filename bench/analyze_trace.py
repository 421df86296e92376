#!/usr/bin/env python3
"""Summarise a dotnet-trace 'dotnet-sampled-thread-time' trace exported as Speedscope JSON.

    python3 bench/analyze_trace.py bench/results/<run>/SQLite-add_item.speedscope.json [--top 40]

The sampled-thread-time profile samples every managed thread's stack (~100 Hz) whether it runs or
waits. This drops the samples whose innermost frame is a wait (idle thread-pool workers, timers, the
socket engine's epoll, lock waits) and reports, over the remaining "busy" samples:
  * areas: each busy sample is charged to the innermost frame on its stack that belongs to an area
    (so sqlite3 called by EF counts as sqlite3, a log call made by middleware counts as logging);
  * top frames by inclusive busy time;
  * the wait frames themselves, so lock contention (Monitor.Enter) shows up separately.
Native frames (sqlite3 itself, the GC) have no symbols in the trace: they appear as time inside the
managed frame that called them (SqliteDataReader.NextResult = sqlite3_step, etc.).
"""
from __future__ import annotations

import argparse
import json
import re
from collections import defaultdict

WAIT_LEAVES = (
    "LowLevelLifoSemaphore.WaitNative", "LowLevelLifoSemaphore.WaitForSignal", "WaitHandle.WaitOneNoCheck",
    "Monitor.Wait(", "ManualResetEventSlim.Wait", "Thread.Sleep", "SocketAsyncEngine.EventLoop",
    "Interop+Sys.WaitForSocketEvents", "FileSystemWatcher+RunningInstance.TryReadEvent", "Monitor.Enter_Slowpath",
    "LowLevelSpinWaiter.Wait", "Thread.SleepInternal", "Interop+Sys.Read(", "Thread.<PollGC>", "WaitSubsystem",
    "Interop+Sys.LowLevelMonitor_Wait", "Interop+Sys.LowLevelMonitor_TimedWait", "ConsoleLoggerProcessor.TryDequeue",
    "BlockingCollection", "SemaphoreSlim.WaitUntilCountOrTimeout", "LowLevelLifoSemaphore.Wait(",
    "PortableThreadPool+WorkerThread.WorkerThreadStart",  # as innermost frame: an idle worker spinning
)

# (area, regex on a frame name); a busy sample counts for an area if any frame on its stack matches.
# Checked first, over the whole stack: time spent starting a write transaction is waiting for
# SQLite's single write lock (Microsoft.Data.Sqlite issues BEGIN IMMEDIATE; sqlite3's busy handler
# sleeps in native code until the lock frees, blocking the thread-pool thread meanwhile).
FIRST = [
    ("BEGIN IMMEDIATE: waiting for SQLite's write lock (busy_timeout, thread blocked)", r"SqliteTransaction\.\.ctor|BeginTransaction|BeginDbTransaction"),
]

AREAS = [
    ("sqlite3 native: step (sqlite3_step, incl. waiting on the write lock via busy_timeout)", r"SqliteDataReader\.NextResult|SqliteDataReader\.Read\(|sqlite3_step"),
    ("sqlite3 native: prepare (sqlite3_prepare)", r"PrepareAndEnumerateStatements"),
    ("SQLite connection open + per-open PRAGMAs (SqlitePragmaInterceptor)", r"SqliteConnection\.Open|SqlitePragmaInterceptor"),
    ("transactions (BEGIN/COMMIT)", r"BeginTransaction|SqliteTransaction|RelationalTransaction\.Commit|\.CommitAsync|Transaction\.Dispose"),
    ("EF Core query compilation/caching per request (funcletizer, cache key)", r"ExpressionTreeFuncletizer|CompiledQueryCache|QueryCompiler\.(ExtractParameters|CompileQueryCore)|ExpressionEqualityComparer|RelationalCompiledQueryCacheKey"),
    ("EF Core query execution (reader, materialization, fix-up)", r"SingleQueryingEnumerable|SplitQueryingEnumerable|ShaperProcessingExpressionVisitor|StateManager|InternalEntityEntry|NavigationFixer|RelationalCommand|QueryCompiler|EntityFrameworkQueryableExtensions|Microsoft\.EntityFrameworkCore"),
    ("EF Core SaveChanges (update pipeline, change detection)", r"SaveChanges|ChangeDetector|CommandBatch|ModificationCommand|UpdateAndSelectSqlGenerator"),
    ("logging (console logger, EF command log, HTTP logging)", r"Microsoft\.Extensions\.Logging|ConsoleLogger|HttpLoggingMiddleware\.(Log|Build)|HttpLog|LoggerMessage|RelationalCommandDiagnosticsLogger|DiagnosticsLogger|HostingRequestFinishedLog|HostingRequestStartingLog|LogRequest"),
    ("JSON (System.Text.Json)", r"System\.Text\.Json"),
    ("pricing + mapping (Kassa CartQuote, CartPricer, Voog/Outshifter mapping)", r"Kassa\.Pricing|CartQuote|CartMapping|VoogCartMapping|OutshifterCartMapping|ToVoog|ToOutshifter"),
    ("Kestrel + HTTP parsing/writing", r"Kestrel"),
    ("dependency injection (scopes, DbContext pool rent/return)", r"DependencyInjection|DbContextPool|DbContextLease"),
    ("reflection (MakeGenericMethod, GetProperties, CreateDelegate)", r"!System\.Reflection\.|!System\.RuntimeType|DynamicMethod\.CreateDelegate|RuntimeMethodInfo\."),
    ("ASP.NET Core middleware, routing, endpoint glue", r"Microsoft\.AspNetCore\.(Routing|Diagnostics|Http|HttpLogging|Builder)"),
    ("Kassa code (other)", r"!Kassa\."),
    ("GC / allocation", r"GC\.|AllocateUninitialized|GCHeap|PollGC"),
]


def load(path: str):
    data = json.load(open(path))
    names = [f["name"] for f in data["shared"]["frames"]]
    return data, names


PSEUDO = ("CPU_TIME", "UNMANAGED_CODE_TIME")


def walk(data):
    """Yields (stack tuple of frame indices, duration) for every interval of every thread."""
    for profile in data["profiles"]:
        stack: list[int] = []
        last = None
        for ev in profile.get("events", []):
            at = ev["at"]
            if last is not None and stack and at > last:
                yield tuple(stack), at - last
            if ev["type"] == "O":
                stack.append(ev["frame"])
            else:
                # close: pop up to and including this frame
                while stack:
                    if stack.pop() == ev["frame"]:
                        break
            last = at


def short(name: str) -> str:
    name = name.split("!", 1)[-1]
    name = re.sub(r"\(.*", "(…)", name)
    parts = name.split(".")
    return ".".join(parts[-3:]) if len(parts) > 3 else name


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("speedscope")
    ap.add_argument("--top", type=int, default=40)
    ap.add_argument("--under", default="", help="only samples with a frame matching this regex (e.g. 'VoogCartsApi')")
    args = ap.parse_args()
    data, names = load(args.speedscope)
    waits = [any(w in n for w in WAIT_LEAVES) for n in names]
    pseudo = [n in PSEUDO for n in names]
    socket_loop = ["SocketAsyncEngine.EventLoop" in n for n in names]
    areas = [(title, re.compile(rx)) for title, rx in FIRST + AREAS]
    first = [i for i in range(len(FIRST))]
    area_of = [[i for i, (_, rx) in enumerate(areas) if rx.search(n)] for n in names]
    under = re.compile(args.under) if args.under else None

    total = busy = 0.0
    inclusive: dict[int, float] = defaultdict(float)
    exclusive: dict[int, float] = defaultdict(float)
    wait_time: dict[int, float] = defaultdict(float)
    area_time = [0.0] * (len(areas) + 1)
    request_busy = 0.0
    request_rx = re.compile(r"EndpointMiddleware\.Invoke|HttpProtocol\.ProcessRequests")
    for stack, dt in walk(data):
        if under and not any(under.search(names[f]) for f in stack):
            continue
        if any(socket_loop[f] for f in stack):
            continue  # the socket engine's thread only waits in epoll and hands work to the pool
        # The exporter ends each stack with CPU_TIME (managed code running) or UNMANAGED_CODE_TIME
        # (in native code: running, e.g. sqlite3, or blocked in a syscall); the frame above it says which.
        if pseudo[stack[-1]]:
            stack = stack[:-1]
            if not stack:
                continue
        total += dt
        leaf = stack[-1]
        if waits[leaf]:
            wait_time[leaf] += dt
            continue
        busy += dt
        exclusive[leaf] += dt
        for f in set(stack):
            inclusive[f] += dt
        charged = next((a for f in stack for a in area_of[f] if a in first), None)
        if charged is None:
            charged = next((area_of[f][0] for f in reversed(stack) if area_of[f]), len(areas))
        area_time[charged] += dt
        if any(request_rx.search(names[f]) for f in stack):
            request_busy += dt

    if busy == 0:
        print("no busy samples")
        return
    print("(busy = not parked in a wait; a thread blocked inside native code, e.g. sqlite3's busy handler,\n"
          " counts as busy: it holds a thread-pool thread all the same)")
    print(f"sampled thread time {total / 1000:.1f} s; busy {busy / 1000:.1f} s ({busy / total:.0%}); "
          f"of busy, inside request processing: {request_busy / busy:.0%}")
    print("\nareas (share of busy time; overlapping):")
    for (title, _), t in sorted(zip(areas + [("(other: runtime, thread pool, unattributed)", None)], area_time),
                                key=lambda x: -x[1]):
        print(f"  {t / busy:6.1%}  {title}")
    print(f"\ntop {args.top} frames by inclusive busy time:")
    for f, t in sorted(inclusive.items(), key=lambda x: -x[1])[: args.top]:
        print(f"  {t / busy:6.1%} incl  {exclusive.get(f, 0) / busy:6.1%} excl  {short(names[f])}")
    print("\ntop frames by exclusive busy time:")
    for f, t in sorted(exclusive.items(), key=lambda x: -x[1])[:20]:
        print(f"  {t / busy:6.1%}  {short(names[f])}")
    print("\nwaiting (share of all sampled thread time):")
    for f, t in sorted(wait_time.items(), key=lambda x: -x[1])[:10]:
        print(f"  {t / total:6.1%}  {short(names[f])}")


if __name__ == "__main__":
    main()
