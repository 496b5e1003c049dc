"""Decks: the TOML format, loading and checking, the JSON Schema, the cache, the library of decks, lint."""
