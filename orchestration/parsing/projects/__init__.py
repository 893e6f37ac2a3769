"""Project-mention extraction: named projects in report prose and the lifecycle stage the text gives each.

Pure Python, no Dagster. ``extract_projects(body, ...)`` returns :class:`ProjectMention` records with
exact provenance (``body[m.char_start:m.char_end] == m.quote``), the sentence, the stage and the verb
that gave it, and the value kind and period taken from the figure extractor's facts of the same
paragraph (its period and target-section context), so projects and figures read a section alike.
All word lists are data (``parsing/lexicons/projects/*.csv``, see :mod:`.project_words`). Pass
``rejected=[]`` to receive every dropped candidate as a :class:`RejectedCandidate` with its reason.
"""

from orchestration.parsing.projects.extract import ProjectMention, RejectedCandidate, extract_projects
from orchestration.parsing.projects.project_version import PROJECT_EXTRACTOR_VERSION

__all__ = ["PROJECT_EXTRACTOR_VERSION", "ProjectMention", "RejectedCandidate", "extract_projects"]
