"""The IGS (networks), their members over time, their recognition, their projects, and the sources of it all."""

from .networks import Membership, Network, current, uncertainty_note
from .projects import Project
from .recognition import RecognitionPeriod, RecognitionRound
from .sources import Source

__all__ = [
    "Membership",
    "Network",
    "Project",
    "RecognitionPeriod",
    "RecognitionRound",
    "Source",
    "current",
    "uncertainty_note",
]
