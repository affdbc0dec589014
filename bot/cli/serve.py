"""`sitrep serve`: run the Slack app (Socket Mode, or HTTP with --http) and the digest scheduler."""

from __future__ import annotations

import logging
import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

import typer

from bot.config import Settings, get_settings
from bot.errors import ConfigError
from bot.log_redaction import configure_service_logging
from bot.slack_settings import check_slack_settings, require_secret

if TYPE_CHECKING:
    from slack_bolt import App
    from slack_bolt.adapter.socket_mode import SocketModeHandler

logger = logging.getLogger(__name__)

# Bolt's default: the client pings Slack this often and replaces a connection found closed.
SOCKET_MODE_PING_SECONDS = 10.0


def register(app: typer.Typer) -> None:
    """Add this module's commands to the root app."""

    @app.command()
    def serve(
        http: bool = typer.Option(
            False,
            "--http",
            help="Serve the Events API on POST /slack/events instead of Socket Mode.",
        ),
        port: int = typer.Option(3000, "--port", help="HTTP port (with --http)."),
        host: str = typer.Option("0.0.0.0", "--host", help="HTTP address to bind (with --http)."),
        workers: int = typer.Option(8, "--workers", help="Answers computed in parallel."),
    ) -> None:
        """Run the Slack app. Socket Mode needs SLACK_APP_TOKEN; --http needs SLACK_SIGNING_SECRET."""
        run_serve(get_settings(), http=http, host=host, port=port, workers=workers)


def check_mode(settings: Settings, *, http: bool) -> None:
    """Socket Mode is the default; without an app token, say how to get one or use --http."""
    if not http and settings.slack_app_token is None:
        raise ConfigError(
            "SLACK_APP_TOKEN is not set: Socket Mode needs an app-level token (xapp-…, scope "
            "connections:write). Set it, or run `sitrep serve --http` with SLACK_SIGNING_SECRET."
        )
    check_slack_settings(settings, socket_mode=not http)


def run_serve(settings: Settings, *, http: bool, host: str, port: int, workers: int) -> None:
    check_mode(settings, http=http)
    configure_service_logging(settings)

    from bot.app import create_app
    from bot.cli.context import cli_context
    from handlers.store import prune_handled_events

    context = cli_context()
    app = create_app(settings, context.engine, context.clock, socket_mode=not http, workers=workers)
    prune_handled_events(context.engine, now=context.clock())
    with _scheduler(context.engine, settings, app.client, context.clock):
        try:
            if http:
                _serve_http(app, host=host, port=port)
            else:
                typer.echo("sitrep: connecting to Slack in Socket Mode")
                serve_socket_mode(build_socket_mode_handler(settings, app))
        except KeyboardInterrupt:
            pass
        finally:
            app.close()


def build_socket_mode_handler(
    settings: Settings, app: App, *, ping_interval: float = SOCKET_MODE_PING_SECONDS
) -> SocketModeHandler:
    """slack_sdk's built-in Socket Mode client for `app` (no extra dependency).

    It asks for its WebSocket URL with apps.connections.open on the app's own Web API client, so
    SLACK_API_URL and the retry policy apply to it too. `ping_interval` is also how soon a
    connection closed by Slack is noticed and replaced.
    """
    from slack_bolt.adapter.socket_mode import SocketModeHandler

    token = require_secret(settings.slack_app_token, "SLACK_APP_TOKEN")
    return SocketModeHandler(
        app, app_token=token, web_client=app.client, ping_interval=ping_interval
    )


def serve_socket_mode(handler: SocketModeHandler, *, stop: threading.Event | None = None) -> None:
    """Connect, then serve until `stop` is set (SIGTERM sets it; Ctrl-C ends the wait too).

    Unlike Bolt's handler.start(), which waits forever, this can be stopped, and always closes
    the client's threads and socket. Slack's `disconnect` messages and closed connections are
    handled by the client itself: it asks for a new URL and reconnects.
    """
    from slack_sdk.errors import SlackApiError

    stop = stop if stop is not None else threading.Event()
    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, lambda *_: stop.set())
    try:
        try:
            handler.connect()
        except SlackApiError as error:
            raise ConfigError(
                f"SLACK_APP_TOKEN was refused by Slack's apps.connections.open "
                f"({error.response.get('error')}): generate an app-level token with the "
                "connections:write scope on your app's Basic Information page."
            ) from None
        stop.wait()
    finally:
        handler.close()


def _serve_http(app: Any, *, host: str, port: int) -> None:
    from bot.slack_server import make_http_server

    server = make_http_server(app, host=host, port=port)
    if threading.current_thread() is threading.main_thread():
        # SIGTERM stops serve_forever(); shutdown() has to be called from another thread.
        signal.signal(
            signal.SIGTERM,
            lambda *_: threading.Thread(target=server.shutdown, daemon=True).start(),
        )
    typer.echo(f"sitrep: serving Slack on http://{host}:{server.server_port}/slack/events")
    try:
        server.serve_forever()
    finally:
        server.server_close()


@contextmanager
def _scheduler(engine: Any, settings: Settings, web_client: Any, clock: Any) -> Iterator[None]:
    """The digest scheduler (bot.scheduler), when that area is installed."""
    try:
        from bot.scheduler import start_scheduler
    except ImportError:
        logger.info("no digest scheduler installed: digests will not be posted")
        yield
        return
    runner = start_scheduler(engine=engine, settings=settings, web_client=web_client, clock=clock)
    try:
        yield
    finally:
        runner.shutdown()
