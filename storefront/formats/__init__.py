"""Date and number formats per language Django does not ship (FORMAT_MODULE_PATH)."""
