"""Country names for display and search: the ISO code is what is stored."""

from __future__ import annotations

from functools import lru_cache

import pycountry


@lru_cache(maxsize=512)
def country_name(code: str | None) -> str | None:
    """The name people use for an ISO 3166-1 alpha-2 code ("ML" -> "Mali"), None if unknown.

    The gazetteer's name comes first ("DR Congo", "Russia"), pycountry's for anything else.
    """
    if not code:
        return None
    from bot.extract.places import load_gazetteer

    name = load_gazetteer().country_name(code.upper())
    if name:
        return name
    country = pycountry.countries.get(alpha_2=code.upper())
    if country is None:
        return None
    return str(getattr(country, "common_name", None) or country.name)
