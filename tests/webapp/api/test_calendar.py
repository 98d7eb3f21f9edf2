"""The working calendar through the REST API: closures and recounting."""
from __future__ import annotations

from tests.timer_helpers import open_task, wib
from tests.webapp.helpers import start_two_day_step


def test_the_calendar_through_the_api(app, rt, clock, tokens):
    case = start_two_day_step(rt, clock)
    client = app.test_client()
    admin = {"Authorization": f"Bearer {tokens['admin']}"}
    staff = {"Authorization": f"Bearer {tokens['opd']}"}
    response = client.post("/api/v1/calendar/closures", json={"day": "2026-01-06", "reason": "Pemadaman"},
                           headers=admin)
    assert response.status_code == 201, response.get_json()
    assert response.get_json()["open_steps_due_from"] == 1 and response.get_json()["applies_to"] == "semua unit"
    assert client.post("/api/v1/calendar/closures", json={"day": "2026-01-06", "reason": "lagi"},
                       headers=admin).status_code == 409
    bad = client.post("/api/v1/calendar/closures", json={"day": "2026-02-30", "reason": "x", "warna": 1},
                      headers=admin)
    assert bad.status_code == 422 and {p["field"] for p in bad.get_json()["problems"]} == {"warna"}
    bad = client.post("/api/v1/calendar/closures", json={"day": "2026-02-30", "reason": "x"}, headers=admin)
    assert bad.status_code == 422 and bad.get_json()["problems"][0]["field"] == "day"
    assert [c["day"] for c in client.get("/api/v1/calendar/closures?year=2026", headers=admin).get_json()["items"]] \
        == ["2026-01-06"]
    assert client.get("/api/v1/calendar/closures", headers=staff).status_code == 403

    response = client.post("/api/v1/calendar/recount", json={"day": "2026-01-06"}, headers=admin)
    assert response.get_json() == {"cases": 1, "open_steps": 1, "changed": 1}
    assert open_task(rt, case.id).due_at == wib(2026, 1, 8, 9, 0)
    assert client.post("/api/v1/calendar/recount", json={"day": "kemarin"}, headers=admin).status_code == 422
    assert client.delete("/api/v1/calendar/closures/2026-01-06", headers=admin).status_code == 204
    assert client.delete("/api/v1/calendar/closures/2026-01-06", headers=admin).status_code == 404
    assert client.post("/api/v1/calendar/recount", json={"day": "2026-01-06"}, headers=admin).get_json()["changed"] == 1
    assert open_task(rt, case.id).due_at == wib(2026, 1, 7, 9, 0)
