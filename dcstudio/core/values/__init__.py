"""Leaf values and facts every floor above may use: errors, atomic writes, safe JSON, crops, enums."""
