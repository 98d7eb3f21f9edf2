"""Developer tools for Alur (not part of the deployed application)."""
