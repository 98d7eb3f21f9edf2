"""Benchmarks 2 and 3: task completion, inbox and case list over HTTP, with many active cases.

A real server (``gunicorn -w 1 'webapp:create_app()'``, ``ALUR_INSTANCE_PATH`` and
``DATABASE_URL`` pointing at a temporary database) and one sequential client on loopback using
API tokens and the REST API:

* **completion**: start a case (``POST /api/v1/processes/<id>/instances``), then for each step
  ``POST /api/v1/tasks/<id>/complete`` with the form data, and ``GET /api/v1/tasks/<next id>``
  (the next step as its performer opens it). Latency = from sending the POST to having the next
  task's detail, per step (p50/p95/p99); whole 19-step cases per second from one client.
* **list views**: ``GET /api/v1/tasks?per_page=25`` and ``GET /api/v1/instances?per_page=25`` for
  a role with 5,000 ready tasks (at 100,000 cases) and the case list as admin (every case).
  ``EXPLAIN`` of the queries the engine runs for them (captured from the engine, same parameters).

At 0, 10,000 and 100,000 active cases in the database (seeded as described in bench/seed.py),
on SQLite and on PostgreSQL.
"""
from __future__ import annotations

import http.client
import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

from .common import (
    ROOT,
    Timer,
    base_parser,
    deploy_source,
    fmt_ms,
    fresh_database,
    katalog_source,
    log,
    machine_info,
    make_runtime,
    resolve_databases,
    summarize,
    workdir,
    write_results,
)
from .engine_overhead import AlurDriver
from .seed import UNITS, copy_cases, database_size, table_counts, unit_role

HALF_WAY = 9  # steps the template case has done when the simulator finds no path


class Client:
    """A sequential HTTP/1.1 client; reconnects when the server closes (gunicorn sync workers)."""

    def __init__(self, port: int):
        self.port = port
        self.conn = None

    def _connect(self):
        self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=120)

    def call(self, method: str, path: str, token: str, body=None):
        payload = json.dumps(body).encode() if body is not None else None
        headers = {"Authorization": f"Bearer {token}", "Accept": "application/json"}
        if payload is not None:
            headers["Content-Type"] = "application/json"
        for attempt in (1, 2):
            if self.conn is None:
                self._connect()
            try:
                self.conn.request(method, path, body=payload, headers=headers)
                response = self.conn.getresponse()
                data = response.read()
                if response.will_close:
                    self.conn.close()
                    self.conn = None
                break
            except (ConnectionError, http.client.RemoteDisconnected, http.client.CannotSendRequest):
                self.conn.close()
                self.conn = None
                if attempt == 2:
                    raise
        if response.status >= 400:
            raise RuntimeError(f"{method} {path}: HTTP {response.status} {data[:300]!r}")
        return json.loads(data) if data else None


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    def __init__(self, url: str, instance: Path, forms_dir, workers: int = 1):
        self.port = free_port()
        env = dict(os.environ, ALUR_INSTANCE_PATH=str(instance), DATABASE_URL=url,
                   ALUR_SECRET_KEY="bench-secret-key")
        if forms_dir:
            env["ALUR_FORMS_DIR"] = str(forms_dir)
        gunicorn = Path(sys.executable).with_name("gunicorn")
        self.command = [str(gunicorn), "-w", str(workers), "-b", f"127.0.0.1:{self.port}", "--log-level", "warning",
                        "webapp:create_app()"]
        self.proc = subprocess.Popen(self.command, cwd=ROOT, env=env, start_new_session=True)
        deadline = time.time() + 60
        while time.time() < deadline:
            try:
                conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=2)
                conn.request("GET", "/api/v1/openapi.json")
                if conn.getresponse().status == 200:
                    conn.close()
                    return
            except OSError:
                time.sleep(0.2)
            if self.proc.poll() is not None:
                raise RuntimeError(f"gunicorn exited with {self.proc.returncode}")
        raise RuntimeError("gunicorn did not start")

    def stop(self):
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)  # the group of the gunicorn we started
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait()


def setup(rt, source: dict) -> dict:
    """Deploy, users and tokens, the half-way template case."""
    from engine.org import users

    version = deploy_source(rt, source)
    driver = AlurDriver(rt, version, source)
    lanes = list(driver.catalog.lanes)
    users.create_user(rt, "petugas", password_hash="-", roles=lanes)
    users.create_user(rt, "admin-bench", password_hash="-", roles=["admin"])
    template = driver.start("Kasus templat")
    half_way = len(driver.path) // 2 if driver.path else HALF_WAY
    for _ in range(half_way):
        driver.complete(*driver.ready_task(template.id))
    ready = driver.ready_task(template.id)
    ready_lane = driver.catalog.steps[ready[1]].lane
    unit_roles = [unit_role(lane) for lane in lanes]
    users.create_user(rt, "kantor-00", password_hash="-", roles=unit_roles)
    return {
        "driver": driver,
        "version": version,
        "template_id": template.id,
        "tokens": {
            "staff": users.create_token(rt, "petugas", "bench"),
            "admin": users.create_token(rt, "admin-bench", "bench"),
            "unit": users.create_token(rt, "kantor-00", "bench"),
        },
        "unit_actor_roles": unit_roles,
        "ready_lane": ready_lane,
        "half_way": half_way,
        "path_steps": len(driver.path),
    }


def drive_cases(client: Client, ctx: dict, n_cases: int) -> dict:
    driver, token = ctx["driver"], ctx["tokens"]["staff"]
    pid = ctx["version"].process_id
    posts, gets, totals, starts = [], [], [], []
    wall = time.perf_counter()
    for i in range(n_cases):
        with Timer() as t:
            instance = client.call("POST", f"/api/v1/processes/{pid}/instances", token, {"title": f"HTTP {i}"})
        starts.append(t.ms)
        task = instance["open_tasks"][0]
        while task is not None:
            data = driver.data.get(task["task_ref"], {})
            t0 = time.perf_counter()
            result = client.call("POST", f"/api/v1/tasks/{task['id']}/complete", token, data)
            t1 = time.perf_counter()
            open_tasks = result["instance"]["open_tasks"]
            task = open_tasks[0] if open_tasks else None
            if task is not None:
                detail = client.call("GET", f"/api/v1/tasks/{task['id']}", token)
                if not detail.get("may_complete"):
                    raise RuntimeError("next task not completable by its performer")
            t2 = time.perf_counter()
            posts.append((t1 - t0) * 1000)
            gets.append((t2 - t1) * 1000)
            totals.append((t2 - t0) * 1000)
    wall = time.perf_counter() - wall
    return {"cases": n_cases, "steps": len(totals), "complete_then_next": summarize(totals),
            "post_complete": summarize(posts), "get_next": summarize(gets), "start": summarize(starts),
            "cases_per_s": n_cases / wall}


def trivial_request(client: Client, ctx: dict, requests: int) -> dict:
    """The fixed cost of one authenticated API request through gunicorn (``GET /api/v1/me``,
    no database work: the token's user is cached)."""
    token = ctx["tokens"]["staff"]
    client.call("GET", "/api/v1/me", token)
    times = []
    for _ in range(requests):
        with Timer() as t:
            client.call("GET", "/api/v1/me", token)
        times.append(t.ms)
    return summarize(times)


def read_round_trip(rt, runs: int) -> dict:
    """One database round trip as the engine makes it: a read session with one ``SELECT 1``."""
    from sqlalchemy import text

    times = []
    for _ in range(runs + 3):
        with Timer() as t, rt.read() as session:
            session.execute(text("SELECT 1")).all()
        times.append(t.ms)
    return summarize(times[3:])


def list_views(client: Client, ctx: dict, requests: int) -> dict:
    calls = {
        "inbox (role with the copies' ready step)": ("/api/v1/tasks?per_page=25", "unit"),
        "case list (same role)": ("/api/v1/instances?per_page=25", "unit"),
        "case list (admin: every case)": ("/api/v1/instances?per_page=25", "admin"),
    }
    out = {}
    for name, (path, who) in calls.items():
        token = ctx["tokens"][who]
        first = client.call("GET", path, token)
        for _ in range(2):
            client.call("GET", path, token)
        times = []
        for _ in range(requests):
            with Timer() as t:
                client.call("GET", path, token)
            times.append(t.ms)
        out[name] = {"path": path, "total": first["total"], **summarize(times)}
    return out


def explain(rt, sa_engine, ctx: dict) -> dict:
    """The SQL the engine runs for the inbox and the case list, and the database's plan for it."""
    from sqlalchemy import event

    from engine.cases import queries, worklist
    from engine.records import Actor

    unit = Actor("kantor-00", frozenset(ctx["unit_actor_roles"]))
    captured = []

    def capture(conn, cursor, statement, parameters, context, executemany):
        captured.append((statement, parameters))

    plans = {}
    for name, fn in (("inbox", lambda: worklist.list_tasks(rt, unit, per_page=25)),
                     ("case list (role)", lambda: queries.list_cases(rt, unit, per_page=25))):
        captured.clear()
        event.listen(sa_engine, "before_cursor_execute", capture)
        try:
            fn()
        finally:
            event.remove(sa_engine, "before_cursor_execute", capture)
        entries = []
        with sa_engine.connect() as conn:
            for statement, params in captured:
                if not statement.lstrip().upper().startswith("SELECT"):
                    continue
                if sa_engine.dialect.name == "postgresql":
                    rows = conn.exec_driver_sql("EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) " + statement, params).all()
                    plan = [r[0] for r in rows]
                else:
                    rows = conn.exec_driver_sql("EXPLAIN QUERY PLAN " + statement, params).all()
                    plan = [f"{'  ' * depth_of(rows, r)}{r[-1]}" for r in rows]
                entries.append({"sql": " ".join(statement.split()), "params": repr(params), "plan": plan})
            conn.rollback()
        plans[name] = entries
    return plans


def depth_of(rows, row) -> int:
    parents = {r[0]: r[1] for r in rows}
    depth, parent = 0, row[1]
    while parent:
        depth += 1
        parent = parents.get(parent, 0)
    return depth


def run_database(kind: str, tmp: Path, pg: str | None, source: dict, sizes: list[int], n_cases: int,
                 requests: int) -> list[dict]:
    url = fresh_database(kind, tmp, pg)
    rt, sa_engine = make_runtime(url, source["forms_dir"])
    ctx = setup(rt, source)
    server = Server(url, tmp / "instance", source["forms_dir"])
    client = Client(server.port)
    results = []
    seeded = 0
    try:
        # warm the server (spec cache, calendar, connections)
        drive_cases(client, ctx, 1)
        for size in sizes:
            seed = None
            if size > seeded:
                seed = copy_cases(sa_engine, ctx["template_id"], size - seeded, first_copy=seeded, log=log)
                seeded = size
            counts = table_counts(sa_engine)
            log(f"[http_api] {kind}: {size} seeded cases; driving {n_cases} cases over HTTP")
            completion = drive_cases(client, ctx, n_cases)
            completion["trivial_request"] = trivial_request(client, ctx, requests)
            completion["read_round_trip"] = read_round_trip(rt, requests * 5)
            views = list_views(client, ctx, requests)
            results.append({
                "database": kind, "seeded_cases": size, "rows": counts,
                "database_bytes": database_size(sa_engine, str(tmp / "alur.db") if kind == "sqlite" else None),
                "seed_seconds": seed["seconds"] if seed else 0.0,
                "completion": completion, "list_views": views,
                "explain": explain(rt, sa_engine, ctx) if size == sizes[-1] else None,
                "server": " ".join(server.command[1:]),
                "template_steps_done": ctx["half_way"], "path_steps": ctx["path_steps"],
            })
            c = completion["complete_then_next"]
            log(f"[http_api] {kind} {size}: complete+next p50 {fmt_ms(c['p50'])} p95 {fmt_ms(c['p95'])} ms, "
                f"{completion['cases_per_s']:.1f} cases/s; "
                + ", ".join(f"{k}: p95 {fmt_ms(v['p95'])} ms" for k, v in views.items()))
    finally:
        server.stop()
        sa_engine.dispose()
    return results


def main(argv=None) -> dict:
    parser = base_parser("http_api", __doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default=None, help="active cases seeded (default 0,10000,100000; quick 0,500,2000)")
    parser.add_argument("--cases", type=int, default=None, help="whole cases driven per size (default 20; quick 3)")
    parser.add_argument("--requests", type=int, default=None, help="requests per list view (default 40; quick 10)")
    args = parser.parse_args(argv)
    sizes = [int(s) for s in (args.sizes or ("0,500,2000" if args.quick else "0,10000,100000")).split(",")]
    n_cases = args.cases or (3 if args.quick else 20)
    requests = args.requests or (10 if args.quick else 40)
    kinds, pg = resolve_databases(args)
    results = {"benchmark": "http_api", "machine": machine_info(pg), "sizes": sizes, "cases": n_cases,
               "requests": requests, "units": UNITS, "measurements": []}
    with workdir() as tmp:
        source = katalog_source(tmp)
        results["diagram"] = source["label"]
        for kind in kinds:
            results["measurements"].extend(run_database(kind, tmp, pg, source, sizes, n_cases, requests))
    report(results)
    write_results(args, results)
    return results


def report(results: dict) -> None:
    print(f"diagram: {results['diagram']}")
    print("db        cases    complete+next p50/p95/p99 ms   cases/s   inbox p95   role cases p95   admin cases p95")
    for m in results["measurements"]:
        c = m["completion"]["complete_then_next"]
        v = list(m["list_views"].values())
        print(f"{m['database']:9} {m['seeded_cases']:7}  {fmt_ms(c['p50']):>8} {fmt_ms(c['p95']):>7} {fmt_ms(c['p99']):>7}"
              f"        {m['completion']['cases_per_s']:6.1f}   {fmt_ms(v[0]['p95']):>9}   {fmt_ms(v[1]['p95']):>14}"
              f"   {fmt_ms(v[2]['p95']):>15}")
    for m in results["measurements"]:
        if not m.get("explain"):
            continue
        for name, entries in m["explain"].items():
            print(f"\nEXPLAIN {name} on {m['database']} at {m['seeded_cases']} cases:")
            for e in entries:
                print("  " + e["sql"][:160] + ("..." if len(e["sql"]) > 160 else ""))
                for line in e["plan"]:
                    print("    " + line)


if __name__ == "__main__":
    main()
