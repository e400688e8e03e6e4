"""The ground floor: what every other package may use.

The home's layout, events, settings, texts and formats.
"""
