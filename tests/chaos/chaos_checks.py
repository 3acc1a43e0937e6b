"""Verdicts of the chaos suites, computed from the database and the effects file only.

Nothing here asks the engine: the database is read with plain ``sqlite3`` /
``psycopg`` and the side effects come from the append-only effects file written
by the step bodies (see ``chaos_workload``). ``verify`` returns a dict with
figures and a list of ``violations`` (empty = the engine kept its promises):

* lost      every acknowledged start exists and is terminal (SUCCESS expected);
* once      no completed step executed after the execution it recorded;
* messages  each receiver got exactly the messages sent to it, each once;
            each phase applied HOLD, RESUME, STOP exactly once, each acked once;
* partition no two runs of one partition key overlap in time;
* sleep     the step after a durable sleep never ran before the recorded wake-up;
* kids      a cancelled parent's children were cancelled with it (no op after the cancel);
* debounce  the last start of each burst ran with its inputs (latest wins);
* schedule  every tick of the schedule up to its last fire has exactly one run, SUCCESS.
May import: the standard library, psycopg (lazily), sibling chaos modules.
"""
from __future__ import absolute_import, division, print_function

import json
import os
import sqlite3

import chaos_workload as W

TERMINAL = ("SUCCESS", "ERROR", "CANCELLED", "MAX_RECOVERY_ATTEMPTS_EXCEEDED")


def sqlite_path(data_dir):
    return os.path.join(data_dir, "db", "WorkflowsDB.sqlite")


def query(data_dir, pg, sql):
    """Rows as dicts from the chaos database (SQLite file of ``data_dir`` or PG db ``pg``).

    ``sql`` names engine tables plainly; they are qualified as the engine's default
    layout puts them (schema ``workflows`` on PostgreSQL, prefix ``wf_`` on SQLite)."""
    from exchange.workflows.engine.persistence import names as layout  # pure rewrite, no engine
    sql = layout.rewrite(sql, layout.layout_for("WorkflowsDB", "postgresql" if pg else "sqlite")
                         ["qualifier"])
    if pg:
        import psycopg
        with psycopg.connect(host="127.0.0.1", port=5432, user="postgres", dbname=pg,
                             autocommit=True) as c:
            cur = c.execute(sql)
            names = [d.name for d in cur.description]
            return [dict(zip(names, r)) for r in cur.fetchall()]
    c = sqlite3.connect(sqlite_path(data_dir), timeout=30)
    try:
        cur = c.execute(sql)
        names = [d[0] for d in cur.description]
        return [dict(zip(names, r)) for r in cur.fetchall()]
    finally:
        c.close()


def read_lines(path):
    out = []
    with open(path, "rb") as f:
        for line in f:
            out.append(json.loads(line.decode("utf-8")))
    return out


def _loads(text):
    return None if text is None else json.loads(text)


def verify(data_dir, pg, effects_path):
    lines = read_lines(effects_path)
    runs = dict((r["workflow_id"], r) for r in query(
        data_dir, pg, "SELECT workflow_id, workflow_name, status, partition_key, result_json, "
                      "error_json, recovery_attempts, executions, claimed_by, queue_name, "
                      "claimed_at_epoch_ms, application_version FROM workflow_status"))
    ops = query(data_dir, pg, "SELECT workflow_id, call_seq, kind, step_name, status, output_json "
                              "FROM operation_outputs ORDER BY workflow_id, call_seq")
    notes = query(data_dir, pg, "SELECT destination_uuid, topic, message_json, message_uuid, "
                                "consumed_at FROM notifications")
    v = []
    acked = [l[1] for l in lines if l[0] == "S"]
    cancels = {}
    for l in lines:
        if l[0] == "C":
            cancels.setdefault(l[1], []).append((l[2], l[3]))
        elif l[0] == "K":  # a cancel was attempted; its outcome may not have been seen
            cancels.setdefault(l[1], [])
    by_status = {}
    for wid in acked:
        r = runs.get(wid)
        if r is None:
            v.append("lost: acknowledged run %s is not in the database" % wid)
            continue
        by_status[r["status"]] = by_status.get(r["status"], 0) + 1
        if wid in cancels:
            if r["status"] not in ("CANCELLED", "SUCCESS") or (
                    any(n == 1 for n, _ in cancels[wid]) and r["status"] != "CANCELLED"):
                v.append("run %s was cancelled (%s) but ended %s"
                         % (wid, cancels[wid], r["status"]))
        elif r["status"] != "SUCCESS":
            v.append("run %s ended %s (error %s)" % (wid, r["status"], r["error_json"]))
    v.extend(_check_cancels(data_dir, pg, cancels))
    execs = [l for l in lines if l[0] == "E"]
    zombies = []
    v.extend(_check_once(execs, ops, runs, zombies))
    v.extend(_check_messages(lines, runs, notes))
    overlaps = []
    v.extend(_check_partitions(execs, runs, overlaps))
    v.extend(_check_sleeps(execs, ops))
    v.extend(_check_children(data_dir, pg, runs))
    v.extend(_check_fanout(execs, ops, runs))
    v.extend(_check_rate(runs))
    v.extend(_check_versions(runs))
    v.extend(_check_kids(data_dir, pg, runs, cancels))
    v.extend(_check_debounce(lines, runs))
    ticks = []
    v.extend(_check_schedule(data_dir, pg, runs, ticks))
    ok_execs = [l for l in execs if l[6]]
    recorded = sum(1 for o in ops if o["kind"] == "step" and o["status"] == "SUCCESS")
    return {"violations": v, "acked_runs": len(acked), "statuses": by_status,
            "cancelled_acked": sum(1 for a in cancels.values() if any(n == 1 for n, _ in a)),
            "step_executions": len(ok_execs), "steps_recorded": recorded,
            "interrupted_reexecutions": len(ok_execs) - recorded - len(zombies),
            "failed_attempts": len(execs) - len(ok_execs),
            "zombie_executions": len(zombies),
            "zombie_runs": sorted(set(k[0] for k in zombies)),
            "overlaps": overlaps,
            "recovery_attempts": sum(int(r["recovery_attempts"] or 0) for r in runs.values()),
            "executions": sum(int(r["executions"] or 0) for r in runs.values()),
            "messages": len(notes), "schedule_ticks": len(ticks),
            "debounced_runs": len(set(l[3] for l in lines if l[0] == "D"))}


def _check_once(execs, ops, runs, zombies):
    v = []
    index = {}
    per_key = {}
    for i, l in enumerate(execs):
        index[l[5]] = i
        if l[6]:
            per_key.setdefault((l[3], l[4]), []).append(i)
    seen_keys = set()
    for o in ops:
        if o["kind"] != "step" or o["status"] != "SUCCESS":
            continue
        out = _loads(o["output_json"]) or {}
        token = out.get("t") if isinstance(out, dict) else None
        if token is None:
            continue
        i = index.get(token)
        if i is None:
            v.append("step %s#%s recorded token %s that no execution wrote"
                     % (o["workflow_id"], o["call_seq"], token))
            continue
        key = (execs[i][3], execs[i][4])
        if key in seen_keys:
            v.append("step %s/%s recorded twice" % key)
        seen_keys.add(key)
        # An execution written after the recorded one that STARTED after the recorded one
        # ended re-ran a completed step (violation). One that started before is a zombie:
        # the in-flight step of an executor that lost its lease (paused past the lease) and
        # finished late; it was fenced off (not recorded) - at-least-once, counted apart.
        end_rec = execs[i][1]
        for j in per_key.get(key, []):
            if j <= i:
                continue
            start_j = execs[j][7] if len(execs[j]) > 7 else execs[j][1]
            if start_j >= end_rec:
                v.append("completed step %s/%s ran again (started %d, after its recorded "
                         "execution ended at %d)" % (key[0], key[1], start_j, end_rec))
            else:
                zombies.append(key)
    for key, idx in per_key.items():
        r = runs.get(key[0])
        if r is not None and r["status"] == "SUCCESS" and key not in seen_keys:
            v.append("step %s/%s executed but not recorded in a successful run" % key)
    return v


def _check_messages(lines, runs, notes):
    v = []
    batches = sorted(set(l[1] for l in lines if l[0] == "B" and isinstance(l[1], int)))
    dup = {}
    for n in notes:
        k = (n["destination_uuid"], n["topic"], n["message_json"])
        dup[k] = dup.get(k, 0) + 1
        if n["consumed_at"] is None:
            r = runs.get(n["destination_uuid"])
            if r is not None and r["status"] == "SUCCESS":
                v.append("message %s to %s (%s) never consumed"
                         % (n["message_json"], n["destination_uuid"], n["topic"]))
    for k, c in dup.items():
        if c > 1:
            v.append("message %s to %s (%s) stored %d times" % (k[2], k[0], k[1], c))
    for b in batches:
        rcv = runs.get("r%d-rcv" % b)
        if rcv is None:
            continue  # batch without mailbox workflows
        got = _loads(rcv["result_json"]) or []
        if any(m is None for m in got):
            v.append("receiver r%d-rcv timed out waiting: a message was lost (%s)" % (b, got))
        got = sorted(json.dumps(m, sort_keys=True) for m in got if m is not None)
        if got != W.expected_messages(b):
            v.append("receiver r%d-rcv got %s, expected %s" % (b, got, W.expected_messages(b)))
        ph = runs.get("r%d-phase" % b)
        if ph is not None and _loads(ph["result_json"]) != ["HOLD", "RESUME", "STOP"]:
            v.append("phase r%d-phase applied %s, expected HOLD, RESUME, STOP once each"
                     % (b, ph["result_json"]))
        cm = runs.get("r%d-cmdr" % b)
        want = [{"ack": c, "n": i + 1} for i, c in enumerate(("HOLD", "RESUME", "STOP"))]
        if cm is not None and _loads(cm["result_json"]) != want:
            v.append("commander r%d-cmdr got acks %s, expected %s" % (b, cm["result_json"], want))
    return v


def intervals(execs, runs):
    """{partition key: [(start_ms, end_ms, wid, gateways)]} from the step executions."""
    span = {}
    for l in execs:
        r = runs.get(l[3])
        if r is None or r["partition_key"] is None:
            continue
        start = l[7] if len(l) > 7 else l[1]
        s = span.setdefault(l[3], [start, l[1], set()])
        s[0] = min(s[0], start)
        s[1] = max(s[1], l[1])
        s[2].add(l[2])
    out = {}
    for wid, (a, b, gws) in span.items():
        out.setdefault(runs[wid]["partition_key"], []).append((a, b, wid, sorted(gws)))
    return out


def _check_partitions(execs, runs, overlaps):
    """Overlapping runs of one partition key; each is also appended to ``overlaps`` as
    ``{"key", "runs", "text"}`` so a caller can tell which runs an overlap involves."""
    v = []
    for key, spans in intervals(execs, runs).items():
        spans.sort()
        for prev, cur in zip(spans, spans[1:]):
            if cur[0] < prev[1]:
                text = ("partition %s: runs %s [%d..%d on %s] and %s [%d..%d on %s] overlap"
                        % (key, prev[2], prev[0], prev[1], prev[3], cur[2], cur[0], cur[1], cur[3]))
                v.append(text)
                overlaps.append({"key": key, "runs": [prev[2], cur[2]], "text": text})
    return v


def _check_cancels(data_dir, pg, cancels):
    """Nothing is recorded for a run after the cancel that hit it was acknowledged."""
    v = []
    for wid, acks in cancels.items():
        hit = [t for n, t in acks if n == 1]
        if not hit:
            continue
        rows = query(data_dir, pg, "SELECT call_seq, step_name, completed_at FROM "
                                   "operation_outputs WHERE workflow_id = '%s'" % wid)
        late = [r for r in rows if r["completed_at"] is not None and int(r["completed_at"]) > hit[0]]
        if late:
            v.append("cancelled run %s recorded %d op(s) after the cancel at %d (first: #%s %s)"
                     % (wid, len(late), hit[0], late[0]["call_seq"], late[0]["step_name"]))
    return v


def _check_children(data_dir, pg, runs):
    v = []
    kids = {}
    for r in query(data_dir, pg, "SELECT workflow_id, parent_workflow_id, status FROM "
                                 "workflow_status WHERE parent_workflow_id IS NOT NULL"):
        kids.setdefault(r["parent_workflow_id"], []).append(r)
    for wid, r in runs.items():
        if r["workflow_name"] != "chaos.parent" or r["status"] != "SUCCESS":
            continue
        mine = kids.get(wid, [])
        if len(mine) != 1:
            v.append("parent %s started %d children, expected exactly 1" % (wid, len(mine)))
        elif (_loads(r["result_json"]) or [None])[0] != mine[0]["workflow_id"]:
            v.append("parent %s result %s does not name its child %s"
                     % (wid, r["result_json"], mine[0]["workflow_id"]))
        elif mine[0]["status"] != "SUCCESS":
            v.append("child %s of %s ended %s" % (mine[0]["workflow_id"], wid, mine[0]["status"]))
    return v


def _check_sleeps(execs, ops):
    v = []
    wake = {}
    for o in ops:
        if o["kind"] == "sleep":
            wake[o["workflow_id"]] = int((_loads(o["output_json"]) or {}).get("wakeAtMs", 0))
    for l in execs:
        if l[4] == "after" and l[3] in wake and l[1] < wake[l[3]]:
            v.append("run %s: the step after a durable sleep ran at %d, before the wake-up %d"
                     % (l[3], l[1], wake[l[3]]))
    return v


def _check_fanout(execs, ops, runs):
    """Parallel steps: a finished fan-out returns its branches' recorded tokens in CALL
    order (p0, p1, ... under consecutive operation numbers), whatever finished first."""
    v = []
    key_of = dict((l[5], l[4]) for l in execs)
    by_run = {}
    for o in ops:
        if o["kind"] == "step":
            by_run.setdefault(o["workflow_id"], []).append(o)
    for wid, r in runs.items():
        if r["workflow_name"] != "chaos.fanout" or r["status"] != "SUCCESS":
            continue
        got = _loads(r["result_json"]) or []
        mine = sorted(by_run.get(wid, []), key=lambda o: int(o["call_seq"]))
        recorded = [(_loads(o["output_json"]) or {}).get("t") for o in mine]
        keys = [key_of.get(t) for t in got]
        want = ["p%d" % i for i in range(len(got) - 1)] + ["join"]
        if got != recorded or keys != want:
            v.append("fan-out %s returned %s (keys %s), recorded %s in call order %s"
                     % (wid, got, keys, recorded, want))
    return v


def _check_kids(data_dir, pg, runs, cancels):
    """A parent of slow children: SUCCESS = all children SUCCESS; cancelled (acknowledged)
    = its children ended CANCELLED or SUCCESS and recorded nothing after the cancel."""
    v = []
    kids = {}
    for r in query(data_dir, pg, "SELECT workflow_id, parent_workflow_id, status FROM "
                                 "workflow_status WHERE parent_workflow_id IS NOT NULL"):
        kids.setdefault(r["parent_workflow_id"], []).append(r)
    for wid, r in runs.items():
        if r["workflow_name"] != "chaos.kids":
            continue
        mine = kids.get(wid, [])
        if r["status"] == "SUCCESS":
            bad = [k for k in mine if k["status"] != "SUCCESS"]
            if len(mine) != 2 or bad:
                v.append("parent %s succeeded with children %s" % (wid, mine))
            continue
        hit = [t for n, t in cancels.get(wid, []) if n == 1]
        if r["status"] != "CANCELLED" or not hit:
            continue
        for k in mine:
            if k["status"] not in ("CANCELLED", "SUCCESS"):
                v.append("child %s of cancelled parent %s ended %s" % (k["workflow_id"], wid,
                                                                       k["status"]))
            late = [o for o in query(data_dir, pg, "SELECT call_seq, completed_at FROM "
                                     "operation_outputs WHERE workflow_id = '%s'"
                                     % k["workflow_id"])
                    if o["completed_at"] is not None and int(o["completed_at"]) > hit[0]]
            if late:
                v.append("child %s of parent %s recorded %d op(s) after the cancel at %d"
                         % (k["workflow_id"], wid, len(late), hit[0]))
    return v


def _check_debounce(lines, runs):
    """The final acknowledged start of each finished batch's burst (n = BURST-1) landed in
    a run that returned exactly that n: a burst runs with its latest inputs."""
    v = []
    done = set(l[1] for l in lines if l[0] == "B")
    last = {}
    for l in lines:
        if l[0] == "D":
            last[l[1]] = l
    for b, l in last.items():
        if b not in done:
            continue
        r = runs.get(l[3])
        if r is None:
            v.append("debounced run %s of batch %s is not in the database" % (l[3], b))
        elif l[2] != W.DEBOUNCE_BURST - 1 or _loads(r["result_json"]) != l[2]:
            v.append("debounce batch %s: the last start (n=%s) landed in %s, which returned %s"
                     % (b, l[2], l[3], r["result_json"]))
    return v


def _check_schedule(data_dir, pg, runs, ticks):
    """Every minute tick in (created, last fire] has one SUCCESS run named after it."""
    v = []
    rows = query(data_dir, pg, "SELECT created_at, last_fire_at FROM schedules WHERE "
                               "schedule_name = '%s'" % W.SCHEDULE["name"])
    if not rows or rows[0]["last_fire_at"] is None:
        return v
    first = (int(rows[0]["created_at"]) // 60000 + 1) * 60000
    for t in range(first, int(rows[0]["last_fire_at"]) + 1, 60000):
        wid = "sched-%s-%d" % (W.SCHEDULE["name"], t)
        ticks.append(wid)
        r = runs.get(wid)
        if r is None:
            v.append("schedule tick %d has no run (%s)" % (t, wid))
        elif r["status"] != "SUCCESS":
            v.append("scheduled run %s ended %s (error %s)" % (wid, r["status"], r["error_json"]))
    extra = [w for w, r in runs.items() if r["workflow_name"] == "chaos.ticked" and w not in ticks]
    if extra:
        v.append("scheduled runs %s are not ticks of the schedule" % extra)
    return v


def _check_rate(runs):
    """Queue rate limit: the last claim of every run of the limited queue (a subset of
    all its starts, so a necessary condition) keeps at most N starts in any period."""
    n, period_ms = W.RATE[0], int(W.RATE[1] * 1000)
    times = sorted(int(r["claimed_at_epoch_ms"]) for r in runs.values()
                   if r["queue_name"] == W.RATE_QUEUE and r["claimed_at_epoch_ms"] is not None)
    return ["rate limit: %d starts of queue %s within %d ms (%s)"
            % (n + 1, W.RATE_QUEUE, times[i + n] - times[i], times[i:i + n + 1])
            for i in range(len(times) - n) if times[i + n] - times[i] < period_ms]


def _check_versions(runs):
    """Versions: every run that executed records the application version of the code that
    ran it; every gateway here runs the same code, so there is exactly one."""
    ran = [r for r in runs.values() if int(r["executions"] or 0) > 0]
    missing = sorted(r["workflow_id"] for r in ran if not r["application_version"])
    found = sorted(set(r["application_version"] for r in ran if r["application_version"]))
    v = ["runs executed without an application version: %s" % missing[:10]] if missing else []
    if len(found) > 1:
        v.append("runs of one code base record %d application versions: %s" % (len(found), found))
    return v

