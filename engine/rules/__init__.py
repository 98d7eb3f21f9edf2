"""The pure core: clock, ISO 8601 durations, the business calendar, the expression language, forms.

No database, no SpiffWorkflow workflow objects: every module here is a rule that can be tested alone."""
