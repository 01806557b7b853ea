"""Names the content format fixes, as plain constants: the command line offers them as choices
without loading the model (pydantic), so that commands start quickly."""

from __future__ import annotations

EVIDENCE_KINDS = ("outcome", "feedback", "story", "artifact")
"""What sort of evidence a file is (its ``kind``)."""
SCHEMA_KINDS = ("settings", "goal", "checkin", "reflection", "evidence")
"""What ``mentorsite schema`` describes: the settings file and each kind of content file."""
