"""A compressed polling day against a running server.

Seeds a throw-away database (SQLite under a temporary folder unless DATABASE_URL names another)
with 25 provinces, a provincial commissariat and a district inspectorate in each, an election
whose polling stage is today, polling stations and trusted reporters, and users with API tokens;
starts ``santisuk runserver`` in a subprocess; then, for ``--minutes`` minutes:

- an SMS gateway posts reports at ``--rate`` a minute (default 200 × ``--scale``), spread over
  the 25 provinces; 5 % are resent with the same message id (a gateway retry);
- ``--users`` concurrent users (default 50 × ``--scale``) take reports and carry each through
  open → triage → verify → assign → acknowledge → start → resolve, over the REST API;
- a national situation report is generated every 20 seconds.

Before the load, the same API requests are timed on the idle server: the baseline of the run.
Prints JSON: p50/p95 latency per request kind under load and idle, server errors (5xx), reports
sent vs stored (each message id stored exactly once), situation-report times.

    .venv/bin/python bench/election_day.py --minutes 0.5 --scale 0.1     # smoke size
    .venv/bin/python bench/election_day.py --minutes 5                   # the issue's load
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import queue
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

SECRET = "bench-gateway-secret"
PROVINCES = 25


def seed(stations_per_province: int, users: int) -> dict:
    """Reference data and users, written through the services; returns tokens and codes."""
    from _setup import django_setup

    django_setup()
    from django.utils import timezone

    from santisuk.accounts.services import roles_sync, token_create, user_create
    from santisuk.elections.models import Election, PollingStation, Stage, TrustedReporter
    from santisuk.geo.choices import LEVEL_BY_LENGTH
    from santisuk.geo.models import Area
    from santisuk.org.services import unit_create

    roles_sync()
    today = timezone.localdate()

    def area(code, name, parent=None):
        a = Area(
            code=code,
            level=LEVEL_BY_LENGTH[len(code)],
            parent=parent,
            name_en=name,
            name_km=name,
            valid_from=datetime.date(2025, 1, 1),
        )
        a.province = parent.province if parent else None
        a.save()
        if parent is None:
            a.province = a
            a.save()
        return a

    moi = unit_create(code="MOI", name_en="Ministry of Interior", kind="ministry")
    command = unit_create(
        code="PSC", name_en="Permanent Security Command", kind="election_command", parent=moi
    )
    election = Election.objects.create(
        slug="bench-day",
        kind="senate",
        name_en="Benchmark polling day",
        polling_date=today,
        command_unit=command,
    )
    Stage.objects.create(
        election=election,
        code="campaign",
        start_date=today - datetime.timedelta(days=14),
        end_date=today - datetime.timedelta(days=1),
    )
    Stage.objects.create(election=election, code="polling", start_date=today, end_date=today)
    stations, phones = [], []
    for p in range(1, PROVINCES + 1):
        province = area(f"{p:02d}", f"Province {p}")
        district = area(f"{p:02d}01", f"District {p}", province)
        commune = area(f"{p:02d}0101", f"Commune {p}", district)
        pu = unit_create(
            code=f"P{p:02d}",
            name_en=f"Province {p} commissariat",
            kind="provincial_commissariat",
            parent=moi,
            province=province,
            jurisdiction=[province],
        )
        unit_create(
            code=f"P{p:02d}-D",
            name_en=f"District {p} inspectorate",
            kind="district_inspectorate",
            parent=pu,
            jurisdiction=[district],
        )
        for s in range(stations_per_province):
            code = f"S{p:02d}{s:02d}"
            station = PollingStation.objects.create(
                election=election,
                code=code,
                name_en=f"Station {code}",
                commune=commune,
                latitude=11 + p * 0.1,
                longitude=103 + s * 0.05,
            )
            phone = f"0{p:02d}{s:06d}"
            TrustedReporter.objects.create(
                phone=phone, name=f"Post {code}", kind="police_post", polling_station=station
            )
            stations.append(code)
            phones.append(phone)
    tokens = []
    for i in range(users):
        user = user_create(
            username=f"bench{i}",
            password="Kampot-pepper-2024",
            role="administrator",
            unit=command,
        )
        tokens.append(token_create(user=user, actor=user)[1])
    return {
        "stations": stations,
        "phones": phones,
        "tokens": tokens,
        "units": [f"P{p:02d}-D" for p in range(1, PROVINCES + 1)],
    }


class Client:
    def __init__(self, base: str, token: str | None = None):
        self.base = base
        self.token = token

    def call(self, method: str, path: str, body: dict | None = None, headers=None):
        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(self.base + path, data=data, method=method)
        request.add_header("Content-Type", "application/json")
        if self.token:
            request.add_header("Authorization", f"Token {self.token}")
        for key, value in (headers or {}).items():
            request.add_header(key, value)
        start = time.perf_counter()
        try:
            with urllib.request.urlopen(request, timeout=60) as response:
                status, payload = response.status, response.read()
        except urllib.error.HTTPError as error:
            status, payload = error.code, error.read()
        except (urllib.error.URLError, TimeoutError, ConnectionError):
            status, payload = 599, b"{}"
        elapsed = time.perf_counter() - start
        try:
            parsed = json.loads(payload or b"{}")
        except ValueError:
            parsed = {}
        return status, parsed, elapsed


class Recorder:
    def __init__(self):
        self.lock = threading.Lock()
        self.times: dict[str, list[float]] = defaultdict(list)
        self.statuses: dict[int, int] = defaultdict(int)
        self.errors: list[str] = []

    def add(self, kind: str, status: int, elapsed: float, note: str = "") -> None:
        with self.lock:
            self.times[kind].append(elapsed)
            self.statuses[status] += 1
            if status >= 500 and len(self.errors) < 20:
                self.errors.append(f"{kind} {status} {note}"[:300])

    def summary(self) -> dict:
        def q(values, p):
            values = sorted(values)
            return values[min(len(values) - 1, round(p * (len(values) - 1)))]

        out = {}
        every, idle = [], []
        for kind, values in sorted(self.times.items()):
            (idle if kind.startswith("idle:") else every).extend(values)
            out[kind] = {
                "count": len(values),
                "p50_ms": round(statistics.median(values) * 1000, 1),
                "p95_ms": round(q(values, 0.95) * 1000, 1),
            }
        for name, values in (("all_under_load", every), ("all_idle", idle)):
            if values:
                out[name] = {
                    "count": len(values),
                    "p50_ms": round(statistics.median(values) * 1000, 1),
                    "p95_ms": round(q(values, 0.95) * 1000, 1),
                }
        return out


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(env: dict, port: int, log: Path) -> subprocess.Popen:
    # The server's log goes to a file: an unread pipe would fill up and stall the server.
    server = subprocess.Popen(
        [str(ROOT / ".venv/bin/santisuk"), "runserver", f"127.0.0.1:{port}", "--noreload"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=log.open("w"),
        cwd=ROOT,
    )
    deadline = time.time() + 60
    while time.time() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return server
        except OSError:
            time.sleep(0.3)
    server.kill()
    raise SystemExit("the server did not start within 60 s")


def carry(client: Client, rec: Recorder, report_id: int, unit: str, prefix: str) -> None:
    """One user's work on one report, open to resolved."""
    status, body, t = client.call(
        "POST", "/api/elections/incidents/open/", {"report": report_id, "severity": 3}
    )
    rec.add(f"{prefix}open", status, t, str(body))
    if status != 201:
        return
    pk = body["id"]
    for step, data in (
        ("triage", {"severity": random.randint(1, 5), "election_kind": "clash"}),
        ("verify", {"outcome": "verified"}),
        ("assign", {"unit": unit}),
        ("acknowledge", {}),
        ("start", {}),
        ("resolve", {"disposition": "founded"}),
    ):
        status, body, t = client.call("POST", f"/api/elections/incidents/{pk}/{step}/", data)
        rec.add(f"{prefix}{step}", status, t, str(body))
        if status != 200:
            return


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=5.0, help="length of the replay")
    parser.add_argument("--scale", type=float, default=1.0, help="1 = 200 reports/min, 50 users")
    parser.add_argument("--rate", type=float, default=None, help="reports a minute")
    parser.add_argument("--users", type=int, default=None, help="concurrent users")
    parser.add_argument("--stations", type=int, default=4, help="polling stations per province")
    parser.add_argument(
        "--servers", type=int, default=os.cpu_count() or 1, help="server processes (one per core)"
    )
    args = parser.parse_args()
    rate = args.rate or 200 * args.scale
    users = args.users or max(2, int(50 * args.scale))

    var_dir = tempfile.mkdtemp(prefix="santisuk-election-day-")
    os.environ["SANTISUK_VAR_DIR"] = var_dir
    os.environ["ELECTIONS_SMS_SECRET"] = SECRET
    os.environ["DEBUG"] = "0"
    os.environ["LOG_LEVEL"] = "ERROR"
    os.environ["ELECTIONS_NOTIFY_BACKENDS"] = ""  # in-app only: no console noise
    data = seed(args.stations, users + 1)
    from django.db import connection

    connection.close()
    ports = [free_port() for _ in range(args.servers)]
    logs = [Path(var_dir) / f"server-{port}.log" for port in ports]
    servers = [
        start_server(dict(os.environ), port, log) for port, log in zip(ports, logs, strict=True)
    ]
    bases = [f"http://127.0.0.1:{port}" for port in ports]
    base = bases[0]
    gateway = Client(base)
    sms_headers = {"X-Gateway-Secret": SECRET}
    rec = Recorder()
    work: queue.Queue = queue.Queue()
    sent_ids: set[str] = set()
    sitrep_times: list[float] = []
    try:
        # Baseline: the same requests on the idle server.
        idle_client = Client(base, data["tokens"][-1])
        for i in range(20):
            status, body, t = gateway.call(
                "POST",
                "/elections/sms/",
                {
                    "from": data["phones"][i % len(data["phones"])],
                    "text": "PSD " + data["stations"][i % len(data["stations"])],
                    "id": f"idle-{i}",
                },
                sms_headers,
            )
            rec.add("idle:sms", status, t, str(body))
            sent_ids.add(f"idle-{i}")
            if status in (200, 201):
                carry(idle_client, rec, body["report"], data["units"][0], "idle:")
        status, body, t = idle_client.call(
            "POST", "/api/elections/sitreps/", {"election": "bench-day"}
        )
        rec.add("idle:sitrep", status, t, str(body))

        stop = threading.Event()
        duration = args.minutes * 60

        def sms_sender(worker: int, workers: int) -> None:
            gateway = Client(bases[worker % len(bases)])
            interval = 60.0 / rate * workers
            n = 0
            next_at = time.perf_counter()
            while not stop.is_set():
                index = worker + n * workers
                n += 1
                province = index % PROVINCES
                station_index = province * args.stations + (index // PROVINCES) % args.stations
                msg_id = f"m-{index}"
                body = {
                    "from": data["phones"][station_index],
                    "text": f"CLS {data['stations'][station_index]} supporters fighting",
                    "id": msg_id,
                }
                status, reply, t = gateway.call("POST", "/elections/sms/", body, sms_headers)
                rec.add("sms", status, t, str(reply))
                with rec.lock:
                    sent_ids.add(msg_id)
                retries = 0
                while status >= 500 and retries < 3:  # a gateway retries a failed delivery
                    retries += 1
                    status, reply, t = gateway.call("POST", "/elections/sms/", body, sms_headers)
                    rec.add("sms_redelivery", status, t, str(reply))
                if status == 201:
                    work.put((reply["report"], data["units"][province]))
                if random.random() < 0.05:  # a gateway retry of the same message
                    status, reply, t = gateway.call("POST", "/elections/sms/", body, sms_headers)
                    rec.add("sms_retry", status, t, str(reply))
                next_at += interval
                time.sleep(max(0.0, next_at - time.perf_counter()))

        def triager(index: int, token: str) -> None:
            client = Client(bases[index % len(bases)], token)
            while not stop.is_set() or not work.empty():
                try:
                    report_id, unit = work.get(timeout=0.5)
                except queue.Empty:
                    continue
                carry(client, rec, report_id, unit, "")

        def sitreps(token: str) -> None:
            client = Client(base, token)
            while not stop.wait(20):
                status, body, t = client.call(
                    "POST", "/api/elections/sitreps/", {"election": "bench-day"}
                )
                rec.add("sitrep", status, t, str(body))
                sitrep_times.append(t)

        senders = 4
        threads = [threading.Thread(target=sms_sender, args=(i, senders)) for i in range(senders)]
        threads += [
            threading.Thread(target=triager, args=(i, tok))
            for i, tok in enumerate(data["tokens"][:users])
        ]
        threads.append(threading.Thread(target=sitreps, args=(data["tokens"][-1],)))
        started = time.perf_counter()
        for thread in threads:
            thread.start()
        time.sleep(duration)
        stop.set()
        for thread in threads:
            thread.join(timeout=300)
        elapsed = time.perf_counter() - started
        # A final national report on the full day's data.
        status, body, t = Client(base, data["tokens"][-1]).call(
            "POST", "/api/elections/sitreps/", {"election": "bench-day"}
        )
        rec.add("sitrep_final", status, t, str(body))
    finally:
        for server in servers:
            server.terminate()
            try:
                server.wait(timeout=10)
            except subprocess.TimeoutExpired:
                server.kill()

    from santisuk.elections.models import Incident, IntakeReport

    stored = IntakeReport.objects.filter(channel="sms").values_list("external_id", flat=True)
    stored_ids = list(stored)
    summary = rec.summary()
    # The last line of each traceback in the servers' logs: what the server errors were.
    causes: dict[str, int] = defaultdict(int)
    for log in logs:
        lines = log.read_text(errors="replace").splitlines()
        for i, line in enumerate(lines):
            if line.startswith("Traceback"):
                j = i + 1
                while j < len(lines) and (lines[j].startswith(" ") or not lines[j].strip()):
                    j += 1
                if j < len(lines):
                    causes[lines[j][:200]] += 1
    result = {
        "benchmark": "election_day",
        "date": datetime.date.today().isoformat(),
        "machine": {
            "cpus": os.cpu_count(),
            "database": os.environ.get("DATABASE_URL", "sqlite").split(":")[0],
            "server": f"{args.servers} × santisuk runserver (threaded)",
        },
        "minutes": args.minutes,
        "target_rate_per_minute": rate,
        "achieved_rate_per_minute": round(len(rec.times.get("sms", [])) / elapsed * 60, 1),
        "users": users,
        "requests": sum(rec.statuses.values()),
        "server_errors": sum(n for s, n in rec.statuses.items() if s >= 500),
        "statuses": dict(sorted(rec.statuses.items())),
        "error_samples": rec.errors,
        "server_error_causes": dict(causes),
        "reports_sent": len(sent_ids),
        "reports_stored": len(stored_ids),
        "reports_stored_twice": len(stored_ids) - len(set(stored_ids)),
        "reports_lost": len(sent_ids - set(stored_ids)),
        "incidents_resolved": Incident.objects.filter(status="resolved").count(),
        "latency": summary,
        "sitrep_seconds_max": round(max(sitrep_times), 3) if sitrep_times else None,
        "sitrep_final_seconds": round(rec.times["sitrep_final"][0], 3),
        "targets": {
            "p95_api_ms_under_300": summary.get("all_under_load", {}).get("p95_ms", 1e9) < 300,
            "no_server_error": not any(s >= 500 for s in rec.statuses),
            "no_report_lost": len(sent_ids - set(stored_ids)) == 0
            and len(stored_ids) == len(set(stored_ids)),
            "national_sitrep_under_2s": rec.times["sitrep_final"][0] < 2,
        },
    }
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
