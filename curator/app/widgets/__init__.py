"""Widgets of the curator app."""
