"""sopgen: Alur's SOP diagram generator.

Each SOP is written once as a readable Python spec, ``tools/sopgen/specs/<process_id>.py``, and
the generator writes ``bpmn/<process_id>.bpmn`` (BPMN 2.0 with its diagram layout) and
``forms/<process_id>/<task_id>.json`` (one form per user task) following the conventions of
``bpmn/README.md``. Never edit the generated files by hand: edit the spec and regenerate.

Regenerate (from the repository root)::

    .venv/bin/python -m tools.sopgen                      # every spec
    .venv/bin/python -m tools.sopgen mini_kompetisi       # one or more process ids
    .venv/bin/python -m tools.sopgen --check              # files up to date + engine checks
                                                          # + every path simulated
    .venv/bin/python -m tools.sopgen --check --no-run     # without the simulated paths
    node_modules/.bin/bpmnlint bpmn/*.bpmn                # bpmnlint:recommended (.bpmnlintrc)
    .venv/bin/python -m tools.sopgen.preview mini_kompetisi [out.png] [--region x,y,w,h]
                                                          # PNG via bpmn-js + headless Chromium

Commit the spec together with the regenerated ``bpmn/`` and ``forms/`` files (``--check`` fails
when they differ from what the spec generates, e.g. after a change to the layout code).

Spec format (see ``model.py``; ``specs/etalase_katalog_lokal.py`` is the smallest example)::

    from tools.sopgen.model import (Sop, Step, Call, Decision, Branch, Parallel, End,
                                    TimerEvent, CallActivity, approve_correct, choice,
                                    text, date, datetime, number, Field)
    SOP = Sop(
        process_id="etalase_katalog_lokal",          # = file name = bpmn file stem
        title="Pembuatan Etalase Katalog Elektronik Lokal",
        pool="Bagian Pengadaan Barang dan Jasa Setda Kabupaten Mojokerto",
        source="001_8e8edbd5614a6da5.txt",
        documentation="Nomor SOP ..., tanggal ..., dasar hukum ...",
        lanes=["Kepala OPD", "Kepala UKPBJ", "Sub Koordinator Pengelolaan LPSE"],  # SOP order
        start_name="Usulan pembuatan etalase",       # start event sits in the first node's lane
        nodes=[                                      # in SOP order = left-to-right order
            Step("4", "Mengkaji dan membuat penelaahan ...", "Sub Koordinator Pengelolaan LPSE",
                 kelengkapan=["Disposisi penugasan"], waktu="1 hari", duration="P1D",
                 outputs=["Telaah", "Pengumuman Pendaftaran"]),
            Step("5", "Memberikan persetujuan atau koreksi", "Kepala UKPBJ",
                 doc="Keterangan ...", kelengkapan=[...], waktu="1 Jam", duration="PT1H",
                 outputs=[...], fields=[approve_correct()]),      # review_decision
            Decision("gw_05", "Telaah dan pengumuman disetujui?", [
                Branch("Setuju", 'review_decision == "approve"', "step_06"),
                Branch("Koreksi", 'review_decision == "correct"', "step_04"),   # loop back
            ]),
            ...
            End("end", "Surat pemberitahuan terkirim"),
        ],
        notes=["judgement calls, in Indonesian"],
    )

Flow rules: a Step / Call / TimerEvent / CallActivity / joining Parallel flows to the node
listed after it unless it gives ``next="<id>"``; a Decision's branches name their targets
(``condition=None`` makes that branch the gateway's default); a forking Parallel lists
``targets``; an End ends a path. Ids: ``Step("5a", ...)`` -> ``step_05a`` named "5a. ...";
Decision/Parallel/End/TimerEvent ids are free (``gw_05``, ``fork_07``, ``join_07``,
``end_failed``). A node's lane defaults to the previous node's lane.

What the generator adds by itself:
  * a start event; a non-interrupting boundary timer ``timer_step_NN`` ("Batas waktu <waktu>")
    for every Step/Call with ``duration`` (``calendar_days=True`` adds ``alur:days="calendar"``);
    the timers of a lane flow, through one merging gateway ``late_merge_lane_N`` when there are
    several, to the lane's one end event ``late_lane_N`` ("Batas waktu terlampaui");
  * a merging exclusive gateway ``merge_<id>`` ("Ke langkah N") before any node that would
    otherwise have two incoming flows (loop targets), so no task joins implicitly;
  * the Mutu Baku extension (``alur:kelengkapan``, ``alur:waktu``, ``alur:output``);
  * forms: ``inputs_checked`` (the kelengkapan, all required; omitted when there are none),
    the step's ``fields``, ``note``, and ``attachments`` from ``outputs`` (or ``attachments=``),
    never required;
  * the layout: one pool, one lane row per Pelaksana in SOP order, one column per node,
    task boxes sized to their text (``textmetrics``), orthogonal edges, loop-backs along
    channels above/below the row, each lane's deadline rail, labels for every named gateway,
    event and flow placed clear of shapes, labels and edges.

Modules: ``model`` (spec building blocks), ``graph`` (spec -> nodes and flows, merges),
``layout`` (DI), ``textmetrics`` (bpmn-js text wrapping), ``emit`` (XML and form JSON), ``generate`` (files), ``check`` (``--check``),
``preview`` (PNG rendering, optional).
"""
