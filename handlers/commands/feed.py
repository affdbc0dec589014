"""/sitrep feed add|list|remove: the feeds the bot follows (shared by the whole workspace).

Importing this module registers the subcommand (handlers/commands/__init__.py imports it).
"""

from __future__ import annotations

from bot.db import session_scope
from bot.errors import UsageError
from bot.ingest.feeds import add_feed, feed_view, list_feeds, parse_interval, remove_feed
from handlers.blocks.escape import link
from handlers.blocks.feeds import feed_added_text, feeds_list_blocks
from handlers.commands.registry import CommandContext, CommandReply, subcommand

USAGE = """\
/sitrep feed add <url> [every 15m] — follow an RSS, Atom or JSON feed
/sitrep feed list — the feeds, with last success, last error and counts
/sitrep feed remove <id> — stop following a feed (its documents stay)"""


@subcommand("feed", usage=USAGE)
def feed(context: CommandContext) -> CommandReply:
    verb, _, rest = context.args.strip().partition(" ")
    verb = verb.lower()
    if verb == "add":
        return _add(context, rest.strip())
    if verb == "list":
        return _list(context)
    if verb in ("remove", "rm", "delete"):
        return _remove(context, rest.strip())
    raise UsageError(f"`{verb or 'feed'}` is not a feed command.")  # escaped by the usage reply


def _add(context: CommandContext, args: str) -> CommandReply:
    url, _, interval = args.partition(" ")
    if not url:
        raise UsageError("Give the feed's address: `/sitrep feed add https://example.org/rss`.")
    minutes = parse_interval(interval)
    with session_scope(context.engine) as session:
        view = feed_view(
            add_feed(
                session=session,
                url=url,
                now=context.clock(),
                interval_minutes=minutes,
                settings=context.settings,
            )
        )
    return CommandReply(text=feed_added_text(view))


def _list(context: CommandContext) -> CommandReply:
    with session_scope(context.engine) as session:
        views = list_feeds(session=session)
    text, blocks = feeds_list_blocks(views)
    return CommandReply(text=text, blocks=blocks)


def _remove(context: CommandContext, args: str) -> CommandReply:
    feed_id = args.lstrip("#")
    if not feed_id.isdigit():
        raise UsageError(
            "Say which feed to remove: `/sitrep feed remove 3` (see `/sitrep feed list`)."
        )
    with session_scope(context.engine) as session:
        removed = remove_feed(session=session, feed_id=int(feed_id))
    return CommandReply(text=f"Feed #{feed_id} removed ({link(removed.url, removed.url)}).")
