"""despin: detect, restore and trace spun text."""

from despin.edits import Detection, Edit, Restoration, Span
from despin.engine import Despinner, detect, restore, screen

__all__ = ["Despinner", "Detection", "Edit", "Restoration", "Span", "detect", "restore", "screen"]
__version__ = "0.1.0"
