"""Alur engine: deploy, validate, run, timers, calendar and persistence.

This package never imports Flask. The web layer talks to the functions of
its modules (``engine.deploy``, ``engine.cases``, ...) and to the plain
records they return, never to SpiffWorkflow objects.
"""
