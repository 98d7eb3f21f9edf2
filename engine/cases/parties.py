"""People bound to the lanes of one case (``case_parties``).

A lane whose party is ``external`` in the diagram (Penyedia, Pelaku Usaha) is done only by the
people bound to it in the case: who started the case from that lane, or whom the case's staff
invited (engine.access). Binding is audited (``party_bound``).
"""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session

from engine.access import hidden
from engine.cases.queries import ALL, case_view, parties_of, read_case, reading
from engine.diagrams.catalog import PARTY_EXTERNAL
from engine.diagrams.deploy import load_version
from engine.errors import NotAllowed, Problem, ProblemsError
from engine.org.delegations import load_standing
from engine.records import Actor
from engine.runtime import Runtime
from engine.store.models import CaseParty, HumanTask, User
from engine.store.statuses import CaseStatus, TaskStatus
from engine.store.writes import Writes


class PartyError(ProblemsError):
    """People could not be bound to a lane; ``problems`` names each."""


def bind_parties(session: Session, case_id: int, lane: str, usernames, *, by: str, now: datetime,
                 writes: Writes) -> list[str]:
    """Bind ``usernames`` to ``lane`` of the case (those bound already are left as they are);
    returns who was bound now. The audit events go into ``writes``."""
    have = {name for (name,) in session.execute(
        select(CaseParty.username).where(CaseParty.case_id == case_id, CaseParty.lane == lane))}
    added = [name for name in dict.fromkeys(usernames) if name not in have]
    if added:
        session.execute(insert(CaseParty), [{"case_id": case_id, "lane": lane, "username": name, "added_by": by,
                                             "added_at": now} for name in added])
        for name in added:
            writes.event(case_id, "party_bound", actor=by, now=now, data={"lane": lane, "username": name})
    return added


def apply_step_bindings(session: Session, case_id: int, step, data: dict, *, by: str, now: datetime,
                        writes: Writes) -> dict:
    """What a completed step declares about the case's parties (engine.diagrams.catalog
    ``PartyBinding``): ``binds`` binds the usernames of a form field to an external lane (they
    must be active holders of the lane's role); ``chooses`` picks, in a form field, the one
    party of the lane who goes on (one who completed a ``from`` step) and ends the lane's
    other parties: the case is closed for them. Returns the normalised field values."""
    out: dict = {}
    if step.binds and data.get(step.binds.field):
        names = check_invitees(session, step.binds.lane, data[step.binds.field], field=step.binds.field)
        bind_parties(session, case_id, step.binds.lane, names, by=by, now=now, writes=writes)
        out[step.binds.field] = names
    if step.chooses and isinstance(data.get(step.chooses.field), str) and data[step.chooses.field].strip():
        lane, field = step.chooses.lane, step.chooses.field
        chosen = data[field].strip().lower()
        done = select(HumanTask.completed_by).where(
            HumanTask.case_id == case_id, HumanTask.lane == lane, HumanTask.status == TaskStatus.COMPLETED)
        if step.chooses.from_step:
            done = done.where(HumanTask.task_ref == step.chooses.from_step)
        bound = {name for (name,) in session.execute(
            select(CaseParty.username).where(CaseParty.case_id == case_id, CaseParty.lane == lane,
                                             CaseParty.ended_at.is_(None)))}
        eligible = {name for (name,) in session.execute(done)} & bound
        if chosen not in eligible:
            raise PartyError("Pilihan tidak sah", [Problem(
                f"'{chosen}' bukan pihak lajur '{lane}' yang sudah mengerjakan langkahnya "
                f"(pilih salah satu: {', '.join(sorted(eligible)) or 'tidak ada'})", field=field)])
        end_parties(session, case_id, lane, keep=chosen, by=by, now=now, writes=writes)
        out[field] = chosen
    return out


def end_parties(session: Session, case_id: int, lane: str, *, keep: str, by: str, now: datetime,
                writes: Writes) -> list[str]:
    """End every party of ``lane`` but ``keep``: the case is closed for them (they still see
    what they saw up to now, engine.cases.queries). Audited (``party_ended``)."""
    ended = [name for (name,) in session.execute(
        select(CaseParty.username).where(CaseParty.case_id == case_id, CaseParty.lane == lane,
                                         CaseParty.username != keep, CaseParty.ended_at.is_(None))
        .order_by(CaseParty.username))]
    if ended:
        session.execute(update(CaseParty).where(CaseParty.case_id == case_id, CaseParty.lane == lane,
                                                CaseParty.username.in_(ended)).values(ended_at=now))
        for name in ended:
            writes.event(case_id, "party_ended", actor=by, now=now, data={"lane": lane, "username": name})
    return ended


def check_invitees(session: Session, lane: str, usernames, field: str = "parties") -> list[str]:
    """Active users who hold ``lane``'s role, by username; PartyError naming the others."""
    names = [str(n).strip().lower() for n in usernames or () if str(n).strip()]
    if not names:
        raise PartyError("Tidak ada yang diundang", [Problem("pilih paling sedikit satu pengguna", field=field)])
    found = {u.username: u for u in session.scalars(select(User).where(User.username.in_(names)))}
    problems = []
    for name in names:
        user = found.get(name)
        if user is None or not user.is_active:
            problems.append(Problem(f"pengguna '{name}' tidak ada atau tidak aktif", field=field))
        elif lane not in {r.role for r in user.roles}:
            problems.append(Problem(f"pengguna '{name}' tidak memegang peran '{lane}'", field=field))
    if problems:
        raise PartyError(f"Tidak dapat mengundang ke lajur '{lane}'", problems)
    return list(dict.fromkeys(names))


def invite_parties(rt: Runtime, actor: Actor, case_id: int, lane: str, usernames) -> list[str]:
    """Staff of a running case bind people to one of its external lanes (e.g. the vendors
    invited to a competition); returns who was bound now."""
    with rt.write() as session:
        case = read_case(session, case_id)
        if case is None:
            raise hidden(f"Kasus {case_id}")
        standing = load_standing(rt, session, actor)
        tasks = session.execute(reading("case_tasks"), {"case_id": case_id}).all()
        if case_view(standing, case, tasks, parties_of(session, case_id)) != ALL:
            raise hidden(f"Kasus {case_id}")
        catalog = load_version(rt, session, case.process_version_id).catalog
        if catalog.party_of(lane) != PARTY_EXTERNAL:
            raise PartyError("Lajur ini tidak untuk pihak luar", [Problem(
                f"lajur '{lane}' bukan lajur pihak luar (alur:party external)", field="lane")])
        if case.status != CaseStatus.RUNNING:
            raise NotAllowed(f"Kasus {case_id} sudah tidak berjalan")
        names = check_invitees(session, lane, usernames)
        writes = Writes()
        added = bind_parties(session, case_id, lane, names, by=actor.username, now=rt.now(), writes=writes)
        writes.save_rows(session)
        return added


def external_lanes(rt: Runtime, actor: Actor, case_id: int) -> dict[str, list[str]]:
    """The external lanes of a case (``alur:party external``) with the people bound to each,
    for whoever sees the whole case (its staff: they may invite); not found for anyone else,
    a bound outsider included."""
    with rt.read() as session:
        case = read_case(session, case_id)
        if case is None:
            raise hidden(f"Kasus {case_id}")
        standing = load_standing(rt, session, actor)
        tasks = session.execute(reading("case_tasks"), {"case_id": case_id}).all()
        parties = parties_of(session, case_id)
        if case_view(standing, case, tasks, parties) != ALL:
            raise hidden(f"Kasus {case_id}")
        catalog = load_version(rt, session, case.process_version_id).catalog
        lanes = [lane for lane in catalog.lane_settings if catalog.party_of(lane) == PARTY_EXTERNAL]
        return {lane: sorted(parties.get(lane, ())) for lane in lanes}
