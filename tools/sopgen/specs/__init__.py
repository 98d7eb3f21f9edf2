"""One module per SOP: ``<process_id>.py`` defining ``SOP = Sop(...)``."""
