#!/usr/bin/env python3
"""Peer matchers for the benchmark, run one per process so peak memory is their own.

  peers.py rapidfuzz screen WATCHLIST.csv QUERIES.csv OUT.csv [FLOOR] [MAX]
  peers.py nomenklatura screen WATCHLIST.csv QUERIES.csv OUT.csv [FLOOR] [MAX]
  peers.py rapidfuzz|nomenklatura pairs PAIRS.csv OUT.csv

RapidFuzz: process.cdist with fuzz.token_sort_ratio (default_process) over full names, all
pairs, on 2 workers; its score /100.
nomenklatura: the logic-v2 matcher on followthemoney Person entities (name, fatherName,
birthDate, idNumber, passportNumber, nationality). logic-v2 is a pairwise scorer, so candidates
come from a blocking step: the 10 best watchlist names by RapidFuzz token_sort_ratio over
ASCII-transliterated names (normality.ascii_text, so Urdu-script queries can block), plus
every entry sharing a CNIC/passport.
Prints one JSON line of measurements.
"""
import csv
import json
import resource
import sys
import time

import numpy as np
from rapidfuzz import fuzz, process, utils


def peak_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def read(path):
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def full(r):
    return " ".join(x for x in [r.get("full_name", "")] if x)


def topk_cdist(qnames, wnames, k, floor, workers=2, block=500):
    """Yields (qi, [(wi, score)]) with the k best by token_sort_ratio at or above floor."""
    wproc = [utils.default_process(n) for n in wnames]
    for s in range(0, len(qnames), block):
        qproc = [utils.default_process(n) for n in qnames[s : s + block]]
        m = process.cdist(qproc, wproc, scorer=fuzz.token_sort_ratio, workers=workers, dtype=np.uint8)
        kk = min(k, m.shape[1])
        idx = np.argpartition(m, m.shape[1] - kk, axis=1)[:, -kk:]
        for i in range(m.shape[0]):
            row = [(int(j), m[i, j] / 100.0) for j in idx[i] if m[i, j] / 100.0 >= floor]
            row.sort(key=lambda x: -x[1])
            yield s + i, row


def rapidfuzz_screen(wl, qs, floor, k):
    out = []
    for qi, row in topk_cdist([full(q) for q in qs], [full(w) for w in wl], k, floor):
        for wi, sc in row:
            out.append((qs[qi]["id"], wl[wi]["id"], sc))
    return out


def nk_setup():
    from followthemoney import model
    from nomenklatura.matching import get_algorithm
    from nomenklatura.matching.types import ScoringConfig

    alg = get_algorithm("logic-v2")
    cfg = ScoringConfig.defaults()

    def entity(r, eid):
        e = model.make_entity("Person")
        e.id = eid
        if r.get("full_name"):
            e.add("name", r["full_name"])
        if r.get("father_name"):
            e.add("fatherName", r["father_name"])
        if r.get("date_of_birth"):
            e.add("birthDate", r["date_of_birth"])
        if r.get("cnic"):
            e.add("idNumber", r["cnic"])
        if r.get("passport"):
            e.add("passportNumber", r["passport"])
        if r.get("nationality"):
            e.add("nationality", r["nationality"], quiet=True)
        return e

    return alg, cfg, entity


def nk_screen(wl, qs, floor, k):
    from normality import ascii_text

    alg, cfg, entity = nk_setup()
    went = [entity(w, "w" + w["id"]) for w in wl]
    ids = {}
    for i, w in enumerate(wl):
        for key in ("cnic", "passport"):
            v = "".join(ch for ch in (w.get(key) or "") if ch.isalnum()).upper()
            if v:
                ids.setdefault((key, v), []).append(i)
    asc = lambda s: ascii_text(s or "") or ""
    out = []
    qn = [asc(full(q)) for q in qs]
    wn = [asc(full(w)) for w in wl]
    for qi, row in topk_cdist(qn, wn, k, 0.0):
        q = qs[qi]
        cands = {wi for wi, _ in row}
        for key in ("cnic", "passport"):
            v = "".join(ch for ch in (q.get(key) or "") if ch.isalnum()).upper()
            if v:
                cands.update(ids.get((key, v), []))
        qe = entity(q, "q" + q["id"])
        scored = []
        for wi in cands:
            sc = alg.compare(qe, went[wi], cfg).score
            if sc >= floor:
                scored.append((wl[wi]["id"], sc))
        scored.sort(key=lambda x: -x[1])
        for wid, sc in scored[:k]:
            out.append((q["id"], wid, sc))
    return out


def pairs(engine, rows):
    if engine == "rapidfuzz":
        return [fuzz.token_sort_ratio(r["name1"], r["name2"], processor=utils.default_process) / 100.0 for r in rows]
    alg, cfg, entity = nk_setup()
    out = []
    for i, r in enumerate(rows):
        schema = r.get("schema") or "Person"
        from followthemoney import model

        if schema not in ("Person",):
            a = model.make_entity(schema if schema in model.schemata else "LegalEntity")
            b = model.make_entity(schema if schema in model.schemata else "LegalEntity")
            a.id, b.id = f"a{i}", f"b{i}"
            a.add("name", r["name1"])
            b.add("name", r["name2"])
        else:
            a = entity({"full_name": r["name1"]}, f"a{i}")
            b = entity({"full_name": r["name2"]}, f"b{i}")
        out.append(alg.compare(a, b, cfg).score)
    return out


def main():
    engine, mode = sys.argv[1], sys.argv[2]
    t0 = time.time()
    if mode == "pairs":
        rows = read(sys.argv[3])
        t1 = time.time()
        scores = pairs(engine, rows)
        dt = time.time() - t1
        with open(sys.argv[4], "w", newline="") as f:
            w = csv.writer(f)
            w.writerow(["score"])
            for s in scores:
                w.writerow([f"{s:.3f}"])
        print(json.dumps({"pairs": len(rows), "pairs_per_s": len(rows) / dt, "peak_rss_mb": peak_mb()}))
        return
    wl, qs = read(sys.argv[3]), read(sys.argv[4])
    floor = float(sys.argv[6]) if len(sys.argv) > 6 else 0.5
    k = int(sys.argv[7]) if len(sys.argv) > 7 else 10
    t1 = time.time()
    res = (rapidfuzz_screen if engine == "rapidfuzz" else nk_screen)(wl, qs, floor, k)
    dt = time.time() - t1
    with open(sys.argv[5], "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["query_id", "watchlist_id", "score"])
        for q, wid, s in res:
            w.writerow([q, wid, f"{s:.3f}"])
    print(json.dumps({"entries": len(wl), "queries": len(qs), "screen_s": dt, "qps": len(qs) / dt, "peak_rss_mb": peak_mb(), "load_s": t1 - t0}))


if __name__ == "__main__":
    main()
