"""Deadline test material shared by the engine timer tests and the web app tests: the test
lanes and actors, small deadline diagrams (and one waiting for a date from its form), WIB times,
the one open step of a case, people and what they were told, the audit trail, many cases
started at once, and a local SMTP sink."""
from __future__ import annotations

import email
import socket
import socketserver
import threading
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy import func, select

from engine.cases import assignment, queries, starting
from engine.diagrams import deploy
from engine.notify import inbox
from engine.org import users
from engine.records import AuditEntry
from engine.store.models import AuditEvent, Notification, Timer, User
from tests.helpers import actor

WIB = ZoneInfo("Asia/Jakarta")
LANE_A = "Pelaksana Uji"
LANE_B = "Pemeriksa Uji"
DOER = actor("pelaksana", LANE_A)
CHECKER = actor("pemeriksa", LANE_B)
BOTH = actor("keduanya", LANE_A, LANE_B)


def wib(*parts) -> datetime:
    return datetime(*parts, tzinfo=WIB)


HEADER = """<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
                  xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
                  xmlns:alur="http://alur.id/schema/bpmn/1.0"
                  id="Definitions_{pid}" targetNamespace="http://alur.id/bpmn/test">
  <bpmn:collaboration id="Collaboration_{pid}">
    <bpmn:participant id="Participant_{pid}" name="Unit uji" processRef="{pid}" />
  </bpmn:collaboration>
"""


def supervisor_xml(role: str | None) -> str:
    if not role:
        return ""
    return f"<bpmn:extensionElements><alur:supervisor>{role}</alur:supervisor></bpmn:extensionElements>"


def timer_xml(step: str, duration: str | None) -> str:
    if not duration:
        return ""
    return f"""
    <bpmn:boundaryEvent id="timer_{step}" name="Batas waktu" cancelActivity="false" attachedToRef="{step}">
      <bpmn:outgoing>flow_timer_{step}</bpmn:outgoing>
      <bpmn:timerEventDefinition id="timer_{step}_def">
        <bpmn:timeDuration xsi:type="bpmn:tFormalExpression">{duration}</bpmn:timeDuration>
      </bpmn:timerEventDefinition>
    </bpmn:boundaryEvent>
    <bpmn:endEvent id="late_{step}" name="Batas waktu terlampaui"><bpmn:incoming>flow_timer_{step}</bpmn:incoming></bpmn:endEvent>
    <bpmn:sequenceFlow id="flow_timer_{step}" sourceRef="timer_{step}" targetRef="late_{step}" />"""


def deadline_diagram(pid: str, duration: str | None = "P1D", *, duration_b: str | None = None,
                     supervisor_a: str | None = "Kepala Uji", process_supervisor: str | None = "Pimpinan Uji") -> bytes:
    """start → step_01 (lane A, timer ``duration``) → step_02 (lane B, timer ``duration_b``) → end."""
    late_a = "<bpmn:flowNodeRef>timer_step_01</bpmn:flowNodeRef><bpmn:flowNodeRef>late_step_01</bpmn:flowNodeRef>" \
        if duration else ""
    late_b = "<bpmn:flowNodeRef>timer_step_02</bpmn:flowNodeRef><bpmn:flowNodeRef>late_step_02</bpmn:flowNodeRef>" \
        if duration_b else ""
    return (HEADER.format(pid=pid) + f"""
  <bpmn:process id="{pid}" name="Uji batas waktu {pid}" isExecutable="true">
    {supervisor_xml(process_supervisor)}
    <bpmn:laneSet id="LaneSet_{pid}">
      <bpmn:lane id="Lane_a" name="{LANE_A}">
        {supervisor_xml(supervisor_a)}
        <bpmn:flowNodeRef>start</bpmn:flowNodeRef>
        <bpmn:flowNodeRef>step_01</bpmn:flowNodeRef>
        {late_a}
        <bpmn:flowNodeRef>end</bpmn:flowNodeRef>
      </bpmn:lane>
      <bpmn:lane id="Lane_b" name="{LANE_B}">
        <bpmn:flowNodeRef>step_02</bpmn:flowNodeRef>
        {late_b}
      </bpmn:lane>
    </bpmn:laneSet>
    <bpmn:startEvent id="start" name="Mulai"><bpmn:outgoing>flow_start</bpmn:outgoing></bpmn:startEvent>
    <bpmn:userTask id="step_01" name="1. Menyusun dokumen">
      <bpmn:incoming>flow_start</bpmn:incoming><bpmn:outgoing>flow_01_02</bpmn:outgoing>
    </bpmn:userTask>
    <bpmn:userTask id="step_02" name="2. Memeriksa dokumen">
      <bpmn:incoming>flow_01_02</bpmn:incoming><bpmn:outgoing>flow_end</bpmn:outgoing>
    </bpmn:userTask>
    <bpmn:endEvent id="end" name="Selesai"><bpmn:incoming>flow_end</bpmn:incoming></bpmn:endEvent>
    <bpmn:sequenceFlow id="flow_start" sourceRef="start" targetRef="step_01" />
    <bpmn:sequenceFlow id="flow_01_02" sourceRef="step_01" targetRef="step_02" />
    <bpmn:sequenceFlow id="flow_end" sourceRef="step_02" targetRef="end" />
    {timer_xml("step_01", duration)}
    {timer_xml("step_02", duration_b)}
  </bpmn:process>
</bpmn:definitions>
""").encode("utf-8")


def deploy_bytes(rt, admin, data: bytes, name: str):
    return deploy.deploy_diagram(rt, admin, data, name)[0]


def open_task(rt, case_id: int, who=BOTH):
    detail = queries.get_case(rt, who, case_id)
    assert len(detail.open_tasks) == 1, detail.open_tasks
    return detail.open_tasks[0]


# -- a local SMTP sink ------------------------------------------------------

class SmtpSink:
    """A tiny SMTP server on 127.0.0.1 that keeps what it receives (no network beyond)."""

    def __init__(self):
        self.messages: list[tuple[str, list[str], email.message.Message]] = []
        self.received = threading.Condition()
        sink = self

        class Handler(socketserver.StreamRequestHandler):
            def reply(self, text: str) -> None:
                self.wfile.write(text.encode() + b"\r\n")

            def handle(self):
                self.reply("220 sink ESMTP")
                sender, recipients = "", []
                while True:
                    line = self.rfile.readline()
                    if not line:
                        return
                    command = line.decode("utf-8", "replace").strip()
                    verb = command[:4].upper()
                    if verb in ("EHLO", "HELO"):
                        self.reply("250 sink")
                    elif verb == "MAIL":
                        sender, recipients = command.split(":", 1)[1].strip(" <>"), []
                        self.reply("250 OK")
                    elif verb == "RCPT":
                        recipients.append(command.split(":", 1)[1].strip(" <>"))
                        self.reply("250 OK")
                    elif verb == "DATA":
                        self.reply("354 End data with <CR><LF>.<CR><LF>")
                        lines = []
                        while True:
                            data = self.rfile.readline()
                            if data in (b".\r\n", b".\n", b""):
                                break
                            lines.append(data[1:] if data.startswith(b"..") else data)
                        message = email.message_from_bytes(b"".join(lines))
                        with sink.received:
                            sink.messages.append((sender, recipients, message))
                            sink.received.notify_all()
                        self.reply("250 OK queued")
                    elif verb == "QUIT":
                        self.reply("221 bye")
                        return
                    else:
                        self.reply("250 OK")

        self.server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()

    def to(self, address: str) -> list[email.message.Message]:
        return [m for _, rcpts, m in self.messages if address in rcpts]


# -- diagrams and forms ----------------------------------------------------------

def offer_diagram(pid: str = "tawaran_uji") -> bytes:
    """step_01 asks for ``offer_deadline``; a timer catch event waits until then; step_02."""
    return (HEADER.format(pid=pid) + f"""
  <bpmn:process id="{pid}" name="Uji batas penawaran" isExecutable="true">
    <bpmn:laneSet id="LaneSet_{pid}">
      <bpmn:lane id="Lane_a" name="{LANE_A}">
        <bpmn:flowNodeRef>start</bpmn:flowNodeRef>
        <bpmn:flowNodeRef>step_01</bpmn:flowNodeRef>
        <bpmn:flowNodeRef>wait_offer</bpmn:flowNodeRef>
        <bpmn:flowNodeRef>step_02</bpmn:flowNodeRef>
        <bpmn:flowNodeRef>end</bpmn:flowNodeRef>
      </bpmn:lane>
    </bpmn:laneSet>
    <bpmn:startEvent id="start" name="Mulai"><bpmn:outgoing>flow_start</bpmn:outgoing></bpmn:startEvent>
    <bpmn:userTask id="step_01" name="1. Mengumumkan batas penawaran">
      <bpmn:incoming>flow_start</bpmn:incoming><bpmn:outgoing>flow_wait</bpmn:outgoing>
    </bpmn:userTask>
    <bpmn:intermediateCatchEvent id="wait_offer" name="Batas penawaran">
      <bpmn:incoming>flow_wait</bpmn:incoming><bpmn:outgoing>flow_open</bpmn:outgoing>
      <bpmn:timerEventDefinition id="wait_offer_def">
        <bpmn:timeDate xsi:type="bpmn:tFormalExpression">offer_deadline</bpmn:timeDate>
      </bpmn:timerEventDefinition>
    </bpmn:intermediateCatchEvent>
    <bpmn:userTask id="step_02" name="2. Membuka penawaran">
      <bpmn:incoming>flow_open</bpmn:incoming><bpmn:outgoing>flow_end</bpmn:outgoing>
    </bpmn:userTask>
    <bpmn:endEvent id="end" name="Selesai"><bpmn:incoming>flow_end</bpmn:incoming></bpmn:endEvent>
    <bpmn:sequenceFlow id="flow_start" sourceRef="start" targetRef="step_01" />
    <bpmn:sequenceFlow id="flow_wait" sourceRef="step_01" targetRef="wait_offer" />
    <bpmn:sequenceFlow id="flow_open" sourceRef="wait_offer" targetRef="step_02" />
    <bpmn:sequenceFlow id="flow_end" sourceRef="step_02" targetRef="end" />
  </bpmn:process>
</bpmn:definitions>
""").encode("utf-8")


OFFER_FORM = {
    "title": "1. Mengumumkan batas penawaran",
    "schema": {"type": "object", "required": ["offer_deadline"],
               "properties": {"offer_deadline": {"type": "string", "title": "Batas penawaran",
                                                  "format": "date-time"}}},
    "ui": {"order": ["offer_deadline"], "fields": {"offer_deadline": {"widget": "datetime"}}},
}


# -- people, notifications, audit --------------------------------------------------

def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def person(rt, username: str, *roles: str, email: str | None = None, active: bool = True) -> None:
    users.create_user(rt, username, password_hash="x", roles=roles, full_name=username.title())
    if email:
        inbox.set_email(rt, username, email)
    if not active:
        with rt.write() as session:
            session.scalars(select(User).where(User.username == username)).one().is_active = False


def notes(rt) -> list[tuple[str, str, str | None]]:
    with rt.read() as session:
        rows = session.execute(
            select(User.username, Notification.kind, Notification.task_id)
            .join(User, User.id == Notification.user_id).order_by(User.username, Notification.id)
        ).all()
        return [tuple(r) for r in rows]


def audit(rt, action: str) -> list[AuditEntry]:
    with rt.read() as session:
        return [queries.audit_entry(e) for e in
                session.scalars(select(AuditEvent).where(AuditEvent.action == action).order_by(AuditEvent.id))]


def start(rt, clock, admin, duration="P1D", moment=None, pid="tenggat_uji", **kwargs):
    deploy_bytes(rt, admin, deadline_diagram(pid, duration, **kwargs), f"{pid}.bpmn")
    clock.set(moment or wib(2026, 1, 5, 9, 0))
    return start_open(rt, pid)


def start_open(rt, pid: str):
    """A case started by DOER with its first step given back to the lane's group (a starter
    holds the first step), so its deadline concerns every holder of the lane: (case, step)."""
    case = starting.start_case(rt, DOER, pid, title="Pengadaan ATK")
    step = open_task(rt, case.id)
    assignment.release_task(rt, DOER, step.id)
    return case, open_task(rt, case.id)


class Killed(BaseException):
    """The worker process dies: nothing catches this."""


# -- many cases at once ------------------------------------------------------------

def start_many(rt, clock, admin, count: int, duration: str = "PT2H", pid: str = "tenggat_uji"):
    """``count`` cases of the deadline diagram started at the same moment: (cases, first steps)."""
    started = [start(rt, clock, admin, duration, pid=pid, moment=wib(2026, 1, 5, 9, 0))]
    for _ in range(count - 1):
        started.append(start_open(rt, pid))
    return [c for c, _ in started], [t for _, t in started]


def timer_rows(rt, kind: str = "timer") -> list:
    """The timers table's rows of ``kind`` (plain rows), by case."""
    columns = Timer.__table__.c
    with rt.read() as session:
        return session.execute(select(*columns).where(columns.kind == kind).order_by(columns.case_id)).all()


def passed_per_case(rt) -> dict[int, int]:
    with rt.read() as session:
        return dict(session.execute(select(AuditEvent.case_id, func.count()).where(
            AuditEvent.action == "deadline_passed").group_by(AuditEvent.case_id)).all())
