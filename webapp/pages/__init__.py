"""The web pages, one blueprint per audience and topic."""
