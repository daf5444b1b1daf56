"""Spinner simulator: spins clean text like real spinner families and keeps the gold edits."""

from despin.spin.presets import PRESETS, Preset
from despin.spin.spinner import Spinner, SpinResult, spin

__all__ = ["PRESETS", "Preset", "SpinResult", "Spinner", "spin"]
