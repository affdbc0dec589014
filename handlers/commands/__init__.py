"""Slash commands: /sitrep and its subcommands."""
