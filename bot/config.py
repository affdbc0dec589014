"""One Settings object; nothing else in sitrep reads os.environ.

Secrets are SecretStr so that they never print in logs or tracebacks.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Annotated

import platformdirs
from pydantic import AliasChoices, Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

DEFAULT_SLACK_API_URL = "https://slack.com/api/"


def default_database_url() -> str:
    """A SQLite file in the user's data directory: the embedded default."""
    data_dir = Path(platformdirs.user_data_dir("sitrep", appauthor=False))
    return f"sqlite:///{data_dir / 'sitrep.db'}"


class Settings(BaseSettings):
    """Configuration from the environment or a `.env` file."""

    model_config = SettingsConfigDict(env_file=".env", extra="ignore", populate_by_name=True)

    database_url: str = Field(
        default_factory=default_database_url,
        validation_alias=AliasChoices("DATABASE_URL", "SITREP_DATABASE_URL"),
    )
    slack_bot_token: SecretStr | None = Field(default=None, validation_alias="SLACK_BOT_TOKEN")
    slack_signing_secret: SecretStr | None = Field(
        default=None, validation_alias="SLACK_SIGNING_SECRET"
    )
    slack_app_token: SecretStr | None = Field(default=None, validation_alias="SLACK_APP_TOKEN")
    slack_api_url: str = Field(default=DEFAULT_SLACK_API_URL, validation_alias="SLACK_API_URL")

    max_document_bytes: int = Field(
        default=5_000_000, validation_alias="SITREP_MAX_DOCUMENT_BYTES", gt=0
    )
    fetch_allowed_hosts: Annotated[list[str], NoDecode] = Field(
        default_factory=list, validation_alias="SITREP_FETCH_ALLOWED_HOSTS"
    )
    fetch_timeout_seconds: float = Field(default=10.0, validation_alias="SITREP_FETCH_TIMEOUT")
    fetch_max_bytes: int = Field(default=10_000_000, validation_alias="SITREP_FETCH_MAX_BYTES")
    # The User-Agent of every fetch; unset: `sitrep/<version> (+<project URL>)` (bot/ingest/fetch.py).
    user_agent: str | None = Field(default=None, validation_alias="SITREP_USER_AGENT")
    digest_grace_hours: float = Field(default=6.0, validation_alias="SITREP_DIGEST_GRACE_HOURS")
    # How often a follower replica tries to take the scheduler lock (takeover delay after a crash).
    leader_retry_seconds: float = Field(
        default=5.0, validation_alias="SITREP_LEADER_RETRY_SECONDS", gt=0
    )
    log_level: str = Field(default="INFO", validation_alias="SITREP_LOG_LEVEL")
    # Processes that answer Slack requests (retrieval, Block Kit, posting) while the serving
    # process only verifies, acks and enqueues; 0 answers on threads of the serving process.
    answer_workers: int = Field(default=2, validation_alias="SITREP_ANSWER_WORKERS", ge=0)

    @field_validator("fetch_allowed_hosts", mode="before")
    @classmethod
    def _split_hosts(cls, value: object) -> object:
        """Accept `a,b,c` from the environment as well as a JSON list."""
        if isinstance(value, str):
            return [h.strip().lower() for h in value.split(",") if h.strip()]
        return value

    @property
    def slack_api_base(self) -> str:
        """The Web API base URL with the trailing slash slack_sdk expects."""
        return self.slack_api_url if self.slack_api_url.endswith("/") else self.slack_api_url + "/"


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """Settings read once per process (tests build their own Settings instead)."""
    return Settings()
