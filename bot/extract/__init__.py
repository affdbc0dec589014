"""Offline, deterministic extraction: events, places, dates, actors and attributed casualty claims."""
