"""Widgets of the coding screen."""
