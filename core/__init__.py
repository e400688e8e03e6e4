"""The ground floor: what every other package may use (the home's layout, clock, events, settings, texts and formats)."""
