"""The questionnaire runner: one way through the questions, for patients and for staff.

Shaped like the ONS eQ questionnaire runner, in four layers that import downward:

- the schema: ``advisor.questionnaire.Questionnaire`` (pages, questions, ``asked_when``);
- ``path``: the pure path finder. "What page comes after this one?" is answered there;
- ``router``: destinations as URLs for a ``Mode``. "Where does the staff run differ from
  the patient's?" is answered there;
- ``store``: ``JourneyStore``, the one owner of a journey's state (answers, drafts,
  one-time tokens, a staff run's patient details), wherever each piece lives.

The views on top are thin: ``advisor.web.questionnaire`` and ``advisor.web.results``
for every journey, ``advisor.staff.run`` for what only a staff run has (the patient's
details, "Save screening"), and its own mode.
"""

from advisor.runner.path import PathFinder
from advisor.runner.router import Mode, Router
from advisor.runner.store import JourneyStore, current_journey

__all__ = ["JourneyStore", "Mode", "PathFinder", "Router", "current_journey"]
