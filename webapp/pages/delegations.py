"""Plt./Plh. pages (/penunjukan): the delegations I gave and received (admins: everyone's,
filtered by user), a form to delegate my lane roles (admins: any official's) to another user
for a range of days with the decree number, a page per delegation with what was done under
it, and revoking after a confirmation."""
from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import login_required

from engine.access import Grant
from engine.errors import ProblemsError
from engine.org import delegations, users
from engine.records import SYSTEM_ROLES
from engine.rules.dates import format_day
from engine.store.statuses import DelegationKind

from ..errors import problems_of
from ..login import current_actor
from ..runtime import runtime

bp = Blueprint("delegations", __name__, url_prefix="/penunjukan")

FIELDS = ("official", "delegate", "kind", "decree", "starts_on", "ends_on")


def lane_roles(info) -> list[str]:
    return [role for role in info.roles if role not in SYSTEM_ROLES]


def people() -> list:
    """Active users, by name."""
    return [u for u in users.list_users(runtime()) if u.is_active]


def acting_as(info) -> str:
    return Grant("", None, official=info.official, kind=info.kind, decree=info.decree).describe()


def render_index(*, values: dict | None = None, errors: ProblemsError | None = None, status: int = 200):
    me = current_actor()
    everyone = people()
    include_ended = request.args.get("semua") == "1"
    user_filter = (request.args.get("pengguna") or "").strip().lower() if me.is_admin else ""
    found = delegations.list_delegations(runtime(), me, username=user_filter or None, include_ended=include_ended)
    officials = [u for u in everyone if lane_roles(u)] if me.is_admin else []
    if values is None:
        first = me.username if not me.is_admin or any(u.username == me.username for u in officials) else (
            officials[0].username if officials else "")
        values = {"official": first, "kind": DelegationKind.PLT.value, "roles": []}
    if not me.is_admin:
        values["official"] = me.username
    official = next((u for u in everyone if u.username == values.get("official")), None)
    return render_template(
        "delegations/index.html", delegations=found, values=values, errors=errors,
        field_errors=problems_of(errors) if errors else {}, people=everyone, officials=officials,
        official_roles=lane_roles(official) if official else [], kinds=list(DelegationKind),
        include_ended=include_ended, user_filter=user_filter, me=me, acting_as=acting_as, day=day_text,
        names={u.username: u.full_name for u in everyone}), status


def day_text(value) -> str:
    return format_day(value)


@bp.route("", methods=["GET"])
@login_required
def index():
    me = current_actor()
    values = None
    wanted = (request.args.get("pejabat") or "").strip().lower()
    if me.is_admin and wanted:
        values = {"official": wanted, "kind": DelegationKind.PLT.value, "roles": []}
    return render_index(values=values)


@bp.route("", methods=["POST"])
@login_required
def add():
    me = current_actor()
    shown = {key: request.form.get(key, "").strip() for key in FIELDS}
    shown["roles"] = request.form.getlist("roles")
    if not me.is_admin or not shown["official"]:
        shown["official"] = me.username
    try:
        info = delegations.create_delegation(runtime(), me, official=shown["official"], delegate=shown["delegate"],
                                             kind=shown["kind"], decree=shown["decree"],
                                             starts_on=shown["starts_on"], ends_on=shown["ends_on"],
                                             roles=shown["roles"] or None)
    except ProblemsError as exc:
        return render_index(values=shown, errors=exc, status=422)
    flash(f"{info.delegate} ditunjuk sebagai {info.kind}. {info.official} (SK {info.decree}), "
          f"{day_text(info.starts_on)} s.d. {day_text(info.ends_on)}.", "success")
    return redirect(url_for("delegations.show", delegation_id=info.id))


@bp.route("/<int:delegation_id>", methods=["GET"])
@login_required
def show(delegation_id: int):
    me = current_actor()
    info = delegations.get_delegation(runtime(), me, delegation_id)
    actions = delegations.actions_under(runtime(), me, delegation_id)
    return render_template("delegations/show.html", d=info, actions=actions, acting_as=acting_as(info),
                           day=day_text)


@bp.route("/<int:delegation_id>/cabut", methods=["POST"])
@login_required
def revoke(delegation_id: int):
    info = delegations.revoke_delegation(runtime(), current_actor(), delegation_id)
    if info.revoked_at is None:
        flash(f"Penunjukan {info.kind}. {info.official} sudah berakhir; tidak diubah.", "info")
    else:
        flash(f"Penunjukan {info.kind}. {info.official} untuk {info.delegate} (SK {info.decree}) dicabut.",
              "success")
    return redirect(url_for("delegations.show", delegation_id=delegation_id))
