"""Backup tests use the sync tests' real hub on loopback and registered station."""

from tests.app.sync.conftest import local_hub, make_station, proxy, registered  # noqa: F401 (fixtures)
from tests.app.sync.stick import stick  # noqa: F401 (fixture)
