"""Accounts, sessions, audit and the scope a user may see."""
