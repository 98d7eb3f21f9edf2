"""Deadline test material shared by the engine timer tests and the web app tests: the test
lanes and actors, small deadline diagrams, WIB times, the one open step of a case, and a local
SMTP sink."""
from __future__ import annotations

import email
import socketserver
import threading
from datetime import datetime
from zoneinfo import ZoneInfo

from engine.cases import queries
from engine.diagrams import deploy
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
