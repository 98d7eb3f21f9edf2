"""Cases: commands (start, complete, attach, fire) and queries (case, task, lists, inbox), migration."""
