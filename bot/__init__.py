"""sitrep: reads conflict news and answers analysts with attributed casualty claims."""

__version__ = "0.1.0"
