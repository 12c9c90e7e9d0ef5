"""report.py RESULTS.jsonl RESULTS.txt RESULTS.json — bench/dnc's table.

Reads the JSON lines run.sh collected (dnc_gen, dnc_bench build/query/sqlite/
calib, the sort|join timings), prints each figure with its target, met or
MISSED, and the ratios against the baselines measured in the same run, and
writes the same text and a JSON summary. Ratios are "how many times better
hawser is": baseline seconds / hawser seconds, hawser rate / baseline rate.
"""
import json
import sys

TARGETS = {  # on the 2-core machine, 250M numbers
    "build_s": 5.0,        # index from the flat text, written
    "load_s": 0.5,         # hw_dnc_open, index file not in the page cache
    "rss_mb": 300.0,       # resident memory of the loaded index
    "lookups_per_s": 20e6,  # random lookups, one thread, hw_dnc_has_many
    "scrub_s": 0.1,        # 1M E.164 leads: read, hw_dnc_key, hw_dnc_has_many
}



def kb(v):  # /proc's kB are KiB
    return v * 1024


src, out_txt, out_json = sys.argv[1:4]
rows = [json.loads(line) for line in open(src) if line.strip()]
env = next(r for r in rows if r.get("run") == "env")
calib = next((r for r in rows if r.get("run") == "calib"), {})
gen = next((r for r in rows if "registry_bytes" in r), {})
sj = next((r for r in rows if r.get("run") == "sortjoin"), None)
sq = next((r for r in rows if r.get("run") == "sqlite"), None)


def case(name):
    builds = [r for r in rows if r.get("case") == name and r["run"] == "build"]
    query = next((r for r in rows if r.get("case") == name and r["run"] == "query"), None)
    if not builds or not query:
        return None
    b = sorted(builds, key=lambda r: r["build_s"])[len(builds) // 2]  # the median build
    return {"name": name, "builds": builds, "build": b, "query": query,
            "build_s": b["build_s"], "build_runs": [r["build_s"] for r in builds],
            "load_s": query["open_cold_s"], "load_warm_s": query["open_warm_s"],
            "rss_mb": kb(max(query["open_rss_kb"], query["looked_map_kb"])) / 1e6,
            "lookups_per_s": query["many_1t_per_s"], "scrub_s": query["scrub_s"]}


cases = [c for c in (case("hawser"),) if c]
if not cases:
    sys.exit("report.py: no hawser runs in " + src)
h = cases[0]
sq_part = sq is not None and sq["numbers"] < sq["registry_numbers"]
sq_name = (f"sqlite {sq['numbers'] / 1e6:g}M of {sq['registry_numbers'] / 1e6:g}M" if sq_part
           else "sqlite") if sq else "sqlite"

lines = []


def say(s=""):
    lines.append(s)


def secs(v):
    return "-" if v is None else f"{v:.3g} s" if v >= 0.01 else f"{v * 1000:.3g} ms"


def rate(v):
    return "-" if v is None else f"{v / 1e6:.3g}M/s"


def mb(v):  # v in bytes; MB = 10^6 bytes throughout
    return "-" if v is None else f"{v / 1e6:,.0f} MB"



def ratio(x):
    return "-" if x is None else f"{x:,.1f}x" if x < 100 else f"{x:,.0f}x"


def verdict(key, v):
    t = TARGETS[key]
    ok = v <= t if key != "lookups_per_s" else v >= t
    return "met" if ok else "MISSED"


say(f"hawser DNC index benchmark, {env['date']}: {gen.get('numbers', env['numbers']):,} numbers "
    f"({gen.get('exchanges', 0):,} exchanges, {gen.get('sparse_exchanges', 0):,} sparse, "
    f"{gen.get('area_codes', 0)} area codes), {env['cores']} cores ({env['cpu']}), "
    f"{env['mem_kb'] / 1048576:.0f} GiB, Linux {env['kernel']}")
if calib:
    say(f"memory on this machine: a page fault {calib['fault_us_per_page']:.1f} us a 4 kB page, "
        f"populated then touched {calib['populate_us_per_page'] + calib['touch_after_populate_us_per_page']:.1f} us, "
        f"touched again {calib['touch_again_us_per_page']:.2f} us (bare metal: ~0.25 us a fault)")
say()

W = 30
cols = [c["name"] for c in cases] + ["target", "met"] + ["sort|join", sq_name] + \
    ["vs sort|join", "vs sqlite"]
widths = [W] + [max(13, len(c) + 2) for c in cols]
say("".join(f"{c:<{widths[0]}}" if i == 0 else f"{c:>{widths[i]}}"
            for i, c in enumerate(["figure"] + cols)))

summary = {"env": env, "calib": calib, "generated": gen, "targets": TARGETS, "cases": {},
           "sortjoin": sj, "sqlite": sq, "sqlite_is_part": sq_part}
for c in cases:
    summary["cases"][c["name"]] = {k: c[k] for k in
                                   ("build_s", "build_runs", "load_s", "load_warm_s", "rss_mb",
                                    "lookups_per_s", "scrub_s")} | {"query": c["query"],
                                                                    "builds": c["builds"]}


def row(label, vals, fmt, target=None, key=None, sjv=None, sqv=None, better="low", same=True):
    """vals: the figure per case; sjv/sqv: the baselines' (None: n/a); key: the
    target judged, on hawser's case as the summary judges it."""
    cells = [fmt(v) for v in vals]
    cells.append("-" if target is None else target)
    cells.append(verdict(key, h[key]) if key else "")
    cells += [fmt(sjv) if sjv is not None else "-", fmt(sqv) if sqv is not None else "-"]

    def rat(base):
        if base is None or vals[0] is None or not vals[0]:
            return None
        return base / vals[0] if better == "low" else vals[0] / base
    cells.append(ratio(rat(sjv)))
    cells.append(ratio(rat(sqv)) if same else "n/a")
    say("".join([f"{label:<{widths[0]}}"] + [f"{x:>{widths[i + 1]}}" for i, x in enumerate(cells)]))


q = [c["query"] for c in cases]
same = not sq_part
row("build from text (median)", [c["build_s"] for c in cases], secs, "<= 5 s", "build_s",
    sj and sj["build_s"], sq and sq["build_s"], same=same)
row("  of which: parse (load)", [c["build"]["load_s"] for c in cases], secs)
row("  of which: write + fsync", [c["build"]["write_s"] for c in cases], secs)
row("index file", [c["build"]["index_bytes"] for c in cases], mb, None, None,
    sj and sj["registry10_bytes"], sq and sq["db_bytes"], same=same)
row("load, file not cached", [c["load_s"] for c in cases], secs, "<= 0.5 s", "load_s",
    None, sq and sq["open_s"], same=same)
row("load, file in page cache", [c["load_warm_s"] for c in cases], secs)
row("resident, index loaded", [c["rss_mb"] * 1e6 for c in cases], mb, "<= 300 MB", "rss_mb",
    None, sq and kb(sq["looked_rss_kb"]), same=same)
row("lookups 1 thread, batched", [x["many_1t_per_s"] for x in q], rate, ">= 20M/s",
    "lookups_per_s", None, sq and sq["has_1t_per_s"], better="high", same=same)
row("lookups 1 thread, cold", [None] * len(q), rate, None, None,
    None, sq and sq["has_cold_per_s"], better="high", same=same)
row("lookups 1 thread, one by one", [x["has_1t_per_s"] for x in q], rate, None, None,
    None, sq and sq["has_1t_per_s"], better="high", same=same)
row("lookups 2 threads, batched", [x["many_2t_per_s"] for x in q], rate, None, None,
    None, sq and sq["has_2t_per_s"], better="high", same=same)
row("lookups 2 threads, one by one", [x["has_2t_per_s"] for x in q], rate, None, None,
    None, sq and sq["has_2t_per_s"], better="high", same=same)
row("scrub 1M leads", [c["scrub_s"] for c in cases], secs, "<= 0.1 s", "scrub_s",
    sj and sj["scrub_s"], sq and sq["scrub_s"], same=same)
say()

for c in cases:
    x = c["query"]
    say(f"{c['name']}: builds {', '.join(secs(v) for v in c['build_runs'])} (peak RSS "
        f"{mb(kb(c['build']['peak_rss_kb']))}, {mb(kb(c['build']['loaded_anon_kb']))} "
        f"of it the builder's bitmap); lookups in M/s, each run: 1 thread batched "
        f"{x['many_1t_runs']}, one by one {x['has_1t_runs']}; 2 threads batched {x['many_2t_runs']}, "
        f"one by one {x['has_2t_runs']}")
    say(f"  memory: process RSS {mb(kb(x['open_rss_kb']))} right after the load (the index "
        f"mapping {mb(kb(x['open_map_kb']))} of it); after the lookups the index mapping is "
        f"{mb(kb(x['looked_map_kb']))} and the process {mb(kb(x['looked_rss_kb']))}, "
        f"{mb(kb(x['looked_anon_kb']))} of that the benchmark's own {x['lookups']:,} keys and "
        f"answers")
    say(f"  checked: every one of the {x['verified_numbers']:,} registry numbers found and no more "
        f"in the index; {x['oracle_checked']:,} random keys ({x['lookups_listed_pct']:.0f}% listed) "
        f"against the text; all 4 kinds of lookup agree; the scrub found {x['scrub_listed']:,} "
        f"listed of {x['scrub_leads']:,} leads, each as the truth file says")
if sj:
    say(f"sort|join: build = tr -d , | LC_ALL=C sort of the registry; scrub = cut | LC_ALL=C sort "
        f"of the leads, join with it: {sj['scrub_listed']:,} listed, as expected")
if sq:
    part = (f" ONLY THE REGISTRY'S FIRST {sq['numbers']:,} NUMBERS of {sq['registry_numbers']:,}: "
            f"its figures are for that smaller table and are not compared with hawser's"
            if sq_part else f" all {sq['numbers']:,} numbers")
    say(f"sqlite: CREATE TABLE dnc(n INTEGER PRIMARY KEY), one transaction, journal off;{part}; "
        f"lookups one by one (prepared SELECT), {sq['lookups']:,} a run; scrub found "
        f"{sq['scrub_listed']:,} listed, as expected; the lookups and the scrub on connections that "
        f"had read every page once (counting the rows), 'cold' on the one just opened; peak RSS "
        f"{mb(kb(sq['peak_rss_kb']))}")
say()
for c in cases:
    missed = [k for k in TARGETS if verdict(k, c[k]) == "MISSED"]
    say(f"{c['name']}: " + ("every target met" if not missed else
                            "MISSED: " + ", ".join(missed)))

text = "\n".join(lines) + "\n"
print(text, end="")
open(out_txt, "w").write(text)
json.dump(summary, open(out_json, "w"), indent=2)
print(f"wrote {out_txt} and {out_json}")
