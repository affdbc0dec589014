"""Loopback stand-ins for the outside world: Slack's Web API, feeds and web sites."""
