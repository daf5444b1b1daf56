"""Adapters that run despin inside pipelines data teams already use (datatrove, dolma)."""
