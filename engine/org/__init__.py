"""The organisation: units, users and tokens, calendar closures."""
