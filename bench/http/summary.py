"""bench/http/summary.py RESULTS_DIR OUT_JSON CORES ROWS SEED WORK LOADAVG

Reads what bench/http/run.sh left in RESULTS_DIR (per run: ID.meta, JSON
lines; ID.wrk, wrk's output with the HB_JSON line of report.lua; for the CLI
baseline ID.tsv) and prints the table, the ratios against the baselines, the
targets, the CPU split and anything the servers did wrong; writes OUT_JSON.
"""
import glob
import json
import os
import sys
import time

res, out = sys.argv[1], sys.argv[2]
cores, rows, seed = int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
work, loadavg = sys.argv[6], sys.argv[7]

TARGET_TRIVIAL_RPS = 50000   # GET /healthz, keep-alive, 2 cores
TARGET_CYCLE_RPS = 10000     # next+log requests per second, 2 cores
TARGET_P99_MS = 5.0          # both


def pct(xs, p):
    if not xs:
        return None
    xs = sorted(xs)
    i = max(1, -(-len(xs) * p // 100))  # nearest rank
    return xs[int(i) - 1]


runs = []
for meta in sorted(glob.glob(os.path.join(res, "*.meta"))):
    r = {}
    for line in open(meta):
        if line.strip():
            r.update(json.loads(line))
    if r["server"] == "cli":
        cycles, nexts_failed, logs_failed = [], 0, 0
        next_ms, log_ms = [], []
        for line in open(r["lines"]):
            f = line.split()
            if f[0] == "next_fail":
                nexts_failed += 1
                next_ms.append((float(f[3]) - float(f[2])) * 1e3)
                continue
            rc, t0, t1, t2 = int(f[1]), float(f[2]), float(f[3]), float(f[4])
            next_ms.append((t1 - t0) * 1e3)
            log_ms.append((t2 - t1) * 1e3)
            if rc:
                logs_failed += 1
            else:
                cycles.append(t2 - t0)
        cmds = len(next_ms) + len(log_ms)
        good = len(next_ms) - nexts_failed + len(log_ms) - logs_failed
        both = next_ms + log_ms
        r.update({
            "requests": cmds, "good_requests": good, "cycles": len(cycles),
            "req_per_s": cmds / r["wall_s"], "good_req_per_s": good / r["wall_s"],
            "cycles_per_s": len(cycles) / r["wall_s"],
            "p50_ms": pct(both, 50), "p99_ms": pct(both, 99), "max_ms": max(both) if both else None,
            "by_kind_ms": {"next": {"p50": pct(next_ms, 50), "p99": pct(next_ms, 99)},
                           "log": {"p50": pct(log_ms, 50), "p99": pct(log_ms, 99)}},
            "failures": {"next": nexts_failed, "log": logs_failed},
            "latency_meaning": "wall time of one command (fork, exec, open, work, exit)",
        })
        c = r["cpu_ticks"]
        r["cores_used"] = {"machine": c["machine_busy"] / c["per_s"] / r["wall_s"]}
        runs.append(r)
        continue
    wrk_out = open(os.path.join(res, r["id"] + ".wrk")).read()
    hb = json.loads(next(l for l in wrk_out.splitlines() if l.startswith("HB_JSON "))[8:])
    r["wrk"] = hb
    secs = hb["duration_us"] / 1e6
    lat = hb["latency_us"]
    r["requests"] = hb["requests"]
    r["req_per_s"] = hb["requests"] / secs
    r["p50_ms"], r["p90_ms"], r["p99_ms"], r["max_ms"] = (lat[k] / 1e3 for k in ("p50", "p90", "p99", "max"))
    r["non_2xx_3xx"] = hb["errors"]["status"]
    r["socket_errors"] = {k: hb["errors"][k] for k in ("connect", "read", "write", "timeout")}
    counts = hb.get("counts", {})
    r["status_counts"] = {k: v for k, v in counts.items() if "_" in k and k.split("_")[-1].isdigit()}
    if r["kind"].startswith("next+log"):
        ok = counts.get("next_200", 0) + counts.get("log_201", 0)
        r["good_requests"] = ok
        r["cycles"] = counts.get("cycles", 0)
        r["cycles_per_s"] = r["cycles"] / secs
        r["next_nothing_callable"] = counts.get("next_404", 0)
        r["next_unparsed"] = counts.get("next_unparsed", 0)
        r["by_kind_ms"] = {k: {q: (v[q] / 1e3 if v.get(q) is not None else None) for q in ("p50", "p90", "p99", "max")}
                           | {"n": v["n"]} for k, v in hb.get("by_kind_latency_us", {}).items()}
        r["http_5xx"] = sum(v for k, v in r["status_counts"].items() if int(k.split("_")[-1]) >= 500)
        r["unexpected_status"] = {k: v for k, v in r["status_counts"].items()
                                  if k not in ("next_200", "log_201", "next_404")}
    else:
        r["good_requests"] = hb["requests"] - hb["errors"]["status"]
    lf = os.path.join(res, r["id"] + ".logins")
    if os.path.exists(lf):
        ls = [l.split() for l in open(lf) if l.strip()]
        ms = [float(t) * 1e3 for _, t in ls]
        r["logins"] = {"n": len(ls), "ok": sum(1 for c, _ in ls if c == "200"),
                       "p50_ms": pct(ms, 50), "max_ms": max(ms) if ms else None}
    r["good_req_per_s"] = r["good_requests"] / secs
    c = r["cpu_ticks"]
    wu, ws = (float(x) for x in c["wrk_user_sys_s"].split())
    machine = c["machine_busy"] / c["per_s"] / r["wall_s"]
    server = c["server"] / c["per_s"] / r["wall_s"]
    wrkc = (wu + ws) / r["wall_s"]
    r["cores_used"] = {"machine": machine, "server": server, "wrk": wrkc,
                       "others": max(0.0, machine - server - wrkc)}
    err = open(r["err_file"]).read().splitlines() if os.path.exists(r["err_file"]) else []
    r["server_stderr_lines"] = len(err)
    r["server_stderr_tail"] = err[-5:]
    runs.append(r)

by_id = {r["id"]: r for r in runs}
mhd = next((r for r in runs if r["server"] == "mhd_hello"), None)
cli = next((r for r in runs if r["server"] == "cli"), None)


def ratio(a, b):
    return round(a / b, 3) if a is not None and b else None


for r in runs:
    if r["server"] != "hawser":
        continue
    base = mhd if r["kind"] in ("healthz", "me", "healthz during sign-ins") else cli
    if base:
        r["baseline"] = base["id"]
        if r["kind"] != "next+log paced":  # its rate is chosen: only its latency compares
            r["ratio_req_per_s_vs_baseline"] = ratio(r["good_req_per_s"], base["good_req_per_s"])
        r["ratio_p99_vs_baseline"] = ratio(base["p99_ms"], r["p99_ms"])
    if r["kind"] == "healthz":
        r["target"] = {"req_per_s": TARGET_TRIVIAL_RPS, "p99_ms": TARGET_P99_MS}
    elif r["kind"] == "next+log":
        r["target"] = {"req_per_s": TARGET_CYCLE_RPS, "p99_ms": TARGET_P99_MS}
    elif r["kind"] == "next+log paced":
        r["target"] = {"p99_ms": TARGET_P99_MS}  # the rate is chosen, not measured
        r["offered_req_per_s"] = round(r["connections"] * 1000 / r["delay_ms"]) if r["delay_ms"] else None
    if "target" in r:
        if "req_per_s" in r["target"]:
            r["meets_req_per_s"] = r["good_req_per_s"] >= r["target"]["req_per_s"]
        r["meets_p99"] = r["p99_ms"] < r["target"]["p99_ms"]
        r["meets_target"] = r.get("meets_req_per_s", True) and r["meets_p99"]


def name(r):
    if r["server"] == "cli":
        return f"next+log CLI x{r['procs']} (baseline)"
    kind = r["kind"]
    if kind == "next+log paced":
        kind = f"next+log paced {r.get('offered_req_per_s')}/s"
    n = f"{kind} {r['server']} t{r['server_threads']}"
    return n + (" (baseline)" if r["server"] == "mhd_hello" else "")


def f(x, w, p=2, suffix=""):
    if x is None:
        return f"{'-':>{w}}"
    return f"{x:>{w - len(suffix)},.{p}f}{suffix}"


print()
print(f"{'case':<34}{'wrk':>9}{'req/s':>10}{'ok req/s':>10}{'p50 ms':>9}{'p99 ms':>9}{'max ms':>9}"
      f"{'non-2xx':>9}{'sock err':>9}{'vs base':>9}{'p99 vs':>8}  target")
for r in runs:
    wrk = f"-t{r['wrk_threads']}/c{r['connections']}" if "wrk" in r else "-"
    sock = sum(r["socket_errors"].values()) if "socket_errors" in r else None
    non2 = r.get("non_2xx_3xx", sum(r.get("failures", {}).values()) if r["server"] == "cli" else None)
    tgt = ""
    if "target" in r:
        if "req_per_s" in r["target"]:
            tgt = (f"{'met' if r['meets_req_per_s'] else 'MISSED'} >="
                   f"{r['target']['req_per_s'] // 1000}k req/s, ")
        tgt += f"{'met' if r['meets_p99'] else 'MISSED'} p99<{r['target']['p99_ms']:g} ms"
    print(f"{name(r):<34}{wrk:>9}{f(r['req_per_s'], 10, 0)}{f(r['good_req_per_s'], 10, 0)}"
          f"{f(r['p50_ms'], 9)}{f(r['p99_ms'], 9)}{f(r['max_ms'], 9, 1)}"
          f"{f(non2, 9, 0)}{f(sock, 9, 0)}{f(r.get('ratio_req_per_s_vs_baseline'), 9, 3, 'x')}"
          f"{f(r.get('ratio_p99_vs_baseline'), 8, 2, 'x')}  {tgt}")

print()
print("next+log detail (latency per kind measured in cycle.lua around each request, without wrk's")
print("coordinated-omission correction; CLI: wall time per command):")
for r in runs:
    if not r["kind"].startswith("next+log"):
        continue
    k = r.get("by_kind_ms", {})
    nx, lg = k.get("next", {}), k.get("log", {})
    extra = ""
    if r["server"] == "hawser":
        extra = (f"; next 404 (nothing callable) {r['next_nothing_callable']}, 5xx {r['http_5xx']}, "
                 f"other unexpected {sum(r['unexpected_status'].values())}")
    else:
        extra = f"; failed next {r['failures']['next']}, failed log {r['failures']['log']}"
    print(f"  {name(r):<32} {r['cycles']:>7} cycles, {r['cycles_per_s']:8.1f} cycles/s; next p50 "
          f"{f(nx.get('p50'), 7)} p99 {f(nx.get('p99'), 7)} ms; log p50 {f(lg.get('p50'), 7)} p99 "
          f"{f(lg.get('p99'), 7)} ms{extra}")

for r in runs:
    if "logins" in r:
        lg = r["logins"]
        q = next((x for x in runs if x["kind"] == "healthz" and x["server"] == "hawser"), None)
        print()
        print(f"{name(r)}: {lg['ok']} of {lg['n']} sign-ins answered 200, one at a time, each "
              f"{f(lg['p50_ms'], 1, 0)} ms (median); /healthz p99 {r['p99_ms']:.2f} ms, max "
              f"{r['max_ms']:.1f} ms" + (f", against {q['p99_ms']:.2f} ms and {q['max_ms']:.1f} ms "
                                          f"without sign-ins" if q else ""))

print()
print(f"CPU during each run, in cores of {cores} (wrk and the server share them; 'others': the")
print("rest of the machine):")
for r in runs:
    c = r["cores_used"]
    if r["server"] == "cli":
        print(f"  {name(r):<34} machine {c['machine']:.2f} (the CLI processes and anything else)")
    else:
        print(f"  {name(r):<34} server {c['server']:.2f}, wrk {c['wrk']:.2f}, others {c['others']:.2f}"
              f" (machine {c['machine']:.2f})")

problems = []
for r in runs:
    if r["server"] == "cli":
        if sum(r["failures"].values()):
            problems.append(f"{name(r)}: {r['failures']['next']} next and {r['failures']['log']} log "
                            f"commands failed")
        continue
    if not r.get("server_alive_after_run", True) or not r.get("server_alive_at_stop", True):
        problems.append(f"{name(r)}: the server was not running after the run (exit {r.get('server_exit')})")
    elif r.get("server_exit"):
        problems.append(f"{name(r)}: the server exited with {r['server_exit']} on SIGTERM")
    if sum(r["socket_errors"].values()):
        problems.append(f"{name(r)}: socket errors {r['socket_errors']}")
    if r["kind"].startswith("next+log"):
        if r["unexpected_status"]:
            problems.append(f"{name(r)}: unexpected answers {r['unexpected_status']}")
        if r["next_unparsed"]:
            problems.append(f"{name(r)}: {r['next_unparsed']} next answers without a lead id")
        nexts = sum(v for k, v in r["status_counts"].items() if k.startswith("next_"))
        if r["next_nothing_callable"] > 0.01 * max(nexts, 1):
            problems.append(f"{name(r)}: {r['next_nothing_callable']} of {nexts} next requests found "
                            f"nothing callable: the leads ran out, raise BENCH_HTTP_ROWS")
    elif r["non_2xx_3xx"]:
        problems.append(f"{name(r)}: {r['non_2xx_3xx']} answers with status >= 400")
    if r["server_stderr_lines"]:
        during = r.get("stderr_lines_after_run", 0)
        problems.append(f"{name(r)}: the server wrote {r['server_stderr_lines']} lines to stderr "
                        f"({during} by the end of this run, the rest later or when it stopped), last: "
                        + " | ".join(r["server_stderr_tail"]))
print()
if problems:
    print("problems seen:")
    for p in problems:
        print("  " + p)
else:
    print("problems seen: none (no socket errors, no unexpected status, no 5xx, servers alive, "
          "nothing on stderr)")
print(f"load average at the end: {loadavg}")

json.dump({"benchmark": "http", "cores": cores, "rows": rows, "seed": seed,
           "time": time.strftime("%Y-%m-%dT%H:%M:%S%z"), "databases": work, "loadavg_end": loadavg,
           "ratio_meaning": "case / baseline for requests per second, baseline / case for p99 "
                            "(above 1: hawser is faster); healthz and me against mhd_hello, "
                            "next+log against the CLI (commands per second, command wall time)",
           "latency_meaning": "wrk's percentiles (with its coordinated-omission correction) for "
                              "the wrk runs; by_kind_ms: raw, measured in cycle.lua",
           "targets": {"healthz_req_per_s": TARGET_TRIVIAL_RPS, "next_log_req_per_s": TARGET_CYCLE_RPS,
                       "p99_ms": TARGET_P99_MS},
           "runs": runs, "problems": problems}, open(out, "w"), indent=2)
print(f"wrote {out}")
