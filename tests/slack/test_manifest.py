"""manifest.yml stays in step with the listeners the code registers."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from handlers.shortcuts.add_to_sitrep import CALLBACK_ID

MANIFEST = Path(__file__).resolve().parents[2] / "manifest.yml"


def manifest() -> dict[str, Any]:
    loaded = yaml.safe_load(MANIFEST.read_text(encoding="utf-8"))
    assert isinstance(loaded, dict)
    return loaded


def test_manifest_declares_every_surface_the_app_listens_to() -> None:
    data = manifest()
    features, settings = data["features"], data["settings"]
    assert [c["command"] for c in features["slash_commands"]] == ["/sitrep"]
    assert [s["callback_id"] for s in features["shortcuts"]] == [CALLBACK_ID]
    assert features["app_home"]["home_tab_enabled"] is True
    assert set(settings["event_subscriptions"]["bot_events"]) == {
        "app_mention",
        "message.im",
        "app_home_opened",
    }
    assert settings["interactivity"]["is_enabled"] is True
    assert settings["socket_mode_enabled"] is True


def test_manifest_asks_for_the_scopes_the_surfaces_need() -> None:
    scopes = set(manifest()["oauth_config"]["scopes"]["bot"])
    assert {"commands", "app_mentions:read", "chat:write", "im:history", "files:write"} <= scopes
    assert "admin" not in " ".join(scopes)
    assert len(manifest()["display_information"]["long_description"]) >= 175
