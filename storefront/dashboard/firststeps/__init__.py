""" "Langkah pertama": a new shop's first steps on the owner's phone (docs/owners-day.md)."""
