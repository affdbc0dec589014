"""Scheduled digests: subscriptions, period math, content selection, exactly-once posting."""
