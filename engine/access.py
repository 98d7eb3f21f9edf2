"""Who may see and act on what: the one access policy.

Every page, API route and command asks this module; none checks roles by itself.

**Standing.** What an actor may do now: their own lane roles in their own unit, plus the roles
an official delegated to them (Plt./Plh.) for today, in the official's unit
(:func:`standing_of`). Admins see every case; process owners see every case too (they read
them to improve the diagrams); neither acts on steps by being admin.

**Steps.** A step row carries, copied when it opened (engine.cases.commands), its case's
unit, its lane's *scope* and *proxy role* (from the diagram's lane settings):

- scope ``unit`` (an internal lane): holders of the lane's role in the case's unit;
- scope ``any`` (a cross-unit lane, e.g. LKPP): holders of the role in any unit;
- scope ``party`` (an external lane, e.g. Penyedia): only the people bound to the lane in this
  case (``case_parties``: who started it, or whom the case invited), while their party has not
  ended (a competition's vendors who were not chosen: the case is closed for them, they keep
  seeing what they saw until then);
- a proxy role (``alur:proxy``) acts "atas nama" the lane, in the case's unit.

A step is either held by one person (``assignee``) or open to that group. Whoever may act
on an open step may claim it; a held step is acted on by its holder (or their Plt./Plh.).

**Cases.** An actor sees a case they started, are a party of, or in which a step is (or
was) theirs to act on by the rules above, or which they did or hold a step of.

**Not found.** What an actor may not see is reported exactly as what does not exist
(:func:`hidden`), so ids can't be probed.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import and_, or_, select, tuple_
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.expression import ColumnElement
from sqlalchemy.sql.visitors import InternalTraversal

from engine.errors import NotAllowed, NotFound
from engine.records import Actor
from engine.store.models import CaseParty, HumanTask
from engine.store.statuses import TaskScope

SEES_EVERY_CASE = ("admin", "process_owner")


def check_admin(actor: Actor, action: str) -> None:
    """Refuse (:class:`~engine.errors.NotAllowed`) unless ``actor`` is an admin;
    ``action``: what only an admin may do, in Bahasa Indonesia."""
    if not actor.is_admin:
        raise NotAllowed(f"Hanya admin yang boleh {action}")


def hidden(what: str) -> NotFound:
    """The answer to a question about something the actor may not see: the same as for
    something that does not exist (``what``: "Kasus 12", "Tugas ab12...", "Lampiran 8")."""
    return NotFound(f"{what} tidak ada")


# -- standing ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class Grant:
    """A role the actor may use now, in a unit; ``official``/``kind``/``decree`` when it is
    delegated to them (Plt./Plh.)."""

    role: str
    unit_id: int | None
    official: str | None = None
    kind: str | None = None
    decree: str | None = None
    delegation_id: int | None = None

    @property
    def delegated(self) -> bool:
        return self.official is not None

    def describe(self) -> str | None:
        """How an action under this grant is recorded: "Plt. kepala-ukpbj, SK 800/12/2026"."""
        if not self.delegated:
            return None
        return f"{self.kind}. {self.official}, SK {self.decree}"


@dataclass(frozen=True)
class Standing:
    """An actor and the grants they hold today."""

    actor: Actor
    grants: tuple[Grant, ...]

    @property
    def username(self) -> str:
        return self.actor.username

    @property
    def sees_every_case(self) -> bool:
        return any(role in self.actor.roles for role in SEES_EVERY_CASE)

    def roles_by_unit(self) -> dict[int | None, list[str]]:
        """The lane roles held, per unit they count in (own unit first)."""
        out: dict[int | None, list[str]] = {}
        for grant in self.grants:
            roles = out.setdefault(grant.unit_id, [])
            if grant.role not in roles:
                roles.append(grant.role)
        return out

    def officials(self) -> dict[str, list[Grant]]:
        """Officials whose roles the actor holds today (Plt./Plh.), with those grants."""
        out: dict[str, list[Grant]] = {}
        for grant in self.grants:
            if grant.delegated:
                out.setdefault(grant.official, []).append(grant)
        return out

    def grant_for_step(self, lane: str | None, scope: str, unit_id: int | None, proxy_role: str | None,
                       parties: frozenset[str] = frozenset()) -> tuple[Grant | None, str | None]:
        """The grant under which the actor may act on a step of ``lane`` (own grants before
        delegated ones) and "atas nama <lane>" when it is as the lane's proxy; (None, None)
        when the actor may not act on it. ``parties``: usernames bound to the lane in the case."""
        if scope == TaskScope.PARTY and self.username in parties:
            return Grant(lane or "", unit_id), None
        for grant in sorted(self.grants, key=lambda g: g.delegated):
            if grant.role == lane and (scope == TaskScope.ANY or (scope == TaskScope.UNIT and grant.unit_id == unit_id)):
                return grant, None
        for grant in sorted(self.grants, key=lambda g: g.delegated):
            if proxy_role and grant.role == proxy_role and grant.unit_id == unit_id:
                return grant, f"atas nama {lane}"
        return None, None


def standing_of(actor: Actor, delegations=()) -> Standing:
    """``actor``'s standing: their own lane roles in their unit, and ``delegations``
    (engine.org.delegations.active_grants: the grants delegated to them for today)."""
    own = tuple(Grant(role, actor.unit_id) for role in sorted(actor.roles) if role not in SEES_EVERY_CASE)
    return Standing(actor, own + tuple(delegations))


def delegated_grants(official_roles, official_unit: int | None, *, official: str, kind: str, decree: str,
                     roles=None, delegation_id: int | None = None) -> tuple[Grant, ...]:
    """The grants one delegation gives: the official's lane roles (or those of ``roles`` the
    official holds), counted in the official's unit."""
    wanted = set(roles) if roles else None
    return tuple(Grant(role, official_unit, official=official, kind=kind, decree=decree, delegation_id=delegation_id)
                 for role in sorted(official_roles)
                 if role not in SEES_EVERY_CASE and (wanted is None or role in wanted))


def is_active_on(starts_on: date, ends_on: date, today: date) -> bool:
    """A delegation from ``starts_on`` to ``ends_on`` (both included) holds on ``today``
    (a day in the official's unit's time zone)."""
    return starts_on <= today <= ends_on


# -- conditions for lists -----------------------------------------------------------------------

def _unit_is(column, unit_id: int | None):
    return column.is_(None) if unit_id is None else column == unit_id


class _OneOf(ColumnElement):
    """``column IN (query)``, written for PostgreSQL as ``column = ANY(ARRAY(query))``: the
    list is computed once and the test can be read from an index on ``column`` even inside
    an OR (an IN subquery there is a filter on every row, so the whole OR is a table scan)."""

    inherit_cache = True
    _traverse_internals = [("column", InternalTraversal.dp_clauseelement),
                           ("query", InternalTraversal.dp_clauseelement)]

    def __init__(self, column, query):
        self.column, self.query = column, query


@compiles(_OneOf)
def _one_of(element, compiler, **kw):
    return f"{compiler.process(element.column, **kw)} IN ({compiler.process(element.query, **kw)})"


@compiles(_OneOf, "postgresql")
def _one_of_postgresql(element, compiler, **kw):
    return f"{compiler.process(element.column, **kw)} = ANY(ARRAY({compiler.process(element.query, **kw)}))"


def _party_of_step(username: str):
    """The step's (case, lane) is one the actor is bound to (and not ended): uncorrelated lists
    of the actor's few case_parties rows (ix_case_parties_username) rather than EXISTS per step
    row, so the branch is read by ``case_id`` (ix_human_tasks_case_status) like the other
    branches of :func:`step_condition` are read from indexes of their own."""
    mine = select(CaseParty.case_id).where(CaseParty.username == username, CaseParty.ended_at.is_(None))
    return and_(_OneOf(HumanTask.case_id, mine), tuple_(HumanTask.case_id, HumanTask.lane).in_(
        select(CaseParty.case_id, CaseParty.lane).where(CaseParty.username == username,
                                                        CaseParty.ended_at.is_(None))))


def step_condition(standing: Standing):
    """Steps (any status) the actor may act on by their grants, as a condition on
    ``human_tasks`` columns alone (plus the case's parties for external lanes).

    An OR of branches that each have an index (bench/access_lists.py, issue 13): parties by
    ``case_id``, a role in any unit by ``(lane, scope)``, a role in a unit by ``(lane, scope,
    unit_id)`` (ix_human_tasks_lane_scope_unit: lane, scope, status, unit_id), a proxy role by
    ``(proxy_role, unit_id)``."""
    conditions = [and_(HumanTask.scope == TaskScope.PARTY, _party_of_step(standing.username))]
    roles_anywhere = sorted({grant.role for grant in standing.grants})
    if roles_anywhere:
        conditions.append(and_(HumanTask.lane.in_(roles_anywhere), HumanTask.scope == TaskScope.ANY))
    for unit_id, roles in standing.roles_by_unit().items():
        conditions.append(and_(HumanTask.lane.in_(roles), HumanTask.scope == TaskScope.UNIT,
                               _unit_is(HumanTask.unit_id, unit_id)))
        conditions.append(and_(HumanTask.proxy_role.in_(roles), _unit_is(HumanTask.unit_id, unit_id)))
    return or_(*conditions)


def held_condition(standing: Standing):
    """Steps held by the actor, or by an official whose lane role they hold today."""
    conditions = [HumanTask.assignee == standing.username]
    for official, grants in standing.officials().items():
        conditions.append(and_(HumanTask.assignee == official, HumanTask.lane.in_([g.role for g in grants])))
    return or_(*conditions)


def group_condition(standing: Standing):
    """Open steps (held by nobody) the actor may claim."""
    return and_(HumanTask.assignee.is_(None), step_condition(standing))


def case_condition(standing: Standing, case_id_column, started_by_column):
    """Cases the actor may see, as a condition on a query of cases; ``true`` for admins and
    process owners."""
    if standing.sees_every_case:
        return None
    me = standing.username
    involved = select(HumanTask.id).where(
        HumanTask.case_id == case_id_column,
        or_(step_condition(standing), held_condition(standing), HumanTask.completed_by == me))
    party = select(CaseParty.case_id).where(CaseParty.case_id == case_id_column, CaseParty.username == me)
    return or_(started_by_column == me, involved.exists(), party.exists())


# -- one object ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class StepRow:
    """What the policy needs of a step row."""

    lane: str | None
    scope: str
    unit_id: int | None
    proxy_role: str | None
    assignee: str | None
    completed_by: str | None = None


def may_act_basis(standing: Standing, step: StepRow, parties: frozenset[str] = frozenset()
                  ) -> tuple[Grant | None, str | None]:
    """The grant (and "atas nama ..." wording) under which the actor may act on ``step`` if it
    were open to them, ignoring who holds it; (None, None) when never. A step of an external
    lane that is another party's (held or done by them) is not the actor's by being a party."""
    me = standing.username
    if step.scope == TaskScope.PARTY and ({step.assignee, step.completed_by} - {None, me}):
        parties = frozenset()
    grant, on_behalf = standing.grant_for_step(step.lane, step.scope, step.unit_id, step.proxy_role, parties)
    if grant is not None:
        return grant, on_behalf
    if step.assignee and step.assignee in standing.officials():
        for grant in standing.officials()[step.assignee]:
            if grant.role in (step.lane, step.proxy_role):
                return grant, (f"atas nama {step.lane}" if grant.role == step.proxy_role else None)
    return None, None


def holds_or_may_take(standing: Standing, step: StepRow) -> bool:
    """Whether the step is the actor's (held by them or their official) or open."""
    if step.assignee is None or step.assignee == standing.username:
        return True
    return any(step.assignee == official and any(g.role in (step.lane, step.proxy_role) for g in grants)
               for official, grants in standing.officials().items())


def may_see_step(standing: Standing, step: StepRow, parties: frozenset[str] = frozenset()) -> bool:
    if standing.sees_every_case:
        return True
    if standing.username in (step.assignee, step.completed_by):
        return True
    return may_act_basis(standing, step, parties)[0] is not None


def may_start(standing: Standing, start_lanes) -> bool:
    """Whether the actor may start a case of a process whose start lanes are ``start_lanes``
    (none: anyone signed in; admins start only with a start role)."""
    lanes = [lane for lane in start_lanes if lane]
    if not lanes:
        return True
    held = {grant.role for grant in standing.grants}
    return any(lane in held for lane in lanes)
