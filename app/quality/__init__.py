"""Quality gates for every modality: each capture is checked before it is kept.

Checks are pure functions on pixels or pen points; they return a
:class:`~app.quality.report.QualityReport` that the GUI, the CLI and the
enrolment service all read the same way.
"""
