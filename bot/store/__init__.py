"""Storage: turning extractions into events, claims and actors, and reading them back as views."""
