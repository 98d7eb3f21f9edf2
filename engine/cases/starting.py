"""Starting a case: who may (the diagram's start lanes, engine.access), from which lane, for
which unit, and who is bound to its external lanes from the start."""
from __future__ import annotations

from SpiffWorkflow.bpmn.workflow import BpmnWorkflow
from sqlalchemy import insert
from sqlalchemy.orm import Session

from engine import access
from engine.cases.commands import advance, save_case
from engine.cases.parties import bind_parties, check_invitees
from engine.cases.queries import case_detail, case_info, unit_zone
from engine.diagrams.catalog import PARTY_EXTERNAL, START_LANE_FIELD
from engine.diagrams.deploy import latest_version, list_processes, load_version
from engine.errors import NotAllowed, NotFound, Problem, ProblemsError
from engine.org.delegations import active_grants
from engine.records import Actor, CaseDetail, CaseInfo, VersionInfo
from engine.runtime import LoadedVersion, Runtime
from engine.spiff.workflow import set_start_data
from engine.store.case_store import CASES, CaseRow, Snapshot
from engine.store.models import OrgUnit
from engine.store.statuses import CaseStatus
from engine.store.writes import Writes

MAX_TITLE = 300


def start_case(rt: Runtime, actor: Actor, process_id: str, *, title: str = "", data: dict | None = None,
               unit_id: int | None = None, start_lane: str | None = None,
               parties: dict[str, list[str]] | None = None) -> CaseInfo:
    """Start a case of the latest version, as one of its start lanes the actor holds
    (``start_lane``; default: the first of them). ``parties``: people to bind to external
    lanes from the start ({lane: [usernames]}); a starter from an external lane is bound to it.

    The case belongs to organisation unit ``unit_id`` (default: the starter's unit; none: the
    installation's calendar): its deadlines count in that unit's time zone and office hours."""
    with rt.write() as session:
        return start_in(rt, session, actor, process_id, title, data, unit_id, start_lane, parties)[0]


def start_and_get_case(rt: Runtime, actor: Actor, process_id: str, *, title: str = "", data: dict | None = None,
                       unit_id: int | None = None, start_lane: str | None = None,
                       parties: dict[str, list[str]] | None = None,
                       with_history: bool = False) -> tuple[CaseInfo, CaseDetail]:
    """``start_case``, and the case as it is afterwards (as ``get_case``, by default without
    history), read in the same transaction: what a client shows next, without a second request."""
    with rt.write() as session:
        info, case, version = start_in(rt, session, actor, process_id, title, data, unit_id, start_lane, parties)
        detail = case_detail(rt, session, case, version, with_history=with_history)
    return info, detail


def choose_start_lane(rt: Runtime, session: Session, actor: Actor, version: LoadedVersion, name: str,
                      wanted: str | None) -> str | None:
    """The start lane the actor starts from: ``wanted`` if it is a start lane they hold (own or
    delegated), else the first start lane they hold; NotAllowed when they hold none."""
    lanes = [lane for lane in version.catalog.start_lanes if lane]
    if not lanes:
        return None
    roles = {grant.role for grant in access.standing_of(actor).grants}
    if not roles & set(lanes):
        roles |= {grant.role for grant in active_grants(rt, session, actor)}
    # A lane's proxy role starts it on behalf of someone who does not log in (atas nama).
    held = {lane for lane in lanes if lane in roles or version.catalog.proxy_of(lane) in roles}
    if wanted is not None:
        if wanted not in lanes:
            raise ProblemsError("Lajur mulai tidak dikenal", [Problem(
                f"'{wanted}' bukan lajur yang dapat memulai proses ini", field="start_lane")])
        if wanted not in held:
            raise NotAllowed(f"Hanya peran '{wanted}' yang boleh memulai proses '{name}' dari lajur itu")
        return wanted
    for lane in lanes:
        if lane in held:
            return lane
    catalog = version.catalog
    seen = set(catalog.all_lanes()) | {catalog.proxy_of(lane) for lane in catalog.all_lanes()}
    if not (roles & seen or any(role in actor.roles for role in access.SEES_EVERY_CASE)):
        raise access.hidden(f"Proses '{version.process_id}'")
    raise NotAllowed(f"Hanya peran {' atau '.join(repr(lane) for lane in lanes)} yang boleh memulai proses '{name}'")


def start_in(rt: Runtime, session: Session, actor: Actor, process_id: str, title: str, data: dict | None,
             unit_id: int | None, start_lane: str | None = None, parties: dict[str, list[str]] | None = None,
             ) -> tuple[CaseInfo, CaseRow, LoadedVersion]:
    """Start the case inside the caller's write transaction."""
    unit_id = unit_id if unit_id is not None else actor.unit_id
    if unit_id is not None and session.get(OrgUnit, unit_id) is None:
        raise NotFound(f"Unit organisasi {unit_id} tidak ada")
    row = latest_version(session, process_id)
    version = load_version(rt, session, row.id)
    lane = choose_start_lane(rt, session, actor, version, row.name, start_lane)
    invited = {}
    for party_lane, names in (parties or {}).items():
        if version.catalog.party_of(party_lane) != PARTY_EXTERNAL:
            raise ProblemsError("Lajur ini tidak untuk pihak luar", [Problem(
                f"lajur '{party_lane}' bukan lajur pihak luar", field="parties")])
        invited[party_lane] = check_invitees(session, party_lane, names)
    now = rt.now()
    title = (title or "").strip()[:MAX_TITLE] or row.name
    workflow = BpmnWorkflow(version.spec, version.subprocess_specs,
                            script_engine=rt.script_engine(session, unit_id=unit_id))
    if data:
        workflow.data.update(data)
    if len(version.catalog.start_lanes) > 1:
        # Gateways after the start event route by the way in (katalog_pengaktifan_kembali); set
        # here from the lane the actor holds, never from the client's data.
        set_start_data(workflow, {START_LANE_FIELD: lane})
    values = {
        "process_version_id": row.id, "process_id": row.process_id, "title": title,
        "status": CaseStatus.RUNNING,
        "state": b"", "lock_version": 1, "started_by": actor.username, "started_at": now, "updated_at": now,
        "ended_at": None, "end_event": None, "unit_id": unit_id,
    }
    case_id = session.execute(insert(CASES).values(**values).returning(CASES.c.id)).scalar_one()
    case = CaseRow(id=case_id, **values)
    writes = Writes()
    writes.event(case.id, "case_started", actor=actor.username, now=now,
                 data={"process_id": row.process_id, "version": row.version, "title": title,
                       **({"start_lane": lane} if lane else {})})
    if lane and version.catalog.party_of(lane) == PARTY_EXTERNAL and lane in actor.roles:
        bind_parties(session, case.id, lane, [actor.username], by=actor.username, now=now, writes=writes)
    for party_lane, names in invited.items():
        bind_parties(session, case.id, party_lane, names, by=actor.username, now=now, writes=writes)
    advance(workflow)
    # The starter holds the first steps of the lane they started from (they may release them
    # to the group); the other lanes' first steps are open to their groups (engine.access).
    save_case(rt, session, case, workflow, version, actor, now, before=Snapshot(), writes=writes,
              holders={lane: actor.username} if lane else None)
    return case_info(case, row, unit_zone(rt, session, unit_id)), case, version


def startable_processes(rt: Runtime, actor: Actor) -> list[tuple[VersionInfo, list[str]]]:
    """The processes the actor may start, each with the lanes they may start it from (their own
    lane roles, their proxy roles and, today, roles delegated to them)."""
    with rt.read() as session:
        roles = {grant.role for grant in access.standing_of(actor, active_grants(rt, session, actor)).grants}
    out = []
    for info in list_processes(rt):
        lanes = [lane for lane, starters in info.start_lanes.items() if roles & set(starters)]
        if lanes:
            out.append((info, lanes))
    return out


def visible_processes(rt: Runtime, actor: Actor) -> list[VersionInfo]:
    """The processes the actor may see: every one for admins and process owners; otherwise
    those with a lane (or a lane's proxy role) the actor holds, or that they may start."""
    infos = list_processes(rt)
    if any(role in actor.roles for role in access.SEES_EVERY_CASE):
        return infos
    with rt.read() as session:
        roles = {grant.role for grant in access.standing_of(actor, active_grants(rt, session, actor)).grants}
    return [info for info in infos
            if roles & set(info.lanes) or any(roles & set(starters) for starters in info.start_lanes.values())]


def check_process_visible(rt: Runtime, actor: Actor, process_id: str) -> None:
    """Not found unless the actor may see the process (:func:`visible_processes`); a process
    that does not exist is not found either."""
    if not any(info.process_id == process_id for info in visible_processes(rt, actor)):
        raise access.hidden(f"Proses '{process_id}'")
